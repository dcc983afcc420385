/**
 * Evaluates the organization_usage check (queries/organization/): the organization's month to date in
 * currency against `organization.budget` (75 / 90 / 100 % and the projection, as budgets per owner do),
 * the balance left against the recent daily spend, and each watched account's own metering (its
 * daily_credits × its usd_per_credit) against what the bill says for the same days. Pure; the measured
 * days come from the caller (src/audit/audit-organization.ts).
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import type { OrganizationBudget } from './organization-config.js';
import { budgetFindings, projectedPercent } from './budget-alerts.js';
import { threshold, type Evaluator, type EvaluatorInput, type EvaluatorOutput } from './evaluator.js';
import { monitorCycle } from './monitor-cycle.js';
import { fmt, num, num0, resultAt, str, time } from './row-values.js';

/** A watched account and what its own METERING_DAILY_HISTORY billed per day (the daily_credits check). */
export interface MeasuredAccount {
  /** The `account` label (accounts[].name). */
  readonly name: string;
  /** Its `snowflake.account` as written: `myorg-prod`, `myorg.prod`, a locator `xy12345.eu-west-1`, or a bare name. */
  readonly identifier?: string;
  readonly usdPerCredit: number;
  /** Credits billed per UTC day (`YYYY-MM-DD`); undefined when daily_credits did not run for it. */
  readonly days?: ReadonlyMap<string, number>;
}

export interface OrganizationContext {
  readonly budget?: OrganizationBudget;
  readonly accounts: readonly MeasuredAccount[];
}

/** One account's day on the bill. */
interface BilledDay {
  readonly accountName: string;
  readonly locator: string;
  readonly day: string;
  readonly currency: string;
  readonly amount: number;
  readonly computeCredits: number;
  readonly computeAmount: number;
}

const DAY_MS = 86_400_000;
const RATE_DAYS = 7;
const RUNBOOK = "Find the accounts and services that grew (each account's report), and talk to the account team before the balance or the budget runs out.";

/** The evaluator of organization_usage bound to the configured budget and the watched accounts' measurements. */
export function organizationEvaluators(context: OrganizationContext): Readonly<Record<string, Evaluator>> {
  return { organization_usage: (input) => evaluateOrganization(input, context) };
}

export function evaluateOrganization(input: EvaluatorInput, context: OrganizationContext): EvaluatorOutput {
  const billed = input.refused?.has(0) ? undefined : resultAt(input.results, 0).map(billedDay);
  const rows: Row[] = [];
  const findings: Finding[] = [];
  if (billed !== undefined) {
    const budget = budgetOf(billed, context, input);
    if (budget) rows.push(budget.row);
    findings.push(...(budget?.findings ?? []));
    for (const account of context.accounts) {
      const compared = compare(account, billed, input);
      rows.push(compared.row);
      findings.push(...compared.findings);
    }
    const balance = input.refused?.has(1) ? undefined : balanceOf(resultAt(input.results, 1), billed, resultAt(input.results, 2), input);
    if (balance) rows.push(balance.row);
    findings.push(...(balance?.findings ?? []));
  }
  rows.push(...resultAt(input.results, 2).map((r) => ({ ...r })));
  return { rows, findings };
}

function billedDay(row: Row): BilledDay {
  const at = time(row['usage_date']);
  return {
    accountName: str(row['account_name']) ?? '',
    locator: str(row['account_locator']) ?? '',
    day: at ? at.toISOString().slice(0, 10) : String(row['usage_date']),
    currency: str(row['currency']) ?? '',
    amount: num0(row['amount']),
    computeCredits: num0(row['compute_credits']),
    computeAmount: num0(row['compute_amount']),
  };
}

const normal = (text: string): string => text.trim().toUpperCase().replaceAll('-', '_');

/**
 * Whether a row of the bill is this account's: `org-name` / `org.name` (the organization's account name
 * after the first separator), a locator (`xy12345` or `xy12345.region...`), or the bare account name.
 */
export function isAccount(identifier: string | undefined, name: string, accountName: string, locator: string): boolean {
  const candidates = [identifier, name].filter((c): c is string => c !== undefined && c !== '');
  return candidates.some((c) => {
    const dash = c.search(/[-.]/);
    const after = dash > 0 ? c.slice(dash + 1) : c;
    return normal(c) === normal(accountName) || normal(after) === normal(accountName) || normal(c.split('.')[0] ?? '') === normal(locator);
  });
}

/** The newest billed day (the views lag up to 72 h) and the end of it: where the bill's data reaches. */
function dataReach(billed: readonly BilledDay[], now: Date): Date {
  const days = billed.map((b) => Date.parse(`${b.day}T00:00:00Z`)).filter((t) => Number.isFinite(t));
  return days.length === 0 ? now : new Date(Math.min(now.getTime(), Math.max(...days) + DAY_MS));
}

function budgetOf(billed: readonly BilledDay[], context: OrganizationContext, input: EvaluatorInput): { row: Row; findings: Finding[] } | undefined {
  const { budget } = context;
  if (budget === undefined) return undefined;
  const watched = context.accounts.filter((a) => budget.accounts.includes(a.name));
  const counted = budget.accounts.length === 0 ? billed : billed.filter((b) => watched.some((a) => isAccount(a.identifier, a.name, b.accountName, b.locator)));
  const cycle = monitorCycle(null, undefined, input.now);
  const monthEnd = cycle.end as Date;
  const asOf = dataReach(billed, input.now);
  const month = counted.filter((b) => b.day >= cycle.start.toISOString().slice(0, 10)).reduce((s, b) => s + b.amount, 0);
  const rateFrom = new Date(asOf.getTime() - RATE_DAYS * DAY_MS).toISOString().slice(0, 10);
  const recent = counted.filter((b) => b.day >= rateFrom).reduce((s, b) => s + b.amount, 0);
  const dataDays = new Set(counted.filter((b) => b.day >= rateFrom).map((b) => b.day)).size;
  const currency = billed.find((b) => b.currency !== '')?.currency ?? 'USD';
  const enough = dataDays >= threshold(input.thresholds, 'min_data_days');
  const perHour = enough ? recent / (RATE_DAYS * 24) : undefined;
  const projectedPct = perHour === undefined ? undefined : projectedPercent(month, budget.monthlyAmount, perHour, asOf, monthEnd);
  const basis = enough ? `at the rate of the last ${RATE_DAYS} billed days` : `too early to project: ${dataDays} billed days`;
  const scope = budget.accounts.length === 0 ? 'organization' : `accounts ${budget.accounts.join(', ')}`;
  const findings = budgetFindings(
    {
      labels: { alert_type: 'cost_budget', budget: 'organization', cycle_start: cycle.start.toISOString() },
      subject: `organization budget (${scope})`,
      unit: currency,
      amount: budget.monthlyAmount,
      spent: month,
      ...(perHour !== undefined && projectedPct !== undefined ? { perHour, projectedPct } : {}),
      basis,
      monthEnd,
      asOf,
      money: (value) => (currency === 'USD' ? { usd: value } : {}),
      recommendation: RUNBOOK,
    },
    budget.thresholds ?? ['warn_pct', 'high_pct', 'limit_pct'].map((k) => threshold(input.thresholds, k)),
    threshold(input.thresholds, 'limit_pct'),
    threshold(input.thresholds, 'projected_pct'),
  );
  const row: Row = {
    scope,
    currency,
    month_amount: month,
    budget_amount: budget.monthlyAmount,
    pct: (month / budget.monthlyAmount) * 100,
    per_day: perHour === undefined ? null : perHour * 24,
    projected_pct: projectedPct ?? null,
    projection: basis,
    data_until: asOf.toISOString(),
  };
  return { row, findings };
}

/** One watched account's metering against the bill, over the complete days both have. */
function compare(account: MeasuredAccount, billed: readonly BilledDay[], input: EvaluatorInput): { row: Row; findings: Finding[] } {
  const own = billed.filter((b) => isAccount(account.identifier, account.name, b.accountName, b.locator));
  const today = input.now.toISOString().slice(0, 10);
  const days = own.filter((b) => b.day < today && account.days?.has(b.day));
  const billedCredits = days.reduce((s, b) => s + b.computeCredits, 0);
  const billedAmount = days.reduce((s, b) => s + b.computeAmount, 0);
  const measuredCredits = days.reduce((s, b) => s + (account.days?.get(b.day) ?? 0), 0);
  const measuredUsd = measuredCredits * account.usdPerCredit;
  const gap = measuredUsd - billedAmount;
  const gapPct = billedAmount > 0 ? (gap / billedAmount) * 100 : null;
  const row: Row = {
    account: account.name,
    org_account_name: own[0]?.accountName ?? null,
    days_compared: days.length,
    billed_credits: billedCredits,
    measured_credits: measuredCredits,
    billed_amount: billedAmount,
    measured_usd: measuredUsd,
    gap_usd: gap,
    gap_pct: gapPct,
    billed_per_credit: billedCredits > 0 ? billedAmount / billedCredits : null,
    usd_per_credit: account.usdPerCredit,
  };
  return { row, findings: gapFindings(account, own.length, row, input) };
}

function gapFindings(account: MeasuredAccount, billedRows: number, row: Row, input: EvaluatorInput): Finding[] {
  const labels = { alert_type: 'cost_finding', account: account.name };
  if (billedRows === 0) {
    const summary = `account ${account.name} has no rows in the organization's USAGE_IN_CURRENCY_DAILY: another organization, a reseller contract, or an identifier snowmon cannot match`;
    return [
      {
        severity: 'info',
        summary,
        labels: { ...labels, finding: 'not_in_organization' },
        recommendation: 'Write the account as <orgname>-<account_name> or its locator in accounts:.',
      },
    ];
  }
  const gapPct = num(row['gap_pct']);
  const gap = num0(row['gap_usd']);
  if (account.days === undefined || gapPct === undefined || Math.abs(gapPct) < threshold(input.thresholds, 'gap_pct')) return [];
  if (Math.abs(gap) < threshold(input.thresholds, 'min_gap_usd')) return [];
  const price = num(row['billed_per_credit']);
  return [
    {
      severity: 'warning',
      summary:
        `account ${account.name}: its own metering says ${fmt(num0(row['measured_usd']))} USD (${fmt(num0(row['measured_credits']))} credits × ${fmt(account.usdPerCredit)}) ` +
        `over ${String(row['days_compared'])} days, the bill ${fmt(num0(row['billed_amount']))} (${fmt(num0(row['billed_credits']))} compute credits` +
        `${price === undefined ? '' : ` at ${fmt(price)} each`}): ${gap > 0 ? 'over' : 'under'} by ${fmt(Math.abs(gapPct))}%`,
      labels: { ...labels, finding: 'billing_gap' },
      usd: Math.abs(gap),
      recommendation:
        price !== undefined && Math.abs(price - account.usdPerCredit) / price >= threshold(input.thresholds, 'gap_pct') / 100
          ? `Set usd_per_credit to ${fmt(price)} for ${account.name}: every dollar figure snowmon shows for it is off by the same share.`
          : 'The credits differ: compare METERING_DAILY_HISTORY with the bill by service type (serverless features, adjustments, a day the bill restated).',
    },
  ];
}

/** The newest balance against the spend of the last billed days: how many days it lasts. */
function balanceOf(
  rows: readonly Row[],
  billed: readonly BilledDay[],
  contract: readonly Row[],
  input: EvaluatorInput,
): { row: Row; findings: Finding[] } | undefined {
  const newest = rows[0];
  if (newest === undefined) return undefined;
  const date = str(newest['balance_date']);
  const latest = rows.filter((r) => str(r['balance_date']) === date);
  const sum = (key: string) => latest.reduce((s, r) => s + num0(r[key]), 0);
  const balance = sum('capacity_balance') + sum('free_usage_balance') + sum('rollover_balance');
  const onDemand = sum('on_demand_consumption_balance');
  const asOf = dataReach(billed, input.now);
  const from = new Date(asOf.getTime() - RATE_DAYS * DAY_MS).toISOString().slice(0, 10);
  const perDay = billed.filter((b) => b.day >= from).reduce((s, b) => s + b.amount, 0) / RATE_DAYS;
  const daysLeft = perDay > 0 ? balance / perDay : null;
  const currency = str(newest['currency']) ?? '';
  const row: Row = {
    balance_date: time(date)?.toISOString().slice(0, 10) ?? date ?? null,
    currency,
    balance,
    on_demand_consumption: onDemand,
    per_day: perDay,
    days_left: daysLeft,
  };
  const capacity = contract.some((c) => /capacity/i.test(str(c['contract_item']) ?? ''));
  const findings: Finding[] = [];
  const labels = { alert_type: 'cost_finding', finding: 'low_balance' };
  const minDays = threshold(input.thresholds, 'min_balance_days');
  if (capacity && onDemand < 0) {
    findings.push({
      severity: 'critical',
      summary: `the capacity balance is spent: ${fmt(-onDemand)} ${currency} billed at on-demand prices so far`,
      labels,
      recommendation: RUNBOOK,
    });
  } else if (capacity && daysLeft !== null && daysLeft < minDays) {
    findings.push({
      severity: 'warning',
      summary: `the balance of ${fmt(balance)} ${currency} lasts about ${fmt(daysLeft)} days at ${fmt(perDay)} ${currency}/day (the last ${RATE_DAYS} billed days), under ${fmt(minDays)}`,
      labels,
      recommendation: RUNBOOK,
    });
  }
  return { row, findings };
}
