/**
 * Rendezvous (highest random weight) hashing with bounded loads: every replica scores each (account,
 * replica) pair with the same hash; accounts are then handed out one at a time, in a fixed order, each to
 * its highest-scoring live replica that still has room under a cap of ceil(M / N). Replicas agree without
 * talking, no replica holds more than its even share (plain rendezvous spreads binomially: 8/24/18 for 50
 * accounts over 3 replicas), and when a replica joins or leaves few accounts besides its own move (see the
 * README's fleet section for the figures). Pure functions; which replicas are live is the caller's.
 */

import { createHash } from 'node:crypto';

/** The score of `replica` for `account`: the first 64 bits of sha256(account NUL replica). */
export function rendezvousScore(account: string, replica: string): bigint {
  return createHash('sha256').update(account).update('\0').update(replica).digest().readBigUInt64BE(0);
}

/** The replica with the highest score for `account` (ties to the smaller name); undefined when none. */
export function rendezvousOwner(account: string, replicas: Iterable<string>): string | undefined {
  return rankedReplicas(account, [...replicas])[0];
}

/** `replicas` from the highest score for `account` to the lowest (ties: smaller name first). */
function rankedReplicas(account: string, replicas: readonly string[]): string[] {
  const scored = replicas.map((replica) => ({ replica, score: rendezvousScore(account, replica) }));
  scored.sort((a, b) => (a.score === b.score ? compare(a.replica, b.replica) : a.score > b.score ? -1 : 1));
  return scored.map((s) => s.replica);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many accounts one replica may hold: ceil(M / N), the least that lets every account be placed. */
export function replicaCapacity(accounts: number, replicas: number): number {
  return replicas === 0 ? 0 : Math.ceil(accounts / replicas);
}

/**
 * Each account's desired replica among `replicas` (rendezvous with bounded loads): accounts taken in name
 * order, each given to its highest-scoring replica that holds fewer than ceil(M / N). The same inputs give
 * the same map on every replica, whatever order they are listed in; empty when there are no replicas.
 * (Name order and no slack over ceil(M / N) measured best: ordering by top score moved slightly more, and
 * a 10 % slack barely lowered moves while letting the busiest replica hold up to 10 % more.) With
 * `eligible`, an account goes only to a replica it names (the best-ranked one even when all are full; none
 * named: no owner), for replicas whose `accounts:` lists differ (listed-owners.ts).
 */
export function desiredOwners(accounts: Iterable<string>, replicas: Iterable<string>, eligible?: (account: string) => readonly string[]): Map<string, string> {
  const live = [...new Set(replicas)].sort(compare);
  const names = [...new Set(accounts)].sort(compare);
  const owners = new Map<string, string>();
  const cap = replicaCapacity(names.length, live.length);
  const load = new Map(live.map((r) => [r, 0]));
  for (const account of names) {
    // Only the replicas that list the account (listed-owners.ts); when all of those are full, the first of them anyway.
    const ranked = rankedReplicas(account, eligible === undefined ? live : live.filter((r) => eligible(account).includes(r)));
    const replica = ranked.find((r) => (load.get(r) ?? cap) < cap) ?? ranked[0];
    if (replica === undefined) continue;
    owners.set(account, replica);
    load.set(replica, (load.get(replica) ?? 0) + 1);
  }
  return owners;
}
