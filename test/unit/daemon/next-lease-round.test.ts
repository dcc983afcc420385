import { describe, expect, it } from 'vitest';
import { claimMarginMs, nextLeaseRoundMs, type ForeignLease, type LeaseRoundView } from '../../../src/daemon/next-lease-round.js';
import { eligibility } from '../../../src/daemon/listed-owners.js';
import { desiredOwners, rendezvousScore } from '../../../src/daemon/rendezvous-owner.js';

const TTL = 10_000;
const NOW = Date.parse('2026-12-04T10:00:00.000Z');
const MARGIN = claimMarginMs(TTL);
const ACCOUNTS = Array.from({ length: 60 }, (_, i) => `acct-${i}`);
const REPLICAS = ['a', 'b', 'c'];
const at = (ms: number): Date => new Date(NOW + ms);

/** The accounts `replica` is desired for among `live`, and of those the ones `next` takes when it leaves. */
const ofReplica = (replica: string, live: readonly string[], next?: string): string[] => {
  const now = desiredOwners(ACCOUNTS, live);
  const after = desiredOwners(
    ACCOUNTS,
    live.filter((r) => r !== replica),
  );
  return ACCOUNTS.filter((a) => now.get(a) === replica && (next === undefined || after.get(a) === next));
};

function view(heartbeats: Record<string, number>, foreign: readonly ForeignLease[] = []): LeaseRoundView {
  return {
    owner: 'a',
    accounts: ACCOUNTS,
    now: NOW,
    ttlMs: TTL,
    heartbeats: new Map(Object.entries(heartbeats).map(([r, ms]) => [r, at(ms)])),
    foreign,
  };
}

const leases = (accounts: readonly string[], owner: string, expiresInMs: number): ForeignLease[] =>
  accounts.map((account) => ({ account, owner, expiresAt: at(expiresInMs) }));

describe('nextLeaseRoundMs', () => {
  it('does come at the regular ttl/3 when every other replica heartbeats and holds only its own accounts', () => {
    const foreign = [...leases(ofReplica('b', REPLICAS), 'b', TTL - 1_000), ...leases(ofReplica('c', REPLICAS), 'c', TTL - 2_000)];
    expect(nextLeaseRoundMs(view({ a: 0, b: -1_000, c: -2_000 }, foreign))).toBe(Math.floor(TTL / 3));
  });

  it('does come just after a silent replica’s heartbeat and leases lapse, for the accounts this one takes over', () => {
    // b last renewed 8 s ago: its heartbeat and leases lapse in 2 s, before the regular round in 3.3 s.
    const foreign = [...leases(ofReplica('b', REPLICAS), 'b', TTL - 8_000), ...leases(ofReplica('c', REPLICAS), 'c', TTL - 1_000)];
    expect(ofReplica('b', REPLICAS, 'a').length).toBeGreaterThan(0);
    expect(nextLeaseRoundMs(view({ a: 0, b: -8_000, c: -1_000 }, foreign))).toBe(2_000 + MARGIN);
  });

  it('does wait for the later of the heartbeat lapse and the lease lapse', () => {
    const theirs = ofReplica('b', REPLICAS, 'a');
    // b's heartbeat lapses in 1 s but it renewed the leases later (a slow round): they lapse in 2.5 s.
    const foreign = [...leases(theirs, 'b', 2_500), ...leases(ofReplica('c', REPLICAS), 'c', TTL)];
    expect(nextLeaseRoundMs(view({ a: 0, b: -9_000, c: 0 }, foreign))).toBe(2_500 + MARGIN);
  });

  it('does not come early for a silent replica whose accounts all go to a third one', () => {
    // One account, ranked b > c > a: when b's heartbeat is about to lapse, nothing for a to claim early.
    const ranked = (account: string): string[] => [...REPLICAS].sort((x, y) => (rendezvousScore(account, y) > rendezvousScore(account, x) ? 1 : -1));
    const toC = ACCOUNTS.filter((account) => ranked(account).join() === 'b,c,a').slice(0, 1);
    expect(toC.length).toBe(1);
    const view3 = { ...view({ a: 0, b: -8_000, c: 0 }, leases(toC, 'b', 2_000)), accounts: toC };
    expect(nextLeaseRoundMs(view3)).toBe(Math.floor(TTL / 3));
    // b being c's instead makes it a's once b lapses: then the round comes early.
    const toA = ACCOUNTS.filter((account) => ranked(account).join() === 'b,a,c').slice(0, 1);
    expect(nextLeaseRoundMs({ ...view3, accounts: toA, foreign: leases(toA, 'b', 2_000) })).toBe(2_000 + MARGIN);
  });

  it('does come early for an account it gains only through the bound on loads when a replica lapses, unless a live one holds it', () => {
    // A few accounts where b's own all go to c when b lapses, yet one of c's shifts to a (the cap rises).
    const fits = (accounts: string[]): string | undefined => {
      const now = desiredOwners(accounts, REPLICAS);
      const after = desiredOwners(accounts, ['a', 'c']);
      if (accounts.some((x) => now.get(x) === 'b' && after.get(x) === 'a')) return undefined;
      return accounts.find((x) => now.get(x) === 'c' && after.get(x) === 'a');
    };
    const accounts = Array.from({ length: 50 }, (_, i) => ACCOUNTS.slice(i, i + 5)).find((set) => fits(set) !== undefined) ?? [];
    const shifted = fits(accounts) ?? expect.fail('no 5 consecutive accounts shift one of c’s to a');
    const now = desiredOwners(accounts, REPLICAS);
    const byOwner = (r: string): string[] => accounts.filter((x) => now.get(x) === r && x !== shifted);
    const foreign = [...leases(byOwner('b'), 'b', 2_000), ...leases(byOwner('c'), 'c', TTL)];
    const free = { ...view({ a: 0, b: -8_000, c: 0 }, foreign), accounts };
    expect(nextLeaseRoundMs(free)).toBe(2_000 + MARGIN);
    // Held by c, which is live: c releases it after it notices b gone; a's regular round then claims it.
    expect(nextLeaseRoundMs({ ...free, foreign: [...foreign, ...leases([shifted], 'c', TTL)] })).toBe(Math.floor(TTL / 3));
  });

  it('does come when the heartbeat lapses of the replica desired for a free account this one is next for', () => {
    // b joined and died before claiming: its desired accounts are free, and a takes some once b drops out.
    expect(nextLeaseRoundMs(view({ a: 0, b: -9_500, c: 0 }))).toBe(500 + MARGIN);
  });

  it('does claim at the lease’s expiry an account it is desired for that a live replica still holds', () => {
    // a just joined: c still holds an account a now wins; c releases it at its round, at the latest it lapses.
    const mine = ofReplica('a', REPLICAS);
    expect(nextLeaseRoundMs(view({ a: 0, b: 0, c: 0 }, leases(mine.slice(0, 1), 'c', 1_200)))).toBe(1_200 + MARGIN);
  });

  it('does not spin on a moment already past (a lapsed lease another claim holds locked): the regular round takes it', () => {
    const theirs = ofReplica('b', REPLICAS, 'a');
    expect(nextLeaseRoundMs(view({ a: 0, c: 0 }, leases(theirs, 'b', 0)))).toBe(Math.floor(TTL / 3));
    expect(nextLeaseRoundMs(view({ a: 0, c: 0 }, leases(theirs, 'b', -5)))).toBe(Math.floor(TTL / 3));
  });

  it('does never come sooner than the margin, and keeps the margin small against the ttl', () => {
    const theirs = ofReplica('b', REPLICAS, 'a');
    expect(nextLeaseRoundMs(view({ a: 0, b: -TTL + 1, c: 0 }, leases(theirs, 'b', 1)))).toBe(1 + MARGIN);
    expect(claimMarginMs(10_000)).toBe(100);
    expect(claimMarginMs(900)).toBe(9);
    expect(claimMarginMs(100)).toBe(5);
    expect(claimMarginMs(3_600_000)).toBe(100);
  });

  it('does come at the lapse of a lease on an account only it lists, though the replica holding it would win it over all', () => {
    // b dropped `dev` from its accounts: (a rollout) and still holds it until it lapses; only a lists it now.
    const dev = ['dev-0', 'dev-1', 'dev-2', 'dev-3'].find((d) => desiredOwners([d], ['a', 'b']).get(d) === 'b') ?? '';
    expect(dev).not.toBe('');
    const listed = eligibility(
      new Map([
        ['a', { accounts: new Set([dev]) }],
        ['b', { accounts: new Set<string>() }],
      ]),
    );
    const round: LeaseRoundView = { ...view({ a: 0, b: -1_000 }, leases([dev], 'b', 2_000)), accounts: [dev] };
    expect(nextLeaseRoundMs({ ...round, listed })).toBe(2_000 + MARGIN);
    expect(nextLeaseRoundMs(round)).toBe(Math.floor(TTL / 3)); // over every live replica: b's, nothing to wait for
  });
});
