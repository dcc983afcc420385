/**
 * When a fleet replica's next lease round should come: at the regular ttl/3, or earlier, right after the
 * moment it could claim an account it stands to watch: when another replica's lease on it lapses, or when
 * the heartbeat of the replica desired for it lapses and the live set changes. A pure decision over what
 * the last round read from the store; the rounds themselves are leased-accounts.ts's.
 */

import type { Eligibility } from './listed-owners.js';
import { desiredOwners } from './rendezvous-owner.js';

/** A lease another replica holds, not lapsed when read. */
export interface ForeignLease {
  readonly account: string;
  readonly owner: string;
  readonly expiresAt: Date;
}

/** What the last round saw. */
export interface LeaseRoundView {
  /** This replica. */
  readonly owner: string;
  /** Every configured account. */
  readonly accounts: readonly string[];
  /** When the round read the store (ms since epoch). */
  readonly now: number;
  readonly ttlMs: number;
  /** The live replicas' last heartbeats, this one's included. */
  readonly heartbeats: ReadonlyMap<string, Date>;
  /** The leases other replicas hold. */
  readonly foreign: readonly ForeignLease[];
  /** Every live replica's listed accounts and who lists each (listed-owners.ts); default: `accounts`, every live replica. */
  readonly listed?: Eligibility;
}

/** How long after an expiry the extra round comes: timers may fire a millisecond early; small against the ttl. */
export function claimMarginMs(ttlMs: number): number {
  return Math.min(100, Math.max(5, Math.floor(ttlMs / 100)));
}

/** The regular interval between rounds: a third of the ttl. */
export function regularRoundMs(ttlMs: number): number {
  return Math.max(1, Math.floor(ttlMs / 3));
}

/**
 * Milliseconds from `view.now` to the next round: the regular interval, or less when an account this
 * replica would watch becomes claimable sooner (plus a small margin). Only moments still ahead count, so an
 * account that stays unclaimable (locked by another claim) waits for the regular round: no spinning.
 */
export function nextLeaseRoundMs(view: LeaseRoundView): number {
  const regular = regularRoundMs(view.ttlMs);
  const margin = claimMarginMs(view.ttlMs);
  let next = regular;
  for (const at of claimableAt(view)) {
    const delay = at + margin - view.now;
    if (at > view.now && delay < next) next = delay;
  }
  return Math.max(margin, next);
}

/**
 * For each account this replica does not hold but would watch once what is in the way lapses, when that
 * is: an account it is desired for now, at the foreign lease's expiry; an account it would be desired for
 * once another live replica's heartbeat lapses (the assignment over the live set minus that one: its own
 * accounts and, loads being bounded, a few others), at the later of that lapse and the expiry of a lease
 * held by that replica or by one already gone. One held by a third live replica is left to that one to
 * release after it notices the lapse.
 */
function claimableAt(view: LeaseRoundView): number[] {
  const { owner, accounts, ttlMs, heartbeats } = view;
  const live = [...heartbeats.keys()];
  const held = new Map(view.foreign.map((l) => [l.account, l]));
  // Over every live replica's accounts, each among the replicas listing it: the assignment the rounds make.
  const all = view.listed?.accounts ?? accounts;
  const eligible = view.listed?.eligible;
  const desired = desiredOwners(all, live, eligible);
  const times: number[] = [];
  for (const account of accounts) {
    const lease = held.get(account);
    if (desired.get(account) === owner && lease !== undefined) times.push(lease.expiresAt.getTime());
  }
  for (const gone of live) {
    if (gone === owner) continue;
    const lapse = (heartbeats.get(gone)?.getTime() ?? 0) + ttlMs;
    const after = desiredOwners(
      all,
      live.filter((r) => r !== gone),
      eligible,
    );
    for (const account of accounts) {
      if (after.get(account) !== owner || desired.get(account) === owner) continue;
      const lease = held.get(account);
      if (lease !== undefined && lease.owner !== gone && heartbeats.has(lease.owner)) continue;
      times.push(Math.max(lapse, lease?.expiresAt.getTime() ?? 0));
    }
  }
  return times;
}
