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

export function daemonJobs(config: DaemonConfig, runs: DaemonJobRuns): JobDefinition[] {
  return [
    { name: FREE_JOB, cron: config.freeLoop, timeoutMs: config.runTimeoutMs, run: runs.free },
    { name: WAREHOUSE_JOB, cron: config.warehouseLoop, timeoutMs: config.warehouseRunTimeoutMs, run: runs.warehouse },
  ];
}

/** The longest gap between the next few ticks of `cron` (e.g. 60 000 for every minute). */
export function tickIntervalMs(cron: string, timezone: string): number {
  const task = createTask(cron, () => undefined, { timezone });
  try {
    const runs = task.getNextRuns(6);
    let gap = 0;
    for (let i = 1; i < runs.length; i++) gap = Math.max(gap, (runs[i] as Date).getTime() - (runs[i - 1] as Date).getTime());
    return gap > 0 ? gap : 60_000;
  } finally {
    void task.destroy();
  }
}
