/**
 * Where in its cycle each account's loops run when a daemon watches more than one account: a stable offset
 * after every tick, from a hash of the account's name, under the loops' shortest gap between ticks, so many
 * accounts' cycles (their Snowflake logins and store writes) spread over the cycle instead of all starting on
 * the same second. One account keeps the ticks exactly. A pure function; the scheduler applies the offset.
 */

import { createHash } from 'node:crypto';
import { tickGapsMs } from './daemon-jobs.js';

/** The account's place in any cycle: a fraction in [0, 1), the first 48 bits of sha256(name) over 2^48. */
export function accountPhase(account: string): number {
  return createHash('sha256').update(account).digest().readUIntBE(0, 6) / 2 ** 48;
}

/**
 * How long after each tick `account`'s runs come: its phase of the shortest gap between the ticks of
 * `crons` (the free and warehouse loops, read in `timezone`), in whole ms; 0 when `accountCount` is 1.
 */
export function tickOffsetMs(account: string, accountCount: number, crons: readonly string[], timezone: string): number {
  if (accountCount <= 1) return 0;
  const cycleMs = Math.min(...crons.flatMap((cron) => tickGapsMs(cron, timezone)));
  return Number.isFinite(cycleMs) ? Math.floor(accountPhase(account) * cycleMs) : 0;
}
