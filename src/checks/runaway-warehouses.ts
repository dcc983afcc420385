/**
 * Runaway warehouses from successive `SHOW WAREHOUSES` snapshots (DESIGN §4, the free loop): a warehouse
 * `STARTED` far longer than its usual run (given per warehouse, e.g. the p90 of past runs), with the
 * credits of this run estimated from size × clusters × time. Pure; the snapshots and the usual durations
 * come from the caller. An estimate, not billing: per-second billing and cloud services are not modelled.
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import { money } from './evaluator.js';
import { creditsPerHour, fmt, num, str, time } from './row-values.js';

/** One poll: the rows of `SHOW WAREHOUSES` (lower-case keys) and when they were read. */
export interface WarehouseSnapshot {
  readonly at: Date;
  readonly rows: readonly Row[];
}

export interface RunawayOptions {
  /** Usual run length per warehouse name, in ms (e.g. p90 of past runs). */
  readonly usualRunMs: Readonly<Record<string, number>>;
  /** Used for warehouses missing from `usualRunMs`; absent → those are never flagged. */
  readonly defaultUsualRunMs?: number;
  /** A run is a runaway past `factor` × usual; default 3. */
  readonly factor?: number;
  /** ... and never before this, in ms; default 1 hour. */
  readonly minRunMs?: number;
  readonly usdPerCredit: number;
}

/** A warehouse running at the last snapshot. */
export interface RunningWarehouse {
  readonly warehouse: string;
  readonly runningSince: Date;
  readonly runningMs: number;
  /** Credits this run has burned so far, estimated. */
  readonly credits: number;
  readonly usualRunMs: number | null;
  /** Past this run length it is a runaway; null when the usual run is unknown. */
  readonly limitMs: number | null;
  readonly runaway: boolean;
}

export interface RunawayResult {
  readonly running: readonly RunningWarehouse[];
  readonly findings: readonly Finding[];
}

const HOUR_MS = 3_600_000;
const RUNNING_STATES = new Set(['STARTED', 'RESIZING']);

/** Credits per hour of this row's warehouse as it stands: size × started clusters (× 1.5 Snowpark-optimized). */
function rowCreditsPerHour(row: Row): number {
  const perCluster = creditsPerHour(row['size']) ?? 0;
  const clusters = Math.max(1, num(row['started_clusters']) ?? 1);
  const snowpark = str(row['type'])?.toUpperCase().includes('SNOWPARK') ? 1.5 : 1;
  return perCluster * clusters * snowpark;
}

/** Whether a `SHOW WAREHOUSES` row is running (STARTED or RESIZING). */
export function isRunning(row: Row | undefined): boolean {
  return RUNNING_STATES.has(str(row?.['state'])?.toUpperCase() ?? '');
}

function hours(ms: number): string {
  return fmt(ms / HOUR_MS);
}

/**
 * Warehouses running in the last snapshot, how long and at what estimated cost, and a finding for each
 * past its limit. Snapshots may come in any order; they are sorted by time.
 */
export function findRunawayWarehouses(snapshots: readonly WarehouseSnapshot[], options: RunawayOptions): RunawayResult {
  const factor = options.factor ?? 3;
  const minRunMs = options.minRunMs ?? HOUR_MS;
  const ordered = [...snapshots].sort((a, b) => a.at.getTime() - b.at.getTime());
  const latest = ordered.at(-1);
  const running: RunningWarehouse[] = [];
  const findings: Finding[] = [];
  if (!latest) return { running, findings };
  const now = latest.at;

  for (const row of latest.rows) {
    const name = str(row['name']);
    if (name === undefined || !isRunning(row)) continue;
    const resumedOn = time(row['resumed_on']);
    // The snapshots of this run: walk back while the warehouse was running and not resumed anew.
    const run: { at: Date; row: Row }[] = [];
    for (let i = ordered.length - 1; i >= 0; i--) {
      const snapshot = ordered[i] as WarehouseSnapshot;
      const seen = snapshot.rows.find((r) => str(r['name']) === name);
      if (!isRunning(seen)) break;
      const seenResumed = time(seen?.['resumed_on']);
      if (resumedOn && seenResumed && seenResumed.getTime() !== resumedOn.getTime()) break;
      if (resumedOn && i < ordered.length - 1 && snapshot.at.getTime() < resumedOn.getTime()) break;
      run.unshift({ at: snapshot.at, row: seen as Row });
    }
    const first = run[0] as { at: Date; row: Row };
    const runningSince = resumedOn && resumedOn.getTime() <= first.at.getTime() ? resumedOn : first.at;
    const runningMs = now.getTime() - runningSince.getTime();

    // Piecewise: from the start to the first snapshot at its size, then each interval at the size seen at its start.
    let creditHours = (rowCreditsPerHour(first.row) * (first.at.getTime() - runningSince.getTime())) / HOUR_MS;
    for (let i = 1; i < run.length; i++) {
      const prev = run[i - 1] as { at: Date; row: Row };
      const next = run[i] as { at: Date; row: Row };
      creditHours += (rowCreditsPerHour(prev.row) * (next.at.getTime() - prev.at.getTime())) / HOUR_MS;
    }

    const usual = options.usualRunMs[name] ?? options.defaultUsualRunMs;
    const limitMs = usual === undefined ? null : Math.max(factor * usual, minRunMs);
    const runaway = limitMs !== null && runningMs > limitMs;
    running.push({ warehouse: name, runningSince, runningMs, credits: creditHours, usualRunMs: usual ?? null, limitMs, runaway });
    if (!runaway || usual === undefined) continue;

    const perHour = rowCreditsPerHour(row);
    findings.push({
      severity: 'warning',
      summary:
        `warehouse ${name} has been running for ${hours(runningMs)} h since ${runningSince.toISOString()}, ` +
        `${fmt(runningMs / Math.max(usual, 1))}× its usual ${hours(usual)} h; about ${fmt(creditHours)} credits so far, ` +
        `${fmt(perHour)} credits/hour now`,
      labels: { alert_type: 'cost_finding', finding: 'runaway_warehouse', warehouse: name },
      ...money(creditHours, options.usdPerCredit),
      recommendation:
        `Find the queries running on ${name} (QUERY_HISTORY or the Snowsight activity page) and cancel what is stuck; ` +
        `check its AUTO_SUSPEND (${str(row['auto_suspend']) ?? 'not set'} s) and that no tool keeps it awake.`,
    });
  }
  return { running, findings };
}
