/**
 * What the daemon does with one loop cycle's outcomes: metrics per check run, then one store transaction
 * (Dispatcher.storeCycle; in fleet mode only while this replica holds the account's lease, else the cycle
 * is dropped whole): the failure streaks read once for all checks, refused grants and the Snowflake
 * session into `HealthState`, each check's latest rows and findings kept for the dashboard, and every run
 * ingested with the `snowmon_health` run of the current facts (failed and partial checks resolve nothing;
 * waiting runs are recorded, never ingested); then the groups flushed. It schedules nothing and sends
 * nothing. The firing-alerts gauge is read when /metrics is scraped, not here.
 */

import type { AccountIdentity } from '../alerts/account-labels.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { CheckOutcome } from '../checks/check.js';
import { AlertLedger, STREAK_RUNS, streakOf } from '../ledger/alert-ledger.js';
import { CheckSnapshotStore } from '../ledger/check-snapshot-store.js';
import type { Logger } from './logger.js';
import type { DaemonMetrics } from './metrics.js';
import { healthOutcome, type HealthState } from './monitor-health.js';
import type { LoopResult } from './free-loop.js';

export interface RecordCycleDeps {
  readonly alerting: Dispatcher;
  readonly health: HealthState;
  readonly metrics: DaemonMetrics;
  readonly logger: Logger;
  readonly threshold: number;
  /** `daemon.snowflake_down_for`: how long Snowflake stays unreachable before its alert fires. */
  readonly snowflakeDownForMs?: number;
  /** The account the cycle watched: stamped on its alerts, its runs and snapshots (fleet mode). */
  readonly account?: AccountIdentity;
}

export interface CycleRecord {
  readonly outcomes: readonly CheckOutcome[];
  readonly sessionError?: string;
  /** The monitor_health run that was ingested. */
  readonly health: CheckOutcome;
  /**
   * Whether the cycle changed what delivery waits for: an alert transition (a group created or its timer
   * pulled in) or a group flushed (notifications queued, timers moved). False: the delivery timer stays right.
   */
  readonly changed: boolean;
}

/** The cycle's record, or `dropped` when this replica lost the account's lease before it was stored (nothing written). */
export async function recordCycle(deps: RecordCycleDeps, result: LoopResult, now: Date): Promise<CycleRecord | 'dropped'> {
  const { alerting, health, logger, account } = deps;
  countRuns(deps, result);
  if (result.touchesSnowflake === false) {
    // The dbt loop: Snowflake's state stays what the other loops last saw.
  } else if (result.sessionError !== undefined) {
    health.snowflakeFailed(result.sessionError, now);
    logger.error({ component: 'snowflake', error: result.sessionError }, 'cannot reach Snowflake');
  } else {
    health.snowflakeOk();
  }
  const name = account?.name;
  const waiting = (result.waiting ?? []).map((run) => ({
    check: run.name,
    startedAt: new Date(run.startedAt),
    endedAt: now,
    status: 'ok' as const,
    rows: run.rows,
  }));
  const judged: { health?: CheckOutcome } = {};
  const stored = await alerting.storeCycle(account, now, async (trx) => {
    judged.health = await judgeHealth(deps, new AlertLedger(trx), result, now);
    await new CheckSnapshotStore(trx).save(result.outcomes, name);
    return { outcomes: [...result.outcomes, judged.health], recorded: waiting };
  });
  if (stored === 'fenced' || judged.health === undefined) {
    logger.warn(
      { component: 'fleet', account: name, checks: result.outcomes.map((o) => o.name) },
      "cycle dropped: this replica no longer holds the account's lease, so none of its results were stored and nothing was resolved",
    );
    return 'dropped';
  }
  const flushed = await alerting.flush(now);
  const changed = stored.length > 0 || flushed.groups > 0 || flushed.enqueued > 0;
  return { outcomes: result.outcomes, ...(result.sessionError !== undefined ? { sessionError: result.sessionError } : {}), health: judged.health, changed };
}

/** Metrics and log lines per check run of the cycle (waiting runs count as ok). */
function countRuns({ metrics, logger, account }: RecordCycleDeps, result: LoopResult): void {
  const name = account?.name;
  for (const outcome of result.outcomes) {
    metrics.recordCheckRun(outcome.name, outcome.status, outcome.durationMs / 1000, name);
    const log = logger.child({ check: outcome.name });
    if (outcome.status === 'failed') log.warn({ error: outcome.error }, 'check failed');
    else if (outcome.status === 'partial') log.warn({ error: outcome.error, refused: outcome.refused }, 'check partial: a statement was refused');
    else log.debug({ rows: outcome.rows.length, findings: outcome.findings.length, durationMs: Math.round(outcome.durationMs) }, 'check ran');
    if (outcome.name === 'self_cost' && outcome.status === 'ok') {
      const total = outcome.rows.find((r) => r['check'] === '(warehouse total)');
      const credits = typeof total?.['credits_30d'] === 'number' ? total['credits_30d'] : undefined;
      if (credits !== undefined) metrics.setSelfCostCredits(credits, name);
    }
  }
  for (const run of result.waiting ?? []) metrics.recordCheckRun(run.name, 'ok', run.durationMs / 1000, name);
}

/**
 * Each run's failure streak (the stored latest runs, read once for all checks, with this cycle's in
 * front), the partial grants, and the `snowmon_health` run they make. A waiting run ends a streak.
 */
async function judgeHealth(deps: RecordCycleDeps, ledger: AlertLedger, result: LoopResult, now: Date): Promise<CheckOutcome> {
  const { health } = deps;
  const runs = [
    ...result.outcomes.map((o) => ({ name: o.name, status: o.status, startedAt: validOr(new Date(o.startedAt), now), error: o.error })),
    ...(result.waiting ?? []).map((w) => ({ name: w.name, status: 'ok' as const, startedAt: new Date(w.startedAt), error: undefined })),
  ];
  const stored = await ledger.latestRuns(
    runs.map((r) => r.name),
    STREAK_RUNS - 1,
    deps.account?.name,
  );
  const streak = (index: number) => {
    const name = runs[index]?.name;
    const mine = runs
      .slice(0, index + 1)
      .filter((r) => r.name === name)
      .reverse();
    return streakOf([...mine, ...(stored.get(name ?? '') ?? [])].slice(0, STREAK_RUNS));
  };
  for (const [i, outcome] of result.outcomes.entries()) {
    const error = outcome.error;
    health.setStreak(outcome.name, { ...streak(i), ...(error !== undefined ? { error } : {}) });
    health.recordRun(outcome);
  }
  for (const [i, run] of (result.waiting ?? []).entries()) health.setStreak(run.name, streak(result.outcomes.length + i));
  return healthOutcome(health.facts(deps.threshold, deps.snowflakeDownForMs), now);
}

function validOr(date: Date, fallback: Date): Date {
  return Number.isNaN(date.getTime()) ? fallback : date;
}
