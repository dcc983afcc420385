/**
 * Fleet-wide budgets (several accounts): a budget with no `account:` is kept against the sum of its owner's
 * or team's spend over every configured account, each account's part (a `fleet_budget` row of its `budgets`
 * run, evaluate-budgets.ts) at that account's price. One finding per budget and threshold, with no account,
 * the per-account breakdown in its text. An account with no figure for this month yet is named, never
 * counted as 0: the caller stores such a run as `partial`, so a sum short of it resolves nothing. Pure.
 */

import type { Finding } from './check.js';
import type { BudgetConfig } from './budgets-config.js';
import type { Row } from '../sources/snowflake-client.js';
import { threshold } from './evaluator.js';
import { budgetFindings, projectedPercent } from './budget-alerts.js';
import { monitorCycle } from './monitor-cycle.js';
import { fmt, num0, str } from './row-values.js';

/** An account's latest stored `budgets` rows (undefined: none yet) and its price. */
export interface FleetAccountFigures {
  readonly name: string;
  readonly usdPerCredit: number;
  readonly rows?: readonly Row[];
}

export interface FleetBudgetsResult {
  /** `partial` when an account had no figure for this month: its findings fire, nothing resolves. */
  readonly status: 'ok' | 'partial';
  readonly rows: Row[];
  readonly findings: Finding[];
  /** The accounts with no figure this month. */
  readonly missing: readonly string[];
}

interface Part {
  readonly account: string;
  readonly spent: number;
  /** Its month so far in credits and in USD at its own price. */
  readonly credits: number;
  readonly usd: number;
  /** In the budget's unit per hour; undefined when its data spans less than min_data_hours. */
  readonly perHour?: number;
  readonly asOf: Date;
}

export const FLEET_STALENESS =
  "Each account's part is its last warehouse cycle's figure (daily by default, so up to a day old), and QUERY_ATTRIBUTION_HISTORY lags up to about 8 hours.";
const RUNBOOK =
  "Look at this owner's most expensive queries and dbt models this month in each account (top_queries, dbt_query_history): prune, right-size or reschedule them, or agree a larger budget.";

/** The budgets with no `account:` summed over `accounts` (the configured ones, in order) at `now`. */
export function evaluateFleetBudgets(
  budgets: readonly BudgetConfig[],
  accounts: readonly FleetAccountFigures[],
  thresholds: Readonly<Record<string, number>>,
  now: Date,
): FleetBudgetsResult {
  const cycle = monitorCycle(null, undefined, now);
  const start = cycle.start.toISOString();
  const minDataHours = threshold(thresholds, 'min_data_hours');
  const rows: Row[] = [];
  const findings: Finding[] = [];
  const missing = new Set<string>();
  for (const budget of budgets.filter((b) => b.accounts.length === 0)) {
    const inUsd = budget.monthlyCredits === undefined;
    const amount = budget.monthlyCredits ?? budget.monthlyUsd ?? 0;
    if (!(amount > 0)) continue;
    const parts: Part[] = [];
    const absent: string[] = [];
    for (const account of accounts) {
      const row = account.rows?.find((r) => r['fleet_budget'] === budget.name && r['cycle_start'] === start);
      if (row === undefined) absent.push(account.name);
      else parts.push(partOf(account, row, inUsd ? account.usdPerCredit : 1, minDataHours));
    }
    absent.forEach((a) => missing.add(a));
    const sum = summed(parts, amount, cycle.end, now);
    const unit = inUsd ? 'USD' : 'credits';
    const measured = `${parts.length} of ${accounts.length} accounts measured`;
    const breakdown = [...parts.map((p) => `${p.account} ${fmt(p.spent)}`), ...absent.map((a) => `${a} no figure yet`)].join(', ');
    rows.push({
      name: budget.name,
      label: budget.label,
      value: budget.value,
      [inUsd ? 'month_usd' : 'month_credits']: sum.spent,
      [inUsd ? 'budget_usd' : 'budget_credits']: amount,
      pct: (sum.spent / amount) * 100,
      projected_pct: sum.projectedPct ?? null,
      accounts: measured,
      by_account: breakdown,
      data_until: sum.asOf.toISOString(),
    });
    const defaults = ['warn_pct', 'high_pct', 'limit_pct'].map((key) => threshold(thresholds, key));
    findings.push(
      ...budgetFindings(
        {
          labels: { alert_type: 'cost_budget', budget: budget.name, [budget.label]: budget.value, cycle_start: start },
          subject: `budget ${budget.name} (${budget.label} ${budget.value}) over all accounts [${measured}: ${breakdown} ${unit}]`,
          unit,
          amount,
          spent: sum.spent,
          ...(sum.perHour !== undefined && sum.projectedPct !== undefined ? { perHour: sum.perHour, projectedPct: sum.projectedPct } : {}),
          basis: sum.perHour === undefined ? 'too early to project' : "at each account's rate of its last 7 days",
          monthEnd: cycle.end as Date,
          asOf: sum.asOf,
          money: moneyAt(parts, inUsd),
          recommendation: `${RUNBOOK} ${FLEET_STALENESS}`,
        },
        budget.thresholds ?? defaults,
        threshold(thresholds, 'limit_pct'),
        threshold(thresholds, 'projected_pct'),
      ),
    );
  }
  return { status: missing.size > 0 ? 'partial' : 'ok', rows, findings, missing: [...missing] };
}

function partOf(account: FleetAccountFigures, row: Row, price: number, minDataHours: number): Part {
  const rateHours = num0(row['rate_hours']);
  const asOf = new Date(str(row['data_until']) ?? 0);
  return {
    account: account.name,
    spent: num0(row['month_credits']) * price,
    credits: num0(row['month_credits']),
    usd: num0(row['month_credits']) * account.usdPerCredit,
    ...(rateHours >= minDataHours && rateHours > 0 ? { perHour: (num0(row['recent_credits']) * price) / rateHours } : {}),
    asOf,
  };
}

/** credits and USD of `value` in the budget's unit, at the parts' average price (each account's own, weighted by its credits). */
function moneyAt(parts: readonly Part[], inUsd: boolean): (value: number) => { credits?: number; usd?: number } {
  const credits = parts.reduce((s, p) => s + p.credits, 0);
  const price = credits > 0 ? parts.reduce((s, p) => s + p.usd, 0) / credits : undefined;
  if (price === undefined || !(price > 0)) return (value) => (inUsd ? { usd: value } : { credits: value });
  return (value) => (inUsd ? { credits: value / price, usd: value } : { credits: value, usd: value * price });
}

/** The parts added up; the projection only when every part has a rate, from the oldest part's data on. */
function summed(
  parts: readonly Part[],
  amount: number,
  monthEnd: Date | null,
  now: Date,
): { spent: number; perHour?: number; projectedPct?: number; asOf: Date } {
  const spent = parts.reduce((s, p) => s + p.spent, 0);
  const times = parts.map((p) => p.asOf.getTime()).filter(Number.isFinite);
  const asOf = new Date(times.length > 0 ? Math.min(...times) : now.getTime());
  if (parts.length === 0 || monthEnd === null || parts.some((p) => p.perHour === undefined)) return { spent, asOf };
  const perHour = parts.reduce((s, p) => s + (p.perHour ?? 0), 0);
  return { spent, perHour, projectedPct: projectedPercent(spent, amount, perHour, asOf, monthEnd), asOf };
}
