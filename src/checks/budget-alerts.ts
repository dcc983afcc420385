/**
 * The findings of a spend kept against a monthly amount, shared by the budgets per owner (evaluate-budgets.ts)
 * and the organization's budget (evaluate-organization.ts): one per threshold passed (critical from the
 * limit), and a projection when the recent rate ends the month above the limit while it is still ahead.
 * Pure; measuring the spend is the callers'.
 */

import type { Finding } from './check.js';
import { fmt } from './row-values.js';

const HOUR_MS = 3_600_000;

/** A spend measured against an amount for this month, with what the alerts say about it. */
export interface SpendAgainstAmount {
  /** alert_type, budget, the owner / team / account it is about, cycle_start; `threshold` is added per finding. */
  readonly labels: Readonly<Record<string, string>>;
  /** Who it is about, e.g. `budget data-eng (owner data_eng)`. */
  readonly subject: string;
  /** `credits`, or a currency such as `USD`. */
  readonly unit: string;
  readonly amount: number;
  readonly spent: number;
  /** Spend per hour at the recent rate; undefined when there is too little data to say. */
  readonly perHour?: number;
  /** Percent of the amount at month end at that rate. */
  readonly projectedPct?: number;
  /** What the projection stands on, e.g. `at the rate of the last 7.0 days`. */
  readonly basis: string;
  readonly monthEnd: Date;
  /** How far the data reaches (the views lag): the rate and the projection run from here. */
  readonly asOf: Date;
  /** `credits` / `usd` of a finding about this much spend. */
  readonly money: (value: number) => { readonly credits?: number; readonly usd?: number };
  readonly recommendation: string;
}

/** Percent of `amount` at month end: what is spent plus `perHour` from `asOf` to `monthEnd`. */
export function projectedPercent(spent: number, amount: number, perHour: number, asOf: Date, monthEnd: Date): number {
  const hoursLeft = Math.max(0, monthEnd.getTime() - asOf.getTime()) / HOUR_MS;
  return ((spent + perHour * hoursLeft) / amount) * 100;
}

/** The crossings of `thresholds` (percentages) and the projection past `projectedLimit`. */
export function budgetFindings(s: SpendAgainstAmount, thresholds: readonly number[], limitPct: number, projectedLimit: number): Finding[] {
  const pct = (s.spent / s.amount) * 100;
  const head = `${s.subject} at ${fmt(pct)}% of ${fmt(s.amount)} ${s.unit} this month`;
  const crossings: Finding[] = thresholds
    .filter((t) => pct >= t)
    .map((t) => ({
      severity: t >= limitPct ? 'critical' : 'warning',
      summary: `${head} (passed ${t}%; data until ${s.asOf.toISOString()})`,
      labels: { ...s.labels, threshold: String(t) },
      ...s.money(s.spent),
      recommendation: s.recommendation,
    }));
  const { perHour, projectedPct } = s;
  if (perHour === undefined || projectedPct === undefined || perHour <= 0 || pct >= projectedLimit || projectedPct < projectedLimit) return crossings;
  const reachAt = new Date(s.asOf.getTime() + (((projectedLimit / 100) * s.amount - s.spent) / perHour) * HOUR_MS);
  const perDay = fmt(perHour * 24);
  const projection: Finding = {
    severity: 'warning',
    summary:
      `${head}, on course for ${fmt(projectedPct)}% by ${s.monthEnd.toISOString()} ` +
      `(${perDay} ${s.unit}/day ${s.basis}): reaches ${fmt(projectedLimit)}% around ${reachAt.toISOString()}`,
    labels: { ...s.labels, threshold: 'projected' },
    ...s.money(Math.max(0, ((projectedPct - 100) / 100) * s.amount)),
    recommendation: `At ${perDay} ${s.unit}/day the amount is spent before the month ends. ${s.recommendation}`,
  };
  return [...crossings, projection];
}
