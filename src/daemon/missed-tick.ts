/**
 * Whether a cron job missed its latest tick while the daemon was down: the catch-up rule of
 * graphile-worker's cron, for the warehouse loop. A pure function of the expression, the last recorded
 * run and `now`; running the job is the caller's.
 */

import { createTask } from 'node-cron';

/** Ticks further back than this are not caught up (a week: a daily job, a restart after a long outage). */
export const MAX_CATCH_UP_MS = 7 * 24 * 3_600_000;

const MINUTE_MS = 60_000;

/**
 * The latest tick of `cron` (read in `timezone`) after `lastRunAt` and at or before `now`, within
 * `MAX_CATCH_UP_MS`; undefined when no tick was missed, or when the job never ran (nothing to catch up:
 * a fresh install waits for its first tick). Ticks are looked for on whole minutes, so a seconds field
 * in the expression is read as its minute.
 */
export function latestMissedTick(cron: string, timezone: string, lastRunAt: Date | undefined, now: Date): Date | undefined {
  if (lastRunAt === undefined) return undefined;
  const task = createTask(cron, () => undefined, { timezone });
  try {
    const oldest = Math.max(lastRunAt.getTime(), now.getTime() - MAX_CATCH_UP_MS);
    for (let t = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS; t > oldest; t -= MINUTE_MS) {
      const tick = new Date(t);
      if (task.match(tick)) return tick;
    }
    return undefined;
  } finally {
    void task.destroy();
  }
}
