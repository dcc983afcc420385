import { describe, expect, it } from 'vitest';
import { eligibility, listedOwners, listingDifferences, type Listing } from '../../../src/daemon/listed-owners.js';
import { desiredOwners } from '../../../src/daemon/rendezvous-owner.js';

const ACCOUNTS = Array.from({ length: 60 }, (_, i) => `acct-${String(i).padStart(2, '0')}`);
const listing = (accounts: readonly string[] | null): Listing => ({ accounts: accounts === null ? null : new Set(accounts) });

describe('listedOwners (replicas whose accounts: lists differ)', () => {
  it('does give every account in anyone’s list exactly one desired owner, one that lists it', () => {
    // r1 lacks the last 20 accounts (its ConfigMap is old), r2 lacks the first 10 (removed there already).
    const listings = new Map([
      ['r1', listing(ACCOUNTS.slice(0, 40))],
      ['r2', listing(ACCOUNTS.slice(10))],
    ]);
    const owners = listedOwners(listings);
    expect([...owners.keys()].sort()).toEqual(ACCOUNTS);
    for (const [account, owner] of owners) expect(listings.get(owner)?.accounts?.has(account), `${account} → ${owner}`).toBe(true);
    // The accounts both list are shared between them.
    expect(new Set(ACCOUNTS.slice(10, 40).map((a) => owners.get(a)))).toEqual(new Set(['r1', 'r2']));
    // Without the lists (each replica assigning its own accounts over every live replica) some of r2's own
    // accounts would go to r1, which never claims them: watched by nobody.
    const r2View = desiredOwners(ACCOUNTS.slice(10), ['r1', 'r2']);
    expect(ACCOUNTS.slice(40).some((a) => r2View.get(a) === 'r1')).toBe(true);
  });

  it('does assign as plain desiredOwners when every replica lists every account', () => {
    const listings = new Map(['r1', 'r2', 'r3'].map((r) => [r, listing(ACCOUNTS)]));
    expect(listedOwners(listings)).toEqual(desiredOwners(ACCOUNTS, ['r1', 'r2', 'r3']));
  });

  it('does count a replica whose list is unknown (an older version) as listing every account, and names it in no difference', () => {
    const listings = new Map([
      ['old', listing(null)],
      ['new', listing(['dev', 'prod'])],
    ]);
    expect(eligibility(listings).eligible('dev')).toEqual(['new', 'old']);
    expect(listingDifferences(listings, listedOwners(listings))).toEqual([]);
  });

  it('does say which replica lacks which account and who watches it, and nothing when the lists agree', () => {
    const listings = new Map([
      ['r1', listing(['prod'])],
      ['r2', listing(['prod', 'dev'])],
    ]);
    const owners = listedOwners(listings);
    expect(owners.get('dev')).toBe('r2');
    expect(listingDifferences(listings, owners)).toEqual(['replica r1 does not list account dev: it is watched by r2']);
    const same = new Map([
      ['r1', listing(['prod', 'dev'])],
      ['r2', listing(['dev', 'prod'])],
    ]);
    expect(listingDifferences(same, listedOwners(same))).toEqual([]);
  });
});
