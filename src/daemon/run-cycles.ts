/**
 * One cycle of each of the daemon's loops for one watched account, as the schedules run it: run (free,
 * warehouse, dbt), ingest under the account's identity, count the job's success; the free loop then pings
 * the heartbeat and the warehouse loop logs the self-cost digest. A standby runs nothing. Scheduling is
 * src/daemon/schedule-loops.ts's.
 */

import { dbtAccount, type AccountWatch } from './account-watch.js';
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
import { runWarehouseCycle } from './warehouse-loop.js';
import { runOrganizationIfDue } from './organization-step.js';
import { runFleetBudgetsIfDue } from './fleet-budgets-step.js';

export async function runFreeCycle(daemon: Daemon, watch: AccountWatch, at: Date, signal?: AbortSignal): Promise<CycleRecord | undefined> {
  if (!daemon.leading()) return undefined;
  const result = await watch.freeLoop.cycle(loopSettings(daemon, watch), at, signal);
  const recorded = await ingestCycle(daemon, watch, result, at);
  if (recorded !== undefined) {
    daemon.rt.lastCycleAt = at;
    daemon.metrics.recordJobSuccess(FREE_JOB, at, watch.account.name);
  }
  const url = daemon.rt.config.daemon.heartbeatUrl;
  if (url !== undefined && recorded !== undefined && result.sessionError === undefined) {
    const ping = await pingHeartbeat({ url: url.reveal(), ...(daemon.deps.fetch ? { fetch: daemon.deps.fetch } : {}) });
    if (!ping.ok) daemon.logger.warn({ error: ping.error }, 'heartbeat ping failed');
  }
  return recorded;
}

export async function runWarehouse(daemon: Daemon, watch: AccountWatch, at: Date): Promise<CycleRecord | undefined> {
  if (!daemon.leading()) return undefined;
  const { dbt } = daemon.rt.config;
  const name = watch.account.name;
  // With artifacts, dbt_query_history takes owners from the manifest and yields to the dbt loop's alerts (the dbt account only).
  const fromArtifacts = dbt.artifacts.length > 0 && name === dbtAccount(daemon.rt.config) ? await daemon.dbtLoop.queryHistoryContext(dbt, at) : {};
  const onStatement = (check: string, failed: boolean) => daemon.metrics.recordStatement(check, failed, name);
  const result = await runWarehouseCycle({ connect: watch.connect, onStatement }, loopSettings(daemon, watch, fromArtifacts), at);
  const recorded = await ingestCycle(daemon, watch, result, at);
  if (recorded !== undefined) daemon.metrics.recordJobSuccess(WAREHOUSE_JOB, at, name);
  // The daily digest line (the warehouse loop runs daily by default): what snowmon itself spent.
  const digest = selfCostDigest(result.outcomes, watch.account.usdPerCredit, at);
  if (digest !== undefined) {
    watch.lastSelfCost = digest;
    daemon.rt.lastSelfCost = digest;
    daemon.logger.info(
      { account: name, self_cost: { credits_1d: digest.credits1d, usd_1d: digest.usd1d, credits_30d: digest.credits30d, statements: digest.statements } },
      digest.line,
    );
  }
  // Several accounts: the budgets of no account summed over every account's latest part (the first account's cycle).
  if (recorded !== undefined)
    await runFleetBudgetsIfDue(daemon, watch, at, result.outcomes).catch((error: unknown) =>
      daemon.logger.error({ error: message(error) }, 'fleet-wide budgets step failed'),
    );
  // Once a day, the organization's bill against this cycle's daily_credits (its own session; organization: only).
  await runOrganizationIfDue(daemon, watch, at, result.outcomes).catch((error: unknown) =>
    daemon.logger.error({ error: message(error) }, 'organization step failed'),
  );
  return recorded;
}

/** One poll of the dbt loop (src/daemon/dbt-loop.ts), when dbt is configured, under the dbt account: no Snowflake. */
export async function runDbt(daemon: Daemon, watch: AccountWatch, at: Date): Promise<CycleRecord | undefined> {
  const { config } = daemon.rt;
  if (!daemon.leading() || config.dbt.artifacts.length === 0) return undefined;
  const recorded = await ingestCycle(daemon, watch, await daemon.dbtLoop.cycle(config.dbt, at), at);
  if (recorded !== undefined) daemon.metrics.recordJobSuccess(DBT_JOB, at, watch.account.name);
  return recorded;
}

/** The loops' settings for the account: its price, warehouse and deadlines, the daemon's clock stamping each run. */
function loopSettings(daemon: Daemon, watch: AccountWatch, dbt: Omit<DbtContext, 'pipelines'> = {}): LoopSettings {
  const s = loopSettingsFor(daemon.rt.config, watch.settings, daemon.rt.checks, dbt, watch.account.name);
  return { ...s, run: { ...s.run, usdPerCredit: watch.account.usdPerCredit, clock: daemon.now } };
}
