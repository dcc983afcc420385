/**
 * The fleet bench's takeover decomposition, pure: an account's unwatched gap around a kill -9 cut into
 * what it is made of, from the check runs and the lease rows. Before the kill: from the account's last
 * stored run (more than one cycle means a tick ran but its results were not stored: storage lag). TTL
 * wait: from the kill to the dead replica's lease lapsing (its last renewal + the TTL). Notice: from the
 * lapse to a survivor's claim. Start: from the claim to the survivor's first run. The four add up to the gap.
 */

import type { LeaseRow } from './store-readers.js';
import type { UnwatchedGap } from './unwatched.js';

export interface Takeover {
  readonly account: string;
  readonly gapMs: number;
  /** The gap was still open when the bench stopped looking. */
  readonly open: boolean;
  readonly killAt: number;
  readonly lastRun: number;
  /** The dead replica's last renewal of this account's lease (its lease's expiry less the TTL). */
  readonly lastRenewal?: number;
  /** The dead replica's last heartbeat (`replicas`). */
  readonly heartbeat?: number;
  readonly lapse?: number;
  readonly claimed?: { readonly at: number; readonly owner: string };
  readonly firstRun?: number;
  readonly beforeKillMs: number;
  /** Of `beforeKillMs`, what exceeds one cycle: ticks the dead replica ran but never stored. */
  readonly storageLagMs: number;
  readonly ttlWaitMs?: number;
  readonly noticeMs?: number;
  readonly startMs?: number;
}

/** Lease snapshots as the bench polls them: [when, account -> lease]. */
export type LeaseSnapshots = readonly (readonly [number, ReadonlyMap<string, LeaseRow>])[];

/** The first claim of `account` by an owner other than `dead` seen after `after`: when (its expiry less the TTL) and by whom. */
export function firstClaimAfter(snapshots: LeaseSnapshots, account: string, dead: string, after: number, ttlMs: number): Takeover['claimed'] {
  for (const [at, leases] of snapshots) {
    if (at <= after) continue;
    const lease = leases.get(account);
    if (lease?.owner != null && lease.owner !== dead) return { at: lease.expiresAt - ttlMs, owner: lease.owner };
  }
  return undefined;
}

export function decomposeTakeover(input: {
  readonly gap: UnwatchedGap;
  readonly killAt: number;
  readonly cycleMs: number;
  readonly ttlMs: number;
  /** The account's lease as read right after the kill (still the dead replica's). */
  readonly leaseAtKill?: LeaseRow;
  readonly heartbeatAtKill?: number;
  readonly claimed?: Takeover['claimed'];
}): Takeover {
  const { gap, killAt, cycleMs, ttlMs, leaseAtKill, claimed } = input;
  const beforeKillMs = killAt - gap.from;
  const lapse = leaseAtKill?.expiresAt;
  const firstRun = gap.open ? undefined : gap.to;
  return {
    account: gap.account,
    gapMs: gap.ms,
    open: gap.open,
    killAt,
    lastRun: gap.from,
    ...(lapse !== undefined ? { lastRenewal: lapse - ttlMs, lapse, ttlWaitMs: lapse - killAt } : {}),
    ...(input.heartbeatAtKill !== undefined ? { heartbeat: input.heartbeatAtKill } : {}),
    ...(claimed !== undefined ? { claimed } : {}),
    ...(firstRun !== undefined ? { firstRun } : {}),
    ...(claimed !== undefined && lapse !== undefined ? { noticeMs: claimed.at - lapse } : {}),
    ...(claimed !== undefined && firstRun !== undefined ? { startMs: firstRun - claimed.at } : {}),
    beforeKillMs,
    storageLagMs: Math.max(0, beforeKillMs - cycleMs),
  };
}

const s = (ms: number | undefined): string => (ms === undefined ? '?' : `${(ms / 1000).toFixed(1)} s`);
const rel = (at: number | undefined, kill: number): string => (at === undefined ? '?' : `${at >= kill ? '+' : '−'}${s(Math.abs(at - kill))}`);

/** Two lines: the instants from the kill, then the gap as the sum of its parts. */
export function describeTakeover(t: Takeover, ownerName: (owner: string) => string = (o) => o): string[] {
  return [
    `${t.account}: last stored run ${rel(t.lastRun, t.killAt)}, kill 0, dead replica's last lease renewal ${rel(t.lastRenewal, t.killAt)}` +
      ` (heartbeat ${rel(t.heartbeat, t.killAt)}), lease lapsed ${rel(t.lapse, t.killAt)},` +
      ` claimed${t.claimed ? ` by ${ownerName(t.claimed.owner)}` : ''} ${rel(t.claimed?.at, t.killAt)}, first run ${rel(t.firstRun, t.killAt)}`,
    `gap ${s(t.gapMs)}${t.open ? ' (still open)' : ''} = ${s(t.beforeKillMs)} before the kill (storage lag beyond one cycle ${s(t.storageLagMs)})` +
      ` + ${s(t.ttlWaitMs)} TTL wait + ${s(t.noticeMs)} notice + ${s(t.startMs)} to the first run`,
  ];
}

/** The largest of each part over several takeovers (e.g. every account the dead replica held). */
export function worstParts(takeovers: readonly Takeover[]): { storageLagMs: number; ttlWaitMs: number; noticeMs: number; startMs: number } {
  const max = (pick: (t: Takeover) => number | undefined) => Math.max(0, ...takeovers.map(pick).filter((v): v is number => v !== undefined));
  return { storageLagMs: max((t) => t.storageLagMs), ttlWaitMs: max((t) => t.ttlWaitMs), noticeMs: max((t) => t.noticeMs), startMs: max((t) => t.startMs) };
}
