/**
 * The warehouse loop's catch-up after a restart: its latest tick when it passed while no daemon was running
 * (the last warehouse check run in the store is older than it). A restart across 06:00 then does not lose
 * the day's only warehouse cycle: the caller runs it once, and that run is recorded, so the next look finds
 * nothing missed. Per watched account. The tick itself is src/daemon/missed-tick.ts's pure decision.
 */

import type { AlertLedger } from '../ledger/alert-ledger.js';
import type { AccountWatch } from './account-watch.js';
import { WAREHOUSE_JOB } from './daemon-jobs.js';
import type { Daemon } from './daemon-runtime.js';
import { message } from './loop-settings.js';
import { latestMissedTick } from './missed-tick.js';

/** The missed tick, logged; undefined when nothing was missed or this replica is not leading. */
export async function missedWarehouseTick(daemon: Daemon, watch: AccountWatch, at: Date): Promise<Date | undefined> {
  if (!daemon.leading()) return undefined;
  const { rt } = daemon;
  const names = rt.checks.filter((c) => c.header.cost === 'warehouse').map((c) => c.header.name);
  let lastRunAt: Date | undefined;
  for (const name of names) {
    const started = (await (rt.store?.ledger as AlertLedger).checkRuns(name, 1, watch.account.name))[0]?.startedAt;
    if (started !== undefined && (lastRunAt === undefined || started > lastRunAt)) lastRunAt = started;
  }
  const missed = latestMissedTick(rt.config.daemon.warehouseLoop, rt.config.daemon.timezone, lastRunAt, at);
  if (missed !== undefined) {
    daemon.logger.info(
      { job: WAREHOUSE_JOB, account: watch.account.name, missed: missed.toISOString(), last_run: lastRunAt?.toISOString() },
      'the warehouse loop missed a tick while no daemon ran: catching up once',
    );
  }
  return missed;
}

/** At start and on taking the lease: a missed warehouse tick runs through the scheduler (its deadline, no overlap). */
export async function catchUpScheduled(daemon: Daemon, watch: AccountWatch): Promise<void> {
  try {
    if ((await missedWarehouseTick(daemon, watch, daemon.now())) !== undefined) await watch.scheduler?.runNow(WAREHOUSE_JOB);
  } catch (error) {
    daemon.logger.error({ job: WAREHOUSE_JOB, account: watch.account.name, error: message(error) }, 'warehouse catch-up failed');
  }
}
