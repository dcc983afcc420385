/**
 * The `accounts:` section of snowmon.yaml (fleet mode): one entry per Snowflake account, each with the
 * `snowflake:` keys plus `name`, `usd_per_credit`, `labels` and `snowsight_url`, and the list of accounts a config stands
 * for. Without `accounts:` the `snowflake:` section is the one account; with it, `snowflake:` holds the
 * defaults every entry starts from. Resolving an account's settings (env, connections.toml) is
 * snowflake-settings.ts's.
 */

import { quote } from '../config/errors.js';
import type { Mapping, Validator } from '../config/validate-config.js';
import { isMapping } from '../config/validate-config.js';
import { snowsightUrlKey } from '../config/snowsight-url.js';
import { SNOWFLAKE_KEYS, snowflakeKeys } from './snowflake-config.js';
import type { SnowflakeSection } from './snowflake-config.js';

/** One watched Snowflake account. */
export interface AccountConfig {
  /** The `account` label value on its alerts, metrics, report sections and store rows; unique. */
  readonly name: string;
  /** Its connection keys: the top-level `snowflake:` keys overridden by the entry's own. */
  readonly snowflake: SnowflakeSection;
  /** The entry's `usd_per_credit`, else `pricing.usd_per_credit`. */
  readonly usdPerCredit: number;
  /** Added to every alert of this account; a check's own label of the same name wins. */
  readonly labels: Readonly<Record<string, string>>;
  /** The entry's `snowsight_url` (the dashboard's and the html audit's links for this account); else derived. */
  readonly snowsightUrl?: string;
  /** Where the entry is written, for messages: `accounts[1]`, or `snowflake` for the single form. */
  readonly keyPath: string;
  /** An `accounts:` entry's file and line, for the errors found once its settings resolve (SM110, SM132). */
  readonly written?: EntryWritten;
}

/** Where an `accounts:` entry is written: the config file and the line the entry starts on. */
export interface EntryWritten {
  readonly file: string;
  readonly line?: number;
}

/** An `accounts:` entry as written, before the defaults are applied. */
export interface AccountEntry {
  readonly name: string;
  readonly snowflake: SnowflakeSection;
  readonly usdPerCredit?: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly snowsightUrl?: string;
  readonly written?: EntryWritten;
}

/** Account names: they become label values and appear in URLs, logs and file names. */
export const ACCOUNT_NAME = /^[A-Za-z0-9_.-]+$/;

/** The single form's account name when `snowflake.account` is not written (or not a valid name). */
export const DEFAULT_ACCOUNT_NAME = 'default';

/** Prometheus / Alertmanager label names. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export const ACCOUNT_KEYS = ['name', 'usd_per_credit', 'labels', 'snowsight_url', ...SNOWFLAKE_KEYS] as const;

/** Validates `accounts:`: undefined when absent (the `snowflake:` section is the one account). */
export function accountsSection(v: Validator, value: unknown): readonly AccountEntry[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    v.report('SM103', ['accounts'], `expected a list of accounts, got ${quote(value)}`);
    return undefined;
  }
  if (value.length === 0) v.report('SM110', ['accounts'], 'an empty list: add an account, or remove accounts: to watch the one in snowflake:');
  const entries: AccountEntry[] = [];
  const seen = new Map<string, number>();
  value.forEach((item: unknown, i) => {
    const entry = accountEntry(v, item, ['accounts', String(i)]);
    if (!entry) return;
    const first = seen.get(entry.name.toLowerCase());
    if (first !== undefined) v.report('SM128', ['accounts', String(i), 'name'], `duplicate account name ${quote(entry.name)} (also accounts[${first}])`);
    else seen.set(entry.name.toLowerCase(), i);
    entries.push(entry);
  });
  return entries;
}

function accountEntry(v: Validator, item: unknown, path: readonly string[]): AccountEntry | undefined {
  if (!isMapping(item)) {
    v.report('SM103', path, `expected a mapping with name, account and the snowflake: keys, got ${quote(item)}`);
    return undefined;
  }
  v.knownKeys(item, path, ACCOUNT_KEYS);
  const snowflake = snowflakeKeys(v, item, path);
  const name = accountName(v, item, path, snowflake);
  const usd = v.number(item, [...path, 'usd_per_credit']);
  if (usd !== undefined && usd < 0) v.report('SM108', [...path, 'usd_per_credit'], `must not be negative, got ${usd}`);
  const labels = accountLabels(v, item, [...path, 'labels']);
  const snowsightUrl = snowsightUrlKey(v, item, [...path, 'snowsight_url']);
  if (name === undefined) return undefined;
  const line = v.context.lineOf(path);
  const written = { file: v.context.file, ...(line !== undefined ? { line } : {}) };
  return {
    name,
    snowflake,
    ...(usd !== undefined && usd >= 0 ? { usdPerCredit: usd } : {}),
    labels,
    ...(snowsightUrl !== undefined ? { snowsightUrl } : {}),
    written,
  };
}

function accountName(v: Validator, item: Mapping, path: readonly string[], snowflake: SnowflakeSection): string | undefined {
  const written = v.string(item, [...path, 'name']);
  const name = written ?? snowflake.account;
  const at = written !== undefined ? [...path, 'name'] : [...path, 'account'];
  if (name === undefined) {
    if (item['name'] === undefined && item['account'] === undefined) v.report('SM110', path, 'an account needs a name or an account key');
    return undefined;
  }
  if (!ACCOUNT_NAME.test(name)) {
    v.report('SM108', at, `invalid account name ${quote(name)} (letters, digits, "_", "." and "-"${written === undefined ? '; set name:' : ''})`);
    return undefined;
  }
  return name;
}

function accountLabels(v: Validator, item: Mapping, path: readonly string[]): Readonly<Record<string, string>> {
  const map = v.section(item['labels'], path);
  const labels: Record<string, string> = {};
  for (const key of Object.keys(map ?? {})) {
    if (!LABEL_NAME.test(key)) v.report('SM108', [...path, key], `invalid label name ${quote(key)} (letters, digits and "_", not starting with a digit)`);
    else if (key === 'account') v.report('SM108', [...path, key], "the account label is the entry's name: set name: instead");
    const value = v.string(map ?? {}, [...path, key]);
    if (value !== undefined) labels[key] = value;
  }
  return labels;
}

/**
 * Whether the accounts come from an `accounts:` list (of any length) rather than the single `snowflake:`
 * form. What alerts are keyed by follows the config's form, not the number of entries: routes group by
 * `account`, budgets without `account:` are summed over the list and organization-wide alerts carry no
 * account, with one entry as with several, so removing accounts down to one re-keys nothing.
 */
export function isAccountsList(accounts: readonly { readonly keyPath: string }[]): boolean {
  return accounts.some((a) => a.keyPath !== 'snowflake');
}

/**
 * The accounts a config watches, never empty: each `accounts:` entry over the `snowflake:` defaults, or
 * the `snowflake:` section alone, named by its `account` as written (else `default`).
 */
export function configAccounts(defaults: SnowflakeSection, entries: readonly AccountEntry[] | undefined, usdPerCredit: number): readonly AccountConfig[] {
  if (entries === undefined || entries.length === 0) {
    const written = defaults.account;
    const name = written !== undefined && ACCOUNT_NAME.test(written) ? written : DEFAULT_ACCOUNT_NAME;
    return [{ name, snowflake: defaults, usdPerCredit, labels: {}, keyPath: 'snowflake' }];
  }
  return entries.map((entry, i) => ({
    name: entry.name,
    snowflake: { ...defaults, ...entry.snowflake },
    usdPerCredit: entry.usdPerCredit ?? usdPerCredit,
    labels: entry.labels,
    ...(entry.snowsightUrl !== undefined ? { snowsightUrl: entry.snowsightUrl } : {}),
    keyPath: `accounts[${i}]`,
    ...(entry.written ? { written: entry.written } : {}),
  }));
}
