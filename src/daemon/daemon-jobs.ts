/**
 * The daemon's two cron jobs from `daemon:` config (the free loop and the warehouse loop, each with the
 * run timeout), and the free loop's tick interval for readiness. Wiring only: the jobs' work is handed in.
 */

import { createTask } from 'node-cron';
import type { DaemonConfig } from './daemon-config.js';
import type { JobContext, JobDefinition } from './scheduler.js';

export const FREE_JOB = 'free_loop';
export const WAREHOUSE_JOB = 'warehouse_loop';

export interface DaemonJobRuns {
  readonly free: (context: JobContext) => Promise<void>;
  readonly warehouse: (context: JobContext) => Promise<void>;
}

/** The two jobs; both run `offsetMs` after their ticks (an account's place in the cycle, tick-offset.ts). */
export function daemonJobs(config: DaemonConfig, runs: DaemonJobRuns, offsetMs = 0): JobDefinition[] {
  return [
    { name: FREE_JOB, cron: config.freeLoop, timeoutMs: config.runTimeoutMs, offsetMs, run: runs.free },
    { name: WAREHOUSE_JOB, cron: config.warehouseLoop, timeoutMs: config.warehouseRunTimeoutMs, offsetMs, run: runs.warehouse },
  ];
}

/** The longest gap between the next few ticks of `cron` (e.g. 60 000 for every minute). */
export function tickIntervalMs(cron: string, timezone: string): number {
  const gap = Math.max(0, ...tickGapsMs(cron, timezone));
  return gap > 0 ? gap : 60_000;
}

/** The gaps between the next six ticks of `cron`, in ms. */
export function tickGapsMs(cron: string, timezone: string): number[] {
  const task = createTask(cron, () => undefined, { timezone });
  try {
    const runs = task.getNextRuns(6);
    return runs.slice(1).map((run, i) => run.getTime() - (runs[i] as Date).getTime());
  } finally {
    void task.destroy();
  }
}
