/**
 * The sections of snowmon.yaml that say which checks run and how: `checks:` (enabled, threshold overrides,
 * resource monitors' cycles), `pricing:` (the price a credit is turned into dollars at) and `queries_dir:`.
 * Their types, keys and validation through the shared `Validator`; loading and running checks are elsewhere.
 */

import { quote } from '../config/errors.js';
import type { Mapping, Validator } from '../config/validate-config.js';
import { accountFilter, type BudgetConfig } from './budgets-config.js';

/** The checks snowmon ships (one `queries/<name>.sql` each); `checks:` in config accepts only these. */
export const CHECK_NAMES = [
  'resource_monitors',
  'credits_by_warehouse',
  'top_queries',
  'warehouse_utilization',
  'warehouse_config',
  'full_table_scans',
  'storage_by_database',
  'service_account_audit',
  'self_cost',
  'dbt_query_history',
  'daily_credits',
  'budgets',
] as const;

export type CheckName = (typeof CHECK_NAMES)[number];

/**
 * How a resource monitor's quota cycle is anchored: `calendar_month` (Snowflake's default schedule, resets
 * 00:00 UTC on the 1st) or `start_time` (a custom FREQUENCY + START_TIMESTAMP, resets relative to it).
 */
export const MONITOR_CYCLE_ANCHORS = ['calendar_month', 'start_time'] as const;
export type MonitorCycleAnchor = (typeof MONITOR_CYCLE_ANCHORS)[number];

/** Per-check overrides. */
export interface CheckConfig {
  readonly enabled: boolean;
  /** Overrides of the check header's default thresholds, by threshold name. */
  readonly thresholds: Readonly<Record<string, number>>;
  /** `resource_monitors` only: per-monitor settings by monitor name (`monitors: { NAME: { cycle } }`). */
  readonly monitors?: Readonly<Record<string, { readonly cycle: MonitorCycleAnchor }>>;
  /** `account:`: the accounts (by name) the check runs in; absent: every account. */
  readonly accounts?: readonly string[];
}

/** Whether config lets check `name` run in `account` (every account when the name is unknown). */
export function checkRunsIn(checks: ChecksConfig | Readonly<Record<string, CheckConfig>>, name: string, account: string | undefined): boolean {
  const check = (checks as Readonly<Record<string, CheckConfig | undefined>>)[name];
  if (check?.enabled === false) return false;
  return account === undefined || check?.accounts === undefined || check.accounts.includes(account);
}

/** `checks:`: every shipped check, enabled with no overrides unless the file says otherwise. */
export type ChecksConfig = Readonly<Record<CheckName, CheckConfig>>;

export interface PricingConfig {
  readonly usdPerCredit: number;
}

/** What running checks reads of snowmon.yaml (`snowmon audit` and both daemon loops). */
export interface CheckingConfig {
  readonly pricing: PricingConfig;
  readonly checks: ChecksConfig;
  /** Absolute path of the folder holding the `*.sql` checks. */
  readonly queriesDir: string;
  /** `budgets:`, read by the `budgets` check's evaluator; absent: none. */
  readonly budgets?: readonly BudgetConfig[];
}

export const DEFAULT_USD_PER_CREDIT = 3;

const PRICING_KEYS = ['usd_per_credit'] as const;
const CHECK_KEYS = ['enabled', 'thresholds', 'account'] as const;
/** `checks.resource_monitors` also takes `monitors`; each monitor under it takes these keys. */
const RESOURCE_MONITORS_CHECK_KEYS = [...CHECK_KEYS, 'monitors'] as const;
const MONITOR_OVERRIDE_KEYS = ['cycle'] as const;

/** Validates `checks:`; a check not named keeps its defaults. */
export function checksSection(v: Validator, value: unknown): ChecksConfig {
  const out = Object.fromEntries(CHECK_NAMES.map((n) => [n, { enabled: true, thresholds: {} }])) as Record<CheckName, CheckConfig>;
  const map = v.section(value, ['checks']);
  if (!map) return out;
  v.knownKeys(map, ['checks'], CHECK_NAMES);
  for (const name of CHECK_NAMES) {
    if (!(name in map)) continue;
    const path = ['checks', name];
    const check = v.section(map[name], path);
    if (!check) continue;
    v.knownKeys(check, path, name === 'resource_monitors' ? RESOURCE_MONITORS_CHECK_KEYS : CHECK_KEYS);
    const thresholds: Record<string, number> = {};
    const thresholdMap = v.section(check.thresholds, [...path, 'thresholds']);
    for (const key of Object.keys(thresholdMap ?? {})) {
      const n = v.number(thresholdMap as Mapping, [...path, 'thresholds', key]);
      if (n !== undefined) thresholds[key] = n;
    }
    const monitors = name === 'resource_monitors' ? monitorOverrides(v, check.monitors, [...path, 'monitors']) : undefined;
    const accounts = accountFilter(v, check.account, [...path, 'account']);
    out[name] = {
      enabled: v.boolean(check, [...path, 'enabled']) ?? true,
      thresholds,
      ...(monitors ? { monitors } : {}),
      ...(accounts.length > 0 ? { accounts } : {}),
    };
  }
  return out;
}

/** `checks.resource_monitors.monitors`: `{ NAME: { cycle: calendar_month | start_time } }`. */
function monitorOverrides(v: Validator, value: unknown, path: readonly string[]): Record<string, { cycle: MonitorCycleAnchor }> | undefined {
  const map = v.section(value, path);
  if (!map || Object.keys(map).length === 0) return undefined;
  const out: Record<string, { cycle: MonitorCycleAnchor }> = {};
  for (const monitor of Object.keys(map)) {
    const at = [...path, monitor];
    const entry = v.section(map[monitor], at);
    if (!entry) continue;
    v.knownKeys(entry, at, MONITOR_OVERRIDE_KEYS);
    const cycle = v.string(entry, [...at, 'cycle']);
    if (cycle === undefined) {
      if (entry.cycle === undefined || entry.cycle === null) v.report('SM110', [...at, 'cycle'], `missing cycle (use ${MONITOR_CYCLE_ANCHORS.join(' or ')})`);
      continue;
    }
    if (!(MONITOR_CYCLE_ANCHORS as readonly string[]).includes(cycle)) {
      v.report('SM108', [...at, 'cycle'], `invalid cycle ${quote(cycle)} (use ${MONITOR_CYCLE_ANCHORS.join(' or ')})`);
      continue;
    }
    out[monitor] = { cycle: cycle as MonitorCycleAnchor };
  }
  return out;
}

/** Validates `pricing:`; the price per credit defaults to `DEFAULT_USD_PER_CREDIT`. */
export function pricingSection(v: Validator, value: unknown): PricingConfig {
  const path = ['pricing'];
  const map = v.section(value, path);
  if (!map) return { usdPerCredit: DEFAULT_USD_PER_CREDIT };
  v.knownKeys(map, path, PRICING_KEYS);
  const usd = v.number(map, [...path, 'usd_per_credit']);
  if (usd !== undefined && usd < 0) v.report('SM108', [...path, 'usd_per_credit'], `must not be negative, got ${usd}`);
  return { usdPerCredit: usd ?? DEFAULT_USD_PER_CREDIT };
}

/** Validates `queries_dir:` (relative to the config file); `defaultDir` when absent. */
export function queriesDirSection(v: Validator, value: unknown, defaultDir: string): string {
  const text = v.string({ queries_dir: value }, ['queries_dir']);
  return text === undefined ? defaultDir : v.absolute(text);
}
