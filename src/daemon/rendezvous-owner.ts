/**
 * Rendezvous (highest random weight) hashing: every replica scores each (account, replica) pair with the
 * same hash, and an account's desired owner is the live replica with the highest score. Replicas agree
 * without talking, accounts spread evenly, and when a replica joins or leaves only the accounts it wins or
 * held move. A pure function; which replicas are live is the caller's.
 */

import { createHash } from 'node:crypto';

/** The score of `replica` for `account`: the first 64 bits of sha256(account NUL replica). */
export function rendezvousScore(account: string, replica: string): bigint {
  return createHash('sha256').update(account).update('\0').update(replica).digest().readBigUInt64BE(0);
}

/** The replica with the highest score for `account` (ties to the smaller name); undefined when none. */
export function rendezvousOwner(account: string, replicas: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestScore = -1n;
  for (const replica of replicas) {
    const score = rendezvousScore(account, replica);
    if (score > bestScore || (score === bestScore && best !== undefined && replica < best)) {
      best = replica;
      bestScore = score;
    }
  }
  return best;
}
