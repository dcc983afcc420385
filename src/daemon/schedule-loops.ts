/**
 * The daemon's schedules, one scheduler per watched account: its free and warehouse loops as cron jobs
 * (src/daemon/scheduler.ts), each account's at its own offset after the tick when there are several
 * (tick-offset.ts), and the dbt loop on the dbt account, each run counted in flight; when an
 * account is gained, a first free cycle and dbt poll right away and the warehouse catch-up. Not started
 * when tests drive the loops by hand. The delivery timer is the daemon's, shared by every account.
 */

import { dbtAccount, type AccountWatch } from './account-watch.js';
import { catchUpScheduled } from './catch-up-warehouse.js';
import { daemonJobs, FREE_JOB } from './daemon-jobs.js';
import { tracked, type Daemon } from './daemon-runtime.js';
import { DBT_JOB, dbtJobs } from './dbt-loop.js';
import { message } from './loop-settings.js';
import { runDbt, runFreeCycle, runWarehouse } from './run-cycles.js';
import { createScheduler, type Scheduler } from './scheduler.js';
import { tickOffsetMs } from './tick-offset.js';

/** Starts the loops of every watched account (and of each gained later) and the delivery timer. */
export function scheduleLoops(daemon: Daemon): void {
  daemon.rt.scheduling = true;
  daemon.delivery.poke();
  for (const watch of daemon.rt.watches.values()) startWatch(daemon, watch);
}

/** Starts watching an account: its schedules, a first free cycle (and dbt poll) now, and the warehouse catch-up. */
export function startWatch(daemon: Daemon, watch: AccountWatch): void {
  const { rt, logger } = daemon;
  if (daemon.deps.schedule === false || rt.stopping) return;
  const scheduler = makeScheduler(daemon, watch);
  watch.scheduler = scheduler;
  scheduler.start();
  const log = logger.child({ account: watch.account.name });
  void scheduler.runNow(FREE_JOB).catch((error: unknown) => log.error({ error: message(error) }, 'first free cycle failed'));
  if (ownsDbt(daemon, watch)) void scheduler.runNow(DBT_JOB).catch((error: unknown) => log.error({ error: message(error) }, 'first dbt poll failed'));
  void catchUpScheduled(daemon, watch);
}

/** A scheduler for the account under the config in force (also rebuilt by a reload that changes the schedules). */
export function makeScheduler(daemon: Daemon, watch: AccountWatch): Scheduler {
  const { rt, logger, now } = daemon;
  const log = logger.child({ account: watch.account.name });
  const { freeLoop, warehouseLoop, timezone } = rt.config.daemon;
  // With several accounts each runs at its own place in the cycle; one account keeps the ticks exactly.
  const offsetMs = tickOffsetMs(watch.account.name, rt.config.accounts.length, [freeLoop, warehouseLoop], timezone);
  return createScheduler(
    [
      ...daemonJobs(
        rt.config.daemon,
        {
          free: async ({ signal }) => {
            await tracked(daemon, () => runFreeCycle(daemon, watch, now(), signal));
          },
          warehouse: async () => {
            await tracked(daemon, () => runWarehouse(daemon, watch, now()));
          },
        },
        offsetMs,
      ),
      ...(ownsDbt(daemon, watch)
        ? dbtJobs(rt.config.dbt, rt.config.daemon.runTimeoutMs, async () => {
            await tracked(daemon, () => runDbt(daemon, watch, now()));
          })
        : []),
    ],
    {
      timezone: rt.config.daemon.timezone,
      logger: log,
      onEvent: (event) => {
        if (event.type === 'run_finished' && event.status === 'failed') log.error({ job: event.job, error: event.error }, 'scheduled run failed');
        else if (event.type === 'run_skipped_overlap') log.warn({ job: event.job }, 'previous run still going; tick skipped');
      },
    },
  );
}

function ownsDbt(daemon: Daemon, watch: AccountWatch): boolean {
  return daemon.rt.config.dbt.artifacts.length > 0 && watch.account.name === dbtAccount(daemon.rt.config);
}
