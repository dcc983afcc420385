/**
 * One cycle of each of the daemon's loops as the leader runs it: run (free, warehouse, dbt), ingest, count
 * the job's success; the free loop then pings the heartbeat and the warehouse loop logs the self-cost digest.
 * A standby runs nothing. Scheduling is src/daemon/schedule-loops.ts's.
 */

import { FREE_JOB, WAREHOUSE_JOB } from './daemon-jobs.js';
import type { Daemon } from './daemon-runtime.js';
import { DBT_JOB } from './dbt-loop.js';
import type { LoopSettings } from './free-loop.js';
import { pingHeartbeat } from './heartbeat.js';
import { ingestCycle } from './ingest-cycle.js';
import { loopSettingsFor, message } from './loop-settings.js';
import type { DbtContext } from '../dbt/evaluate-dbt-query-history.js';
import type { CycleRecord } from './record-cycle.js';
import { selfCostDigest } from './self-cost-digest.js';
import type { SnowflakeSettings } from '../sources/snowflake-settings.js';
import { runWarehouseCycle } from './warehouse-loop.js';
import { runOrganizationIfDue } from './organization-step.js';

export async function runFreeCycle(daemon: Daemon, at: Date, signal?: AbortSignal): Promise<CycleRecord | undefined> {
  if (!daemon.leading()) return undefined;
  const result = await daemon.freeLoop.cycle(loopSettings(daemon), at, signal);
  const recorded = await ingestCycle(daemon, result, at);
  if (recorded !== undefined) {
    daemon.rt.lastCycleAt = at;
    daemon.metrics.recordJobSuccess(FREE_JOB, at);
  }
  const url = daemon.rt.config.daemon.heartbeatUrl;
  if (url !== undefined && recorded !== undefined && result.sessionError === undefined) {
    const ping = await pingHeartbeat({ url: url.reveal(), ...(daemon.deps.fetch ? { fetch: daemon.deps.fetch } : {}) });
    if (!ping.ok) daemon.logger.warn({ error: ping.error }, 'heartbeat ping failed');
  }
  return recorded;
}

export async function runWarehouse(daemon: Daemon, at: Date): Promise<CycleRecord | undefined> {
  if (!daemon.leading()) return undefined;
  const { dbt } = daemon.rt.config;
  // With artifacts, dbt_query_history takes owners from the manifest and yields to the dbt loop's alerts.
  const fromArtifacts = dbt.artifacts.length > 0 ? await daemon.dbtLoop.queryHistoryContext(dbt, at) : {};
  const result = await runWarehouseCycle({ connect: daemon.connect, onStatement: daemon.onStatement }, loopSettings(daemon, fromArtifacts), at);
  const recorded = await ingestCycle(daemon, result, at);
  if (recorded !== undefined) daemon.metrics.recordJobSuccess(WAREHOUSE_JOB, at);
  // The daily digest line (the warehouse loop runs daily by default): what snowmon itself spent.
  const digest = selfCostDigest(result.outcomes, daemon.rt.config.pricing.usdPerCredit, at);
  if (digest !== undefined) {
    daemon.rt.lastSelfCost = digest;
    daemon.logger.info(
      { self_cost: { credits_1d: digest.credits1d, usd_1d: digest.usd1d, credits_30d: digest.credits30d, statements: digest.statements } },
      digest.line,
    );
  }
  // Once a day, the organization's bill against this cycle's daily_credits (its own session; organization: only).
  await runOrganizationIfDue(daemon, at, result.outcomes).catch((error: unknown) => daemon.logger.error({ error: message(error) }, 'organization step failed'));
  return recorded;
}

/** One poll of the dbt loop (src/daemon/dbt-loop.ts), when dbt is configured: no Snowflake. */
export async function runDbt(daemon: Daemon, at: Date): Promise<CycleRecord | undefined> {
  const { config } = daemon.rt;
  if (!daemon.leading() || config.dbt.artifacts.length === 0) return undefined;
  const recorded = await ingestCycle(daemon, await daemon.dbtLoop.cycle(config.dbt, at), at);
  if (recorded !== undefined) daemon.metrics.recordJobSuccess(DBT_JOB, at);
  return recorded;
}

/** The loops' settings, with the daemon's clock stamping each check run. */
function loopSettings(daemon: Daemon, dbt: Omit<DbtContext, 'pipelines'> = {}): LoopSettings {
  const s = loopSettingsFor(daemon.rt.config, daemon.rt.settings as SnowflakeSettings, daemon.rt.checks, dbt);
  return { ...s, run: { ...s.run, clock: daemon.now } };
}
