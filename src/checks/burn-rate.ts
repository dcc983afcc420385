/**
 * Burn rate of each resource monitor from two successive `SHOW RESOURCE MONITORS` snapshots (DESIGN §4,
 * the free loop): credits per hour between the polls, when the quota is reached at that rate, and a
 * `cost_monitor` / `burn_rate` finding when that is within the horizon (default 72 h) and before the
 * cycle resets. A rate read over minutes says nothing about the rest of a month, so it is never
 * extrapolated past the horizon (the cycle-end projection is resource_monitors'). Pure; the snapshots are
 * taken by the caller, the cycle math is `monitor-schedule.ts`'s.
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import { money } from './evaluator.js';
import { describeSpan } from './monitor-cycle.js';
import { cycleOfMonitor, type MonitorCycleOverrides } from './monitor-schedule.js';
import { fmt, num, str } from './row-values.js';

/** One poll: the rows of `SHOW RESOURCE MONITORS` (lower-case keys) and when they were read. */
export interface MonitorSnapshot {
  readonly at: Date;
  readonly rows: readonly Row[];
}

export interface BurnRateOptions {
  readonly usdPerCredit: number;
  /** Percent of quota the rate must reach for a finding; default 100. */
  readonly limitPct?: number;
  /** A finding is critical when the limit would be reached within this many hours; default 24. */
  readonly criticalWithinHours?: number;
  /** No finding when the limit is further away than this many hours at the current rate; default 72. */
  readonly horizonHours?: number;
  /**
   * Snapshots closer than this are not rated; default 10 min. `used_credits` moves in steps, so rate over
   * a window (keep the snapshot from 15–60 min ago) rather than minute to minute.
   */
  readonly minIntervalMs?: number;
  /** Configured cycle anchors by monitor name (`checks.resource_monitors.monitors`). */
  readonly monitorCycles?: MonitorCycleOverrides;
}

/** The burn of one monitor between the two snapshots. */
export interface MonitorBurn {
  readonly monitor: string;
  readonly creditsPerHour: number;
  /** How long the rate was measured over (ms): the data it stands on. */
  readonly rateOverMs: number;
  readonly usedCredits: number;
  readonly creditQuota: number;
  readonly cycleStart: Date;
  /** null when the monitor never resets (frequency NEVER). */
  readonly cycleEnd: Date | null;
  /** Credits used at the end of the horizon, or at cycle end when that comes first, at this rate. */
  readonly horizonCredits: number;
  /** When the quota is reached at this rate; undefined when the rate is 0 or it is already reached. */
  readonly quotaReachedAt?: Date;
  /** The cycle reset between the snapshots (the rate counts only credits since the reset). */
  readonly reset: boolean;
  /** credit_quota differs between the snapshots (the rate is compared with the current one). */
  readonly quotaChanged: boolean;
}

export interface BurnRateResult {
  readonly burns: readonly MonitorBurn[];
  readonly findings: readonly Finding[];
}

const HOUR_MS = 3_600_000;

/** Rates each monitor present in both snapshots; a monitor new in `current` has no rate yet. */
export function evaluateBurnRate(previous: MonitorSnapshot, current: MonitorSnapshot, options: BurnRateOptions): BurnRateResult {
  const horizonHours = options.horizonHours ?? 72;
  const minIntervalMs = options.minIntervalMs ?? 600_000;
  const overrides = options.monitorCycles ?? {};
  const burns: MonitorBurn[] = [];
  const findings: Finding[] = [];
  if (current.at.getTime() - previous.at.getTime() < minIntervalMs) return { burns, findings };

  const before = new Map(previous.rows.map((r) => [str(r['name']), r] as const));
  for (const row of current.rows) {
    const name = str(row['name']);
    const old = name === undefined ? undefined : before.get(name);
    if (name === undefined || old === undefined) continue;
    const rated = rateMonitor(name, { at: previous.at, row: old }, { at: current.at, row }, overrides, horizonHours);
    if (rated === undefined) continue;
    burns.push(rated.burn);
    const finding = burnFinding(rated.burn, rated.windowEnd, current.at, options);
    if (finding !== undefined) findings.push(finding);
  }
  return { burns, findings };
}

/** One monitor's row in one snapshot. */
interface Reading {
  readonly at: Date;
  readonly row: Row;
}

/**
 * The monitor's burn between two readings, and the end of the window it is projected over (the horizon
 * or the cycle's end, whichever comes first); undefined for a monitor that cannot cross anything.
 */
function rateMonitor(
  name: string,
  previous: Reading,
  current: Reading,
  overrides: MonitorCycleOverrides,
  horizonHours: number,
): { burn: MonitorBurn; windowEnd: number } | undefined {
  const { row, at: now } = current;
  const quota = num(row['credit_quota']);
  if (quota === undefined || quota <= 0) return undefined; // no quota: never crosses anything
  if (str(row['level']) === undefined) return undefined; // assigned to nothing: monitors nothing
  const cycle = cycleOfMonitor(row, now, overrides);
  if (!cycle.started) return undefined;
  const used = num(row['used_credits']) ?? 0;
  const usedBefore = num(previous.row['used_credits']) ?? 0;
  const cycleChanged = cycleOfMonitor(previous.row, previous.at, overrides).start.getTime() !== cycle.start.getTime();
  const reset = cycleChanged || used < usedBefore;

  // Credits burned over elapsed time. After a reset only the credits since it count: from the new
  // cycle's start when we know it fell between the polls, else from the previous poll (a lower bound).
  const burned = reset ? used : used - usedBefore;
  const fromMs = reset && cycleChanged ? Math.max(previous.at.getTime(), cycle.start.getTime()) : previous.at.getTime();
  const elapsedMs = now.getTime() - fromMs;
  if (elapsedMs <= 0) return undefined;
  const rate = (burned / elapsedMs) * HOUR_MS;
  const horizonEnd = now.getTime() + horizonHours * HOUR_MS;
  const windowEnd = cycle.end === null ? horizonEnd : Math.min(horizonEnd, cycle.end.getTime());
  const horizonCredits = used + rate * (Math.max(0, windowEnd - now.getTime()) / HOUR_MS);
  const quotaReachedAt = rate > 0 && used < quota ? new Date(now.getTime() + ((quota - used) / rate) * HOUR_MS) : undefined;
  const burn: MonitorBurn = {
    monitor: name,
    creditsPerHour: rate,
    rateOverMs: elapsedMs,
    usedCredits: used,
    creditQuota: quota,
    cycleStart: cycle.start,
    cycleEnd: cycle.end,
    horizonCredits,
    reset,
    quotaChanged: num(previous.row['credit_quota']) !== quota,
    ...(quotaReachedAt !== undefined ? { quotaReachedAt } : {}),
  };
  return { burn, windowEnd };
}

/**
 * Level-triggered: a finding only while the limit is still ahead (the threshold check reports it once
 * passed), and only when this rate reaches it within the window (the horizon, and before the reset).
 */
function burnFinding(burn: MonitorBurn, windowEnd: number, now: Date, options: BurnRateOptions): Finding | undefined {
  const limitPct = options.limitPct ?? 100;
  const criticalHours = options.criticalWithinHours ?? 24;
  const { monitor: name, creditsPerHour: rate, usedCredits: used, creditQuota: quota, cycleEnd, cycleStart, horizonCredits, rateOverMs } = burn;
  const limitCredits = (quota * limitPct) / 100;
  if (rate <= 0 || used >= limitCredits) return undefined;
  const limitAt = new Date(now.getTime() + ((limitCredits - used) / rate) * HOUR_MS);
  if (limitAt.getTime() > windowEnd) return undefined;
  const hoursLeft = (limitAt.getTime() - now.getTime()) / HOUR_MS;
  const resets = cycleEnd === null ? 'and the monitor never resets' : `before the cycle resets at ${cycleEnd.toISOString()}`;
  return {
    severity: hoursLeft <= criticalHours ? 'critical' : 'warning',
    summary:
      `monitor ${name} is burning ${fmt(rate)} credits/hour (rate from ${describeSpan(rateOverMs)} of data): at this rate it reaches ` +
      `${limitPct}% of ${fmt(quota)} credits at ${limitAt.toISOString()}, in ${describeSpan(hoursLeft * HOUR_MS)}, ${resets} ` +
      `(now ${fmt((used / quota) * 100)}%)`,
    labels: { alert_type: 'cost_monitor', finding: 'burn_rate', monitor: name, cycle_start: cycleStart.toISOString() },
    // The credits this rate would spend past the quota within the horizon, not over the whole cycle.
    ...money(Math.max(0, horizonCredits - quota), options.usdPerCredit),
    recommendation:
      `Spend is running at ${fmt(rate)} credits/hour; find the warehouses and queries running now ` +
      `(a runaway warehouse or a heavy backfill), suspend or resize them, or raise the quota if the load is planned.`,
  };
}
