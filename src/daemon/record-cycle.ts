/**
 * What the daemon does with one loop cycle's outcomes: metrics per check run, ingest into the ledger (each
 * run recorded; failed and partial checks resolve nothing; waiting runs are recorded, never ingested),
 * each check's latest rows and findings kept for the dashboard, failure streaks, refused grants and the Snowflake session into `HealthState`, the `snowmon_health` run
 * ingested with the current set, the groups flushed, and the
 * firing-alerts gauge updated. It schedules nothing and sends nothing.
 */

import type { AccountIdentity } from '../alerts/account-labels.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { CheckOutcome } from '../checks/check.js';
import type { AlertLedger } from '../ledger/alert-ledger.js';
import type { CheckSnapshotStore } from '../ledger/check-snapshot-store.js';
import type { Logger } from './logger.js';
import type { DaemonMetrics } from './metrics.js';
import { healthOutcome, type HealthState } from './monitor-health.js';
import type { LoopResult } from './free-loop.js';

export interface RecordCycleDeps {
  readonly alerting: Dispatcher;
  readonly ledger: AlertLedger;
  /** Keeps each check's latest rows and findings for the dashboard. */
  readonly snapshots: CheckSnapshotStore;
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
}

export async function recordCycle(deps: RecordCycleDeps, result: LoopResult, now: Date): Promise<CycleRecord> {
  const { alerting, ledger, health, metrics, logger, account } = deps;
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
  if (result.touchesSnowflake === false) {
    // The dbt loop: Snowflake's state stays what the other loops last saw.
  } else if (result.sessionError !== undefined) {
    health.snowflakeFailed(result.sessionError, now);
    logger.error({ component: 'snowflake', error: result.sessionError }, 'cannot reach Snowflake');
  } else {
    health.snowflakeOk();
  }
  await alerting.ingest(result.outcomes, now, account);
  await deps.snapshots.save(result.outcomes, name);
  for (const run of result.waiting ?? []) {
    metrics.recordCheckRun(run.name, 'ok', run.durationMs / 1000, name);
    // Recorded, not ingested: the run ends a failure streak and resolves nothing (no data is not good news).
    await ledger.recordCheckRun({
      check: run.name,
      ...(name !== undefined ? { account: name } : {}),
      startedAt: new Date(run.startedAt),
      endedAt: now,
      status: 'ok',
      rows: run.rows,
    });
  }
  for (const outcome of result.outcomes) {
    const streak = await ledger.failureStreak(outcome.name, undefined, name);
    health.setStreak(outcome.name, { ...streak, ...(outcome.error !== undefined ? { error: outcome.error } : {}) });
    health.recordRun(outcome);
  }
  for (const run of result.waiting ?? []) health.setStreak(run.name, await ledger.failureStreak(run.name, undefined, name));
  const healthRun = healthOutcome(health.facts(deps.threshold, deps.snowflakeDownForMs), now);
  await alerting.ingest([healthRun], now, account);
  await alerting.flush(now);
  const counts: Record<string, number> = {};
  for (const alert of await ledger.active()) {
    const type = alert.labels['alert_type'] ?? 'unknown';
    counts[type] = (counts[type] ?? 0) + 1;
  }
  metrics.setAlertsFiring(counts);
  return { outcomes: result.outcomes, ...(result.sessionError !== undefined ? { sessionError: result.sessionError } : {}), health: healthRun };
}
