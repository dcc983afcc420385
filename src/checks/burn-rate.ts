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
  const limitPct = options.limitPct ?? 100;
  const criticalHours = options.criticalWithinHours ?? 24;
  const horizonHours = options.horizonHours ?? 72;
  const minIntervalMs = options.minIntervalMs ?? 600_000;
  const overrides = options.monitorCycles ?? {};
  const now = current.at;
  const burns: MonitorBurn[] = [];
  const findings: Finding[] = [];
  if (now.getTime() - previous.at.getTime() < minIntervalMs) return { burns, findings };

  const before = new Map(previous.rows.map((r) => [str(r['name']), r] as const));
  for (const row of current.rows) {
    const name = str(row['name']);
    const old = name === undefined ? undefined : before.get(name);
    if (name === undefined || old === undefined) continue;
    const quota = num(row['credit_quota']);
    if (quota === undefined || quota <= 0) continue; // no quota: never crosses anything
    if (str(row['level']) === undefined) continue; // assigned to nothing: monitors nothing
    const cycle = cycleOfMonitor(row, now, overrides);
    if (!cycle.started) continue;
    const used = num(row['used_credits']) ?? 0;
    const usedBefore = num(old['used_credits']) ?? 0;
    const cycleChanged = cycleOfMonitor(old, previous.at, overrides).start.getTime() !== cycle.start.getTime();
    const reset = cycleChanged || used < usedBefore;

    // Credits burned over elapsed time. After a reset only the credits since it count: from the new
    // cycle's start when we know it fell between the polls, else from the previous poll (a lower bound).
    let burned: number;
    let fromMs: number;
    if (!reset) {
      burned = used - usedBefore;
      fromMs = previous.at.getTime();
    } else {
      burned = used;
      fromMs = Math.max(previous.at.getTime(), cycleChanged ? cycle.start.getTime() : previous.at.getTime());
    }
    const elapsedMs = now.getTime() - fromMs;
    if (elapsedMs <= 0) continue;
    const rate = (burned / elapsedMs) * HOUR_MS;
    const horizonEnd = now.getTime() + horizonHours * HOUR_MS;
    const windowEnd = cycle.end === null ? horizonEnd : Math.min(horizonEnd, cycle.end.getTime());
    const horizonCredits = used + rate * (Math.max(0, windowEnd - now.getTime()) / HOUR_MS);
    const quotaReachedAt = rate > 0 && used < quota ? new Date(now.getTime() + ((quota - used) / rate) * HOUR_MS) : undefined;
    burns.push({
      monitor: name,
      creditsPerHour: rate,
      rateOverMs: elapsedMs,
      usedCredits: used,
      creditQuota: quota,
      cycleStart: cycle.start,
      cycleEnd: cycle.end,
      horizonCredits,
      reset,
      quotaChanged: num(old['credit_quota']) !== quota,
      ...(quotaReachedAt !== undefined ? { quotaReachedAt } : {}),
    });

    const limitCredits = (quota * limitPct) / 100;
    // Level-triggered: only while the limit is still ahead (the threshold check reports it once passed),
    // and only when this rate reaches it within the horizon and before the reset.
    if (rate <= 0 || used >= limitCredits) continue;
    const limitAt = new Date(now.getTime() + ((limitCredits - used) / rate) * HOUR_MS);
    if (limitAt.getTime() > windowEnd) continue;
    const hoursLeft = (limitAt.getTime() - now.getTime()) / HOUR_MS;
    const resets = cycle.end === null ? 'and the monitor never resets' : `before the cycle resets at ${cycle.end.toISOString()}`;
    findings.push({
      severity: hoursLeft <= criticalHours ? 'critical' : 'warning',
      summary:
        `monitor ${name} is burning ${fmt(rate)} credits/hour (rate from ${describeSpan(elapsedMs)} of data): at this rate it reaches ` +
        `${limitPct}% of ${fmt(quota)} credits at ${limitAt.toISOString()}, in ${describeSpan(hoursLeft * HOUR_MS)}, ${resets} ` +
        `(now ${fmt((used / quota) * 100)}%)`,
      labels: { alert_type: 'cost_monitor', finding: 'burn_rate', monitor: name, cycle_start: cycle.start.toISOString() },
      // The credits this rate would spend past the quota within the horizon, not over the whole cycle.
      ...money(Math.max(0, horizonCredits - quota), options.usdPerCredit),
      recommendation:
        `Spend is running at ${fmt(rate)} credits/hour; find the warehouses and queries running now ` +
        `(a runaway warehouse or a heavy backfill), suspend or resize them, or raise the quota if the load is planned.`,
    });
  }
  return { burns, findings };
}
