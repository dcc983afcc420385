/**
 * The spend story's facts as short plain-text phrases, shared by the terminal, markdown and HTML reports
 * so they say the same thing: month to date, a monitor's usage, projection and crossings, and the trend
 * (a sparkline and the week against the week before). Strings only; escaping is the caller's business.
 */
import { formatCredits, formatUsd } from './format-value.js';
import type { DayCredits, MonitorSpend, MonthToDate } from './spend-story.js';

/** `1,985.76 credits · $5,957 billed this month`. */
export function monthToDateText(mtd: MonthToDate): string {
  return `${formatCredits(mtd.credits)} credits · ${formatUsd(mtd.usd)} ${mtd.basis === 'billed' ? 'billed' : 'on warehouses'} this month`;
}

/** `1,915.74 of 2,336.00 credits (82%)`. */
export function monitorUsage(monitor: MonitorSpend): string {
  const quota = monitor.quotaCredits === undefined ? 'no quota' : `of ${formatCredits(monitor.quotaCredits)}`;
  const pct = monitor.pct === undefined ? '' : ` (${Math.round(monitor.pct)}%)`;
  return `${formatCredits(monitor.usedCredits)} ${quota} credits${pct}`;
}

/**
 * `on course for 164% by 2026-12-01, from 15.0 days of data` (`164% by 2026-12-01, from 15.0 days of data`
 * when `short`); empty without a projection.
 */
export function monitorProjection(monitor: MonitorSpend, short = false): string {
  if (monitor.projectedPct === undefined) return '';
  const by = monitor.cycleEnd === undefined ? '' : ` by ${monitor.cycleEnd.slice(0, 10)}`;
  return `${short ? '' : 'on course for '}${Math.round(monitor.projectedPct)}%${by}${monitor.basis === undefined ? '' : `, ${monitor.basis}`}`;
}

/** `passed 50, 75, 90%`; empty when no threshold was passed. */
export function monitorPassed(monitor: MonitorSpend): string {
  return monitor.passed.length === 0 ? '' : `passed ${monitor.passed.join(', ')}%`;
}

const BLOCKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** One block per day, its height the day's share of the busiest day. */
export function sparkline(trend: readonly DayCredits[]): string {
  const max = Math.max(0, ...trend.map((d) => d.credits));
  return trend.map((d) => (max > 0 ? BLOCKS[Math.min(BLOCKS.length - 1, Math.floor((d.credits / max) * (BLOCKS.length - 1) + 0.5))] : BLOCKS[0])).join('');
}

/** `2026-10-17 → 2026-11-15: 3,062.38 credits ($9,187); last 7 days 1,100 vs 700 the 7 before (+57%)`. */
export function trendText(trend: readonly DayCredits[], usdPerCredit: number): string {
  if (trend.length === 0) return '';
  const total = trend.reduce((sum, d) => sum + d.credits, 0);
  const span = `${trend[0]!.day} → ${trend[trend.length - 1]!.day}: ${formatCredits(total)} credits (${formatUsd(total * usdPerCredit)})`;
  if (trend.length < 14) return span;
  const week = sum(trend.slice(-7));
  const before = sum(trend.slice(-14, -7));
  const change = before > 0 ? ` (${week >= before ? '+' : ''}${Math.round(((week - before) / before) * 100)}%)` : '';
  return `${span}; last 7 days ${formatCredits(week)}, the 7 before ${formatCredits(before)}${change}`;
}

function sum(days: readonly DayCredits[]): number {
  return days.reduce((total, d) => total + d.credits, 0);
}
