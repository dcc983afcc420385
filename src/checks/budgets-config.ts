/**
 * The `budgets:` section of snowmon.yaml: a monthly amount per owner or team (read from query tags and dbt's
 * node meta by the `budgets` check), with the percentages that alert. Its type and validation through the
 * shared `Validator`; measuring spend and raising alerts is evaluate-budgets.ts's.
 */

import { quote } from '../config/errors.js';
import type { Mapping, Validator } from '../config/validate-config.js';

/** What a budget is kept against: dbt's `meta.owner` (or a tag's `owner`), or a query tag's `team` (or dbt's `meta.team`). */
export const BUDGET_LABELS = ['owner', 'team'] as const;
export type BudgetLabel = (typeof BUDGET_LABELS)[number];

export interface BudgetConfig {
  /** Unique, without regard to case; the `budget` label of its alerts. */
  readonly name: string;
  readonly label: BudgetLabel;
  /** The owner or team whose statements count (compared without regard to case). */
  readonly value: string;
  /** The amount per calendar month (UTC), in credits; exactly one of this and `monthlyUsd` is set. */
  readonly monthlyCredits?: number;
  /** The amount per calendar month in USD, turned into credits at the price per credit. */
  readonly monthlyUsd?: number;
  /** Percentages of the amount that alert, ascending; absent: the check's warn_pct, high_pct and limit_pct (75, 90, 100). */
  readonly thresholds?: readonly number[];
  /** The accounts (by name) the budget applies to; empty: every account. */
  readonly accounts: readonly string[];
}

const BUDGET_KEYS = ['name', 'label', 'value', 'monthly_credits', 'monthly_usd', 'thresholds', 'account'] as const;
const NAME = /^[A-Za-z0-9_.-]+$/;

/** Validates `budgets:`, a list of budgets; absent means none. */
export function budgetsSection(v: Validator, value: unknown): readonly BudgetConfig[] {
  const path = ['budgets'];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    v.report('SM103', path, `expected a list of budgets, got ${quote(value)}`);
    return [];
  }
  // Names are label values (budget=...) people type into routes and silences: two differing only by case are a typo.
  const seen = new Map<string, number>();
  const out: BudgetConfig[] = [];
  value.forEach((item, i) => {
    const at = [...path, String(i)];
    const map = v.section(item, at);
    if (!map) return;
    v.knownKeys(map, at, BUDGET_KEYS);
    const budget = budgetEntry(v, map, at);
    if (budget === undefined) return;
    const first = seen.get(budget.name.toLowerCase());
    if (first !== undefined)
      v.report('SM128', [...at, 'name'], `duplicate budget name ${quote(budget.name)} (also budgets[${first}]; names are compared without regard to case)`);
    else seen.set(budget.name.toLowerCase(), i);
    out.push(budget);
  });
  return out;
}

function budgetEntry(v: Validator, map: Mapping, at: readonly string[]): BudgetConfig | undefined {
  const name = required(v, map, [...at, 'name']);
  if (name !== undefined && !NAME.test(name)) v.report('SM108', [...at, 'name'], `invalid budget name ${quote(name)} (letters, digits, _ . -)`);
  const label = required(v, map, [...at, 'label']);
  if (label !== undefined && !(BUDGET_LABELS as readonly string[]).includes(label)) {
    v.report('SM108', [...at, 'label'], `invalid label ${quote(label)} (use ${BUDGET_LABELS.join(' or ')})`);
  }
  const owner = required(v, map, [...at, 'value']);
  const amount = monthlyAmount(v, map, at);
  const thresholds = percentList(v, map.thresholds, [...at, 'thresholds']);
  const accounts = accountFilter(v, map.account, [...at, 'account']);
  if (name === undefined || !NAME.test(name) || label === undefined || owner === undefined || amount === undefined) return undefined;
  if (!(BUDGET_LABELS as readonly string[]).includes(label)) return undefined;
  return { name, label: label as BudgetLabel, value: owner, ...amount, ...(thresholds ? { thresholds } : {}), accounts };
}

/** A string key that must be present and not blank. */
function required(v: Validator, map: Mapping, path: readonly string[]): string | undefined {
  const key = path[path.length - 1] as string;
  const text = v.string(map, path);
  if (text !== undefined && text.trim() !== '') return text.trim();
  if (map[key] === undefined || map[key] === null || text !== undefined) v.report('SM110', path, `missing ${key}`);
  return undefined;
}

/** `monthly_credits` or `monthly_usd`: exactly one, a positive number. */
function monthlyAmount(v: Validator, map: Mapping, at: readonly string[]): { monthlyCredits: number } | { monthlyUsd: number } | undefined {
  const credits = v.number(map, [...at, 'monthly_credits']);
  const usd = v.number(map, [...at, 'monthly_usd']);
  const given = (key: string) => map[key] !== undefined && map[key] !== null;
  if (given('monthly_credits') && given('monthly_usd')) {
    v.report('SM109', at, 'set monthly_credits or monthly_usd, not both');
    return undefined;
  }
  if (!given('monthly_credits') && !given('monthly_usd')) {
    v.report('SM110', at, 'missing monthly_credits or monthly_usd (the amount per calendar month)');
    return undefined;
  }
  const [key, amount] = credits !== undefined ? ['monthly_credits', credits] : ['monthly_usd', usd];
  if (amount === undefined) return undefined;
  if (!(amount > 0)) {
    v.report('SM108', [...at, key], `must be a positive amount, got ${amount}`);
    return undefined;
  }
  return key === 'monthly_credits' ? { monthlyCredits: amount } : { monthlyUsd: amount };
}

/** Reports each name in an `account` filter at `path` that is not a watched account (`names`). */
export function reportUnknownAccounts(v: Validator, path: readonly string[], accounts: readonly string[], names: readonly string[]): void {
  for (const account of accounts) {
    if (!names.includes(account)) v.report('SM108', path, `unknown account ${quote(account)} (accounts: ${names.join(', ')})`);
  }
}

/** A list of positive percentages, returned ascending without repeats; undefined when absent or invalid. */
export function percentList(v: Validator, value: unknown, path: readonly string[]): readonly number[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    v.report('SM103', path, `expected a list of percentages such as [75, 90, 100], got ${quote(value)}`);
    return undefined;
  }
  const bad: unknown = (value as readonly unknown[]).find((p) => typeof p !== 'number' || !Number.isFinite(p) || p <= 0);
  if (bad !== undefined) {
    v.report('SM108', path, `invalid percentage ${quote(bad)} (a number above 0)`);
    return undefined;
  }
  return [...new Set(value as number[])].sort((a, b) => a - b);
}

/** `account: prod` or `account: [prod, staging]`: the account names a budget or check is limited to. */
export function accountFilter(v: Validator, value: unknown, path: readonly string[]): readonly string[] {
  if (value === undefined || value === null) return [];
  const items: readonly unknown[] = Array.isArray(value) ? (value as readonly unknown[]) : [value];
  const names: string[] = [];
  items.forEach((item, i) => {
    const at = Array.isArray(value) ? [...path, String(i)] : path;
    if (typeof item !== 'string' || item.trim() === '') {
      v.report('SM103', at, `expected an account name, got ${quote(item)}`);
      return;
    }
    const text = v.interpolated(item, at);
    if (text !== undefined) names.push(text.trim());
  });
  return names;
}
