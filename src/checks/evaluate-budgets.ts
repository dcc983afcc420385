/**
 * Evaluates the `budgets` check: each configured budget's credits this calendar month (UTC) from the
 * owner / team rows of queries/budgets.sql, the 75 / 90 / 100 % crossings (alert_type `cost_budget`,
 * labelled with the budget and its owner or team, so routes send a team its own budget) and a month-end
 * projection at the last 7 days' burn rate. The month is resource monitors' default cycle
 * (monitor-cycle.ts). Pure; the budgets come from config through `budgetEvaluators`.
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import type { BudgetConfig } from './budgets-config.js';
import { money, threshold, type Evaluator, type EvaluatorInput, type EvaluatorOutput } from './evaluator.js';
import { budgetFindings, projectedPercent } from './budget-alerts.js';
import { describeSpan, monitorCycle, type MonitorCycle } from './monitor-cycle.js';
import { num0, resultAt, str, time } from './row-values.js';

/** One row of the SQL: the spend of one (owner, team) pair. */
interface Spend {
  readonly owners: readonly string[];
  readonly team?: string;
  readonly month: number;
  readonly recent: number;
  readonly queries: number;
  readonly firstAt?: Date;
  readonly lastAt?: Date;
}

/** How far the data reaches and what the burn rate is measured over. */
interface DataWindow {
  /** The newest statement seen (the view lags up to ~8 h), never after now. */
  readonly asOf: Date;
  /** Milliseconds the 7-day rate is measured over (less when the data is younger than 7 days). */
  readonly rateOverMs: number;
}

/** A budget measured: what it allows, what was spent, where the month ends at the recent rate. */
interface BudgetState {
  readonly budget: BudgetConfig;
  readonly amount: number;
  readonly spent: number;
  readonly pct: number;
  readonly creditsPerHour?: number;
  readonly projectedPct?: number;
  readonly basis: string;
  readonly cycle: MonitorCycle;
  readonly asOf: Date;
}

const HOUR_MS = 3_600_000;
const RATE_WINDOW_MS = 7 * 86_400_000;
const RUNBOOK =
  "Look at this owner's most expensive queries and dbt models this month (top_queries, dbt_query_history): prune, right-size or reschedule them, or agree a larger budget.";

/**
 * The evaluator of the `budgets` check bound to the configured budgets (and the account they are read in).
 * `fleetWide` (several accounts): a budget with no `account:` is summed over the accounts (fleet-budgets.ts),
 * so here it only yields this account's part, a `fleet_budget` row, and no finding.
 */
export function budgetEvaluators(budgets: readonly BudgetConfig[], account?: string, fleetWide = false): Readonly<Record<string, Evaluator>> {
  return { budgets: (input) => evaluateBudgets(input, budgets, account, fleetWide) };
}

export function evaluateBudgets(input: EvaluatorInput, budgets: readonly BudgetConfig[], account?: string, fleetWide = false): EvaluatorOutput {
  if (input.refused?.has(0)) return { rows: [], findings: [] };
  const spends = resultAt(input.results, 0).map(spendOf);
  const window = dataWindow(spends, input.now);
  const cycle = monitorCycle(null, undefined, input.now);
  const rows: Row[] = [];
  const findings: Finding[] = [];
  for (const budget of budgets) {
    if (account !== undefined && budget.accounts.length > 0 && !budget.accounts.includes(account)) continue;
    if (fleetWide && budget.accounts.length === 0) {
      rows.push(fleetPartRow(budget, spends, window, cycle, input.usdPerCredit));
      continue;
    }
    const state = measure(budget, spends, window, cycle, input);
    if (state === undefined) continue;
    rows.push(budgetRow(state, input.usdPerCredit));
    findings.push(...findingsOf(state, input));
  }
  rows.push(...spendRows(spends, 'owner', input.usdPerCredit), ...spendRows(spends, 'team', input.usdPerCredit));
  return { rows, findings };
}

function spendOf(row: Row): Spend {
  const team = labelValues(row['team'])[0];
  const firstAt = time(row['first_at']);
  const lastAt = time(row['last_at']);
  return {
    owners: labelValues(row['owner']),
    ...(team !== undefined ? { team } : {}),
    month: num0(row['month_credits']),
    recent: num0(row['recent_credits']),
    queries: num0(row['month_queries']),
    ...(firstAt ? { firstAt } : {}),
    ...(lastAt ? { lastAt } : {}),
  };
}

/**
 * The owners in a column the SQL wrote with to_json: `"a"`, `"a, b"` or `["b", "a"]` (Snowflake), or the
 * bare text (a driver or emulator that unwraps JSON strings); trimmed, unique, sorted.
 */
export function labelValues(value: unknown): string[] {
  const text = str(value);
  if (text === undefined) return [];
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // bare text
  }
  const items = typeof parsed === 'string' ? parsed.split(',') : Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : [];
  return [...new Set(items.map((o) => o.trim()).filter((o) => o !== ''))].sort();
}

function dataWindow(spends: readonly Spend[], now: Date): DataWindow {
  const last = Math.max(...spends.map((s) => s.lastAt?.getTime() ?? -Infinity));
  const first = Math.min(...spends.map((s) => s.firstAt?.getTime() ?? Infinity));
  const asOf = Number.isFinite(last) ? Math.min(last, now.getTime()) : now.getTime();
  const from = Math.max(now.getTime() - RATE_WINDOW_MS, Number.isFinite(first) ? first : now.getTime());
  return { asOf: new Date(asOf), rateOverMs: Math.max(0, asOf - from) };
}

const matches = (budget: BudgetConfig, spend: Spend): boolean => {
  const wanted = budget.value.toLowerCase();
  const values = budget.label === 'owner' ? spend.owners : spend.team !== undefined ? [spend.team] : [];
  return values.some((v) => v.toLowerCase() === wanted);
};

function measure(budget: BudgetConfig, spends: readonly Spend[], window: DataWindow, cycle: MonitorCycle, input: EvaluatorInput): BudgetState | undefined {
  const amount = budget.monthlyCredits ?? (input.usdPerCredit > 0 ? (budget.monthlyUsd ?? 0) / input.usdPerCredit : 0);
  if (!(amount > 0)) return undefined;
  const own = spends.filter((s) => matches(budget, s));
  const spent = own.reduce((sum, s) => sum + s.month, 0);
  const recent = own.reduce((sum, s) => sum + s.recent, 0);
  const pct = (spent / amount) * 100;
  const common = { budget, amount, spent, pct, cycle, asOf: window.asOf };
  const minDataMs = threshold(input.thresholds, 'min_data_hours') * HOUR_MS;
  if (window.rateOverMs < minDataMs || cycle.end === null) {
    return { ...common, basis: `too early to project: ${describeSpan(window.rateOverMs)} of data` };
  }
  const creditsPerHour = recent / (window.rateOverMs / HOUR_MS);
  const projectedPct = projectedPercent(spent, amount, creditsPerHour, window.asOf, cycle.end);
  return { ...common, creditsPerHour, projectedPct, basis: `at the rate of the last ${describeSpan(window.rateOverMs)}` };
}

/** This account's part of a fleet-wide budget: its month so far, its last 7 days and what they span (fleet-budgets.ts sums them). */
function fleetPartRow(budget: BudgetConfig, spends: readonly Spend[], window: DataWindow, cycle: MonitorCycle, usdPerCredit: number): Row {
  const own = spends.filter((s) => matches(budget, s));
  return {
    fleet_budget: budget.name,
    month_credits: own.reduce((sum, s) => sum + s.month, 0),
    recent_credits: own.reduce((sum, s) => sum + s.recent, 0),
    rate_hours: window.rateOverMs / HOUR_MS,
    usd_per_credit: usdPerCredit,
    cycle_start: cycle.start.toISOString(),
    data_until: window.asOf.toISOString(),
  };
}

function findingsOf(state: BudgetState, input: EvaluatorInput): Finding[] {
  const { budget, cycle } = state;
  const defaults = ['warn_pct', 'high_pct', 'limit_pct'].map((key) => threshold(input.thresholds, key));
  return budgetFindings(
    {
      labels: { alert_type: 'cost_budget', budget: budget.name, [budget.label]: budget.value, cycle_start: cycle.start.toISOString() },
      subject: `budget ${budget.name} (${budget.label} ${budget.value})`,
      unit: 'credits',
      amount: state.amount,
      spent: state.spent,
      ...(state.creditsPerHour !== undefined && state.projectedPct !== undefined ? { perHour: state.creditsPerHour, projectedPct: state.projectedPct } : {}),
      basis: state.basis,
      monthEnd: cycle.end as Date,
      asOf: state.asOf,
      money: (credits) => money(credits, input.usdPerCredit),
      recommendation: RUNBOOK,
    },
    budget.thresholds ?? defaults,
    threshold(input.thresholds, 'limit_pct'),
    threshold(input.thresholds, 'projected_pct'),
  );
}

function budgetRow(state: BudgetState, usdPerCredit: number): Row {
  const { budget } = state;
  return {
    name: budget.name,
    label: budget.label,
    value: budget.value,
    month_credits: state.spent,
    month_usd: state.spent * usdPerCredit,
    budget_credits: state.amount,
    pct: state.pct,
    credits_per_day: state.creditsPerHour === undefined ? null : state.creditsPerHour * 24,
    projected_pct: state.projectedPct ?? null,
    projection: state.basis,
    data_until: state.asOf.toISOString(),
  };
}

/** Spend by each owner (or team) seen, budgeted or not, largest first; `(none)` for statements nobody claims. */
function spendRows(spends: readonly Spend[], label: 'owner' | 'team', usdPerCredit: number): Row[] {
  const totals = new Map<string, number>();
  for (const s of spends) {
    const values = label === 'owner' ? (s.owners.length > 0 ? s.owners : ['(none)']) : [s.team ?? '(none)'];
    for (const v of values) totals.set(v, (totals.get(v) ?? 0) + s.month);
  }
  return [...totals].sort((a, b) => b[1] - a[1]).map(([value, credits]) => ({ [label]: value, month_credits: credits, month_usd: credits * usdPerCredit }));
}
