/**
 * Fleet mode when replicas' `accounts:` lists differ (a rolling update, a ConfigMap change that reached one
 * pod first, a replica not yet reloaded): each replica publishes its list in its `replicas` row, and an
 * account's desired owner is chosen only among the live replicas that list it, so an account any live
 * replica lists is always some live replica's to watch. Every replica computes over the union of the lists,
 * so they agree without talking. Pure functions over what the store's `liveListings` read.
 */

import { desiredOwners } from './rendezvous-owner.js';

/** What a live replica's row says it lists; null: unknown (a replica of an older version), counted as every account. */
export interface Listing {
  readonly accounts: ReadonlySet<string> | null;
}

/** Which accounts the live replicas list and, per account, the live replicas that list it. */
export interface Eligibility {
  /** The union of the live replicas' lists, sorted. */
  readonly accounts: readonly string[];
  /** The live replicas listing `account` (those whose list is unknown included), sorted. */
  readonly eligible: (account: string) => readonly string[];
}

/** The union of `listings`' accounts and each account's eligible replicas. */
export function eligibility(listings: ReadonlyMap<string, Listing>): Eligibility {
  const replicas = [...listings.keys()].sort();
  const accounts = [...new Set([...listings.values()].flatMap((l) => [...(l.accounts ?? [])]))].sort();
  const eligible = (account: string): string[] => replicas.filter((r) => listings.get(r)?.accounts?.has(account) ?? true);
  return { accounts, eligible };
}

/** Each listed account's desired owner: `desiredOwners` over the union, each among the live replicas that list it. */
export function listedOwners(listings: ReadonlyMap<string, Listing>): Map<string, string> {
  const { accounts, eligible } = eligibility(listings);
  return desiredOwners(accounts, listings.keys(), eligible);
}

/**
 * One line per live replica whose list lacks accounts other live replicas list, naming who watches each
 * ("replica r1 does not list account dev: it is watched by r2"); empty when the lists agree. Replicas whose
 * list is unknown are not named.
 */
export function listingDifferences(listings: ReadonlyMap<string, Listing>, owners: ReadonlyMap<string, string>): string[] {
  const { accounts } = eligibility(listings);
  const lines: string[] = [];
  for (const [replica, listing] of [...listings].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (listing.accounts === null) continue;
    const missing = accounts.filter((a) => !listing.accounts?.has(a));
    const watched = missing.map((a) => `account ${a}: it is watched by ${owners.get(a) ?? 'no live replica'}`);
    if (watched.length > 0) lines.push(`replica ${replica} does not list ${watched.join('; ')}`);
  }
  return lines;
}
