/**
 * The `organization:` section of snowmon.yaml: the connection to the organization account (the `snowflake:`
 * keys, over the `snowflake:` section's as defaults), whose role reads SNOWFLAKE.ORGANIZATION_USAGE, and what
 * the organization_usage check alerts on: an org-wide monthly budget, a balance running out, and an
 * account whose own metering disagrees with the bill. Type and validation only; running it is
 * src/audit/audit-organization.ts's.
 */

import { quote } from '../config/errors.js';
import type { Mapping, Validator } from '../config/validate-config.js';
import { SNOWFLAKE_KEYS, snowflakeKeys, type SnowflakeSection } from '../sources/snowflake-config.js';
import { accountFilter, percentList } from './budgets-config.js';

/** The organization-wide budget: month to date of USAGE_IN_CURRENCY_DAILY against an amount. */
export interface OrganizationBudget {
  /** Per calendar month (UTC), in the contract's currency (USAGE_IN_CURRENCY). */
  readonly monthlyAmount: number;
  /** Percentages that alert; absent: the check's warn_pct, high_pct and limit_pct (75, 90, 100). */
  readonly thresholds?: readonly number[];
  /** Only these watched accounts' spend counts (names from accounts:); empty: the whole organization. */
  readonly accounts: readonly string[];
}

export interface OrganizationConfig {
  /** The organization account's connection keys as written (over `snowflake:`'s). */
  readonly snowflake: SnowflakeSection;
  readonly budget?: OrganizationBudget;
  /** Overrides of the organization_usage check's thresholds (`gap_pct`, `min_gap_usd`, `min_balance_days`). */
  readonly thresholds: Readonly<Record<string, number>>;
}

const SETTING_KEYS = ['budget', 'gap_pct', 'min_gap_usd', 'min_balance_days'] as const;
const BUDGET_KEYS = ['monthly_amount', 'thresholds', 'account'] as const;

/** Validates `organization:`; undefined when absent (no organization view). */
export function organizationSection(v: Validator, value: unknown): OrganizationConfig | undefined {
  if (value === undefined || value === null) return undefined;
  const path = ['organization'];
  const map = v.section(value, path);
  if (!map) return undefined;
  v.knownKeys(map, path, [...SNOWFLAKE_KEYS, ...SETTING_KEYS]);
  const snowflake = snowflakeKeys(v, map, path);
  // Never fall back to SNOWFLAKE_ACCOUNT or the default connection: that is a watched account, not the organization's.
  if (snowflake.account === undefined && snowflake.connection === undefined && map.account === undefined && map.connection === undefined) {
    v.report('SM110', path, 'missing account (or connection): the organization account to read ORGANIZATION_USAGE in');
  }
  const thresholds: Record<string, number> = {};
  for (const key of ['gap_pct', 'min_gap_usd', 'min_balance_days'] as const) {
    const n = v.number(map, [...path, key]);
    if (n !== undefined && n < 0) v.report('SM108', [...path, key], `must not be negative, got ${n}`);
    else if (n !== undefined) thresholds[key] = n;
  }
  const budget = organizationBudget(v, map.budget, [...path, 'budget']);
  return { snowflake, ...(budget ? { budget } : {}), thresholds };
}

function organizationBudget(v: Validator, value: unknown, path: readonly string[]): OrganizationBudget | undefined {
  if (value === undefined || value === null) return undefined;
  const map: Mapping | undefined = v.section(value, path);
  if (!map) return undefined;
  v.knownKeys(map, path, BUDGET_KEYS);
  const amount = v.number(map, [...path, 'monthly_amount']);
  const thresholds = percentList(v, map.thresholds, [...path, 'thresholds']);
  const accounts = accountFilter(v, map.account, [...path, 'account']);
  if (amount === undefined) {
    if (map.monthly_amount === undefined || map.monthly_amount === null)
      v.report('SM110', [...path, 'monthly_amount'], 'missing monthly_amount (per calendar month, in the contract currency)');
    return undefined;
  }
  if (!(amount > 0)) {
    v.report('SM108', [...path, 'monthly_amount'], `must be a positive amount, got ${quote(amount)}`);
    return undefined;
  }
  return { monthlyAmount: amount, ...(thresholds ? { thresholds } : {}), accounts };
}
