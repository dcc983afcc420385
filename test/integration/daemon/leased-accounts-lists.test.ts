import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeasedAccounts } from '../../../src/daemon/leased-accounts.js';
import { AccountLeaseStore } from '../../../src/ledger/account-lease-store.js';
import type { Database } from '../../../src/ledger/database.js';
import { DIALECTS, type TestStore } from '../ledger/dialects.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres');
const TTL = 30_000;
const ACCOUNTS = Array.from({ length: 60 }, (_, i) => `acct-${String(i).padStart(2, '0')}`);

/** Replicas on one Postgres store whose accounts: lists differ (a rollout), on one fake clock. */
class Fleet {
  clock = new Date('2026-12-05T10:00:00.000Z');
  readonly replicas = new Map<string, LeasedAccounts>();
  readonly lists = new Map<string, readonly string[]>();
  readonly warnings: string[] = [];
  readonly errors: string[] = [];
  constructor(private readonly store: TestStore) {}

  async add(owner: string, accounts: readonly string[]): Promise<void> {
    const db: Kysely<Database> = await this.store.openAnother();
    const replica = new LeasedAccounts({
      store: new AccountLeaseStore(db),
      accounts,
      owner,
      ttlMs: TTL,
      now: () => this.clock,
      autoRenew: false,
      onError: (m) => this.errors.push(`${owner}: ${m}`),
      onWarning: (m) => this.warnings.push(`${owner}: ${m}`),
    });
    this.replicas.set(owner, replica);
    this.lists.set(owner, accounts);
    await replica.start();
  }

  async setAccounts(owner: string, accounts: readonly string[]): Promise<void> {
    this.lists.set(owner, accounts);
    await this.replicas.get(owner)?.setAccounts(accounts);
  }

  async rounds(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      for (const replica of this.replicas.values()) await replica.round();
      this.clock = new Date(this.clock.getTime() + TTL / 3);
    }
  }

  /** Each account's holder by the store (a lapsed lease counts as nobody's). */
  async holders(): Promise<Map<string, string | null>> {
    const leases = await new AccountLeaseStore(this.store.db).list();
    return new Map(leases.map((l) => [l.account, l.expiresAt > this.clock ? l.owner : null]));
  }

  /** Every account some replica lists must be held, in the store and in the holder's own view, by one that lists it. */
  async expectEveryListedAccountWatched(): Promise<void> {
    const holders = await this.holders();
    const listed = [...new Set([...this.lists.values()].flat())].sort();
    for (const account of listed) {
      const holder = holders.get(account) ?? null;
      expect(holder, `${account} is watched by no replica`).not.toBeNull();
      expect(this.lists.get(holder ?? '')?.includes(account), `${account} held by ${holder}, which does not list it`).toBe(true);
      expect(
        this.replicas
          .get(holder ?? '')
          ?.held()
          .has(account),
      ).toBe(true);
    }
    const heldCount = [...this.replicas.values()].reduce((n, r) => n + r.held().size, 0);
    expect(heldCount).toBe(listed.length);
  }
}

describe('LeasedAccounts on Postgres with replicas whose accounts: lists differ', () => {
  if (postgres === undefined || postgres.skip !== undefined) {
    it.skip(postgres?.skip ?? 'no Postgres dialect', () => {});
    return;
  }
  let store: TestStore;
  let fleet: Fleet;
  beforeEach(async () => {
    store = await postgres.open();
    fleet = new Fleet(store);
  });
  afterEach(async () => {
    await store.close();
  });

  it('does have every account some replica lists held by exactly one replica that lists it, and warns once per change', async () => {
    await fleet.add('r1', ACCOUNTS.slice(0, 40)); // an old ConfigMap: lacks acct-40..59
    await fleet.add('r2', ACCOUNTS.slice(10)); // a new one: acct-00..09 removed
    await fleet.rounds(4);
    await fleet.expectEveryListedAccountWatched();
    expect(fleet.errors).toEqual([]);
    // Each replica said it once (not every round), naming who watches what the other lacks.
    expect(fleet.warnings.filter((w) => w.startsWith('r1: '))).toHaveLength(1);
    expect(fleet.warnings.filter((w) => w.startsWith('r2: '))).toHaveLength(1);
    expect(fleet.warnings[1]).toContain("the live replicas' accounts: lists differ");
    expect(fleet.warnings[1]).toContain('replica r1 does not list account acct-40: it is watched by r2');
    expect(fleet.warnings[1]).toContain('replica r2 does not list account acct-00: it is watched by r1');

    // r1 reloads the new ConfigMap: the lists agree, the accounts r1 dropped are released and taken by r2.
    await fleet.setAccounts('r1', ACCOUNTS.slice(10));
    await fleet.rounds(3);
    await fleet.expectEveryListedAccountWatched();
    const holders = await fleet.holders();
    for (const account of ACCOUNTS.slice(0, 10)) expect(holders.get(account), `${account} listed by nobody`).toBeNull();
    expect(fleet.warnings).toHaveLength(2);

    // A new difference is said again.
    await fleet.setAccounts('r2', [...ACCOUNTS.slice(10), 'acct-extra']);
    await fleet.rounds(2);
    await fleet.expectEveryListedAccountWatched();
    expect((await fleet.holders()).get('acct-extra')).toBe('r2');
    expect(fleet.warnings.slice(2).map((w) => w.slice(0, 4))).toEqual(['r2: ', 'r1: ']);
    expect(fleet.warnings[2]).toContain('replica r1 does not list account acct-extra: it is watched by r2');
  });
});
