/**
 * The readiness decision behind `/readyz`: ready when the store answers and the last good cycle of the
 * free loop is recent enough (a standby, or a fleet replica holding no account, runs no cycle: the store
 * is enough). Pure, given the facts and `now`; probing the store is the caller's.
 */

import type { HealthReport } from './http-server.js';

export interface ReadinessFacts {
  /** Whether a trivial store query just succeeded, and why not when it did not (secret-free). */
  readonly store: { readonly ok: true } | { readonly ok: false; readonly error: string };
  /** When the last cycle finished well; undefined before the first one. */
  readonly lastCycleAt: Date | undefined;
  /** When the daemon started (the first cycle gets `maxCycleAgeMs` from here). */
  readonly startedAt: Date;
  /** Older than this, the last cycle counts as stale (e.g. 3 × the free loop's interval). */
  readonly maxCycleAgeMs: number;
  /** Whether this daemon leads; a standby is ready (it can take over) and says so. */
  readonly leader?: boolean;
  /** Fleet mode: how many accounts this replica holds; with none it runs no cycles and is ready (it can take some). */
  readonly accountsHeld?: number;
}

function minutes(ms: number): string {
  return `${Math.round(ms / 6_000) / 10} min`;
}

/** The /readyz report for these facts at `now`. */
export function decideReadiness(facts: ReadinessFacts, now: Date): HealthReport {
  const details: Record<string, unknown> = {
    last_cycle_at: facts.lastCycleAt?.toISOString() ?? null,
    ...(facts.leader !== undefined ? { role: facts.leader ? 'leader' : 'standby' } : {}),
    ...(facts.accountsHeld !== undefined ? { accounts_held: facts.accountsHeld } : {}),
  };
  if (!facts.store.ok) return { ready: false, reason: `store unreachable: ${facts.store.error}`, details };
  // A standby runs no cycles: its readiness is the store's.
  if (facts.leader === false || facts.accountsHeld === 0) return { ready: true, details };
  const since = facts.lastCycleAt ?? facts.startedAt;
  const age = now.getTime() - since.getTime();
  if (age > facts.maxCycleAgeMs) {
    const reason =
      facts.lastCycleAt === undefined
        ? `no cycle has finished in the ${minutes(age)} since start (limit ${minutes(facts.maxCycleAgeMs)})`
        : `last cycle finished ${minutes(age)} ago (limit ${minutes(facts.maxCycleAgeMs)})`;
    return { ready: false, reason, details };
  }
  return { ready: true, details };
}
