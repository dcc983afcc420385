/**
 * The daemon's schedules: the free, warehouse and dbt loops as cron jobs (src/daemon/scheduler.ts), each run
 * counted in flight; at start, a first free cycle and dbt poll right away, the delivery timer, and the
 * warehouse catch-up. Not started when tests drive the loops by hand.
 */

import { catchUpScheduled } from './catch-up-warehouse.js';
import { daemonJobs, FREE_JOB } from './daemon-jobs.js';
import { tracked, type Daemon } from './daemon-runtime.js';
import { DBT_JOB, dbtJobs } from './dbt-loop.js';
import { message } from './loop-settings.js';
import { runDbt, runFreeCycle, runWarehouse } from './run-cycles.js';
import { createScheduler, type Scheduler } from './scheduler.js';

export function scheduleLoops(daemon: Daemon): void {
  const { rt, logger } = daemon;
  const scheduler = makeScheduler(daemon);
  rt.scheduler = scheduler;
  scheduler.start();
  daemon.delivery.poke();
  void scheduler.runNow(FREE_JOB).catch((error: unknown) => logger.error({ error: message(error) }, 'first free cycle failed'));
  if (rt.config.dbt.artifacts.length > 0)
    void scheduler.runNow(DBT_JOB).catch((error: unknown) => logger.error({ error: message(error) }, 'first dbt poll failed'));
  void catchUpScheduled(daemon);
}

/** A scheduler for the config in force (also rebuilt by a reload that changes the schedules). */
export function makeScheduler(daemon: Daemon): Scheduler {
  const { rt, logger, now } = daemon;
  return createScheduler(
    [
      ...daemonJobs(rt.config.daemon, {
        free: async ({ signal }) => {
          await tracked(daemon, () => runFreeCycle(daemon, now(), signal));
        },
        warehouse: async () => {
          await tracked(daemon, () => runWarehouse(daemon, now()));
        },
      }),
      ...dbtJobs(rt.config.dbt, rt.config.daemon.runTimeoutMs, async () => {
        await tracked(daemon, () => runDbt(daemon, now()));
      }),
    ],
    {
      timezone: rt.config.daemon.timezone,
      logger,
      onEvent: (event) => {
        if (event.type === 'run_finished' && event.status === 'failed') logger.error({ job: event.job, error: event.error }, 'scheduled run failed');
        else if (event.type === 'run_skipped_overlap') logger.warn({ job: event.job }, 'previous run still going; tick skipped');
      },
    },
  );
}
