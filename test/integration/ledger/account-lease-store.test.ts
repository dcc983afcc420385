import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountLeaseStore } from '../../../src/ledger/account-lease-store.js';
import { DIALECTS, type TestStore } from './dialects.js';

const T0 = new Date('2026-12-04T10:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const TTL = 30_000;
const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `acct-${String(i).padStart(3, '0')}`);

for (const dialect of DIALECTS) {
  describe(`account lease store (${dialect.name})`, () => {
    if (dialect.skip !== undefined) {
      it.skip(dialect.skip, () => {});
      return;
    }
    let store: TestStore;
    beforeEach(async () => {
      store = await dialect.open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('does list as live only the replicas that heartbeated within the ttl, and forget one that stopped cleanly', async () => {
      const leases = new AccountLeaseStore(store.db);
      await leases.heartbeat('b', at(0));
      await leases.heartbeat('a', at(10));
      await leases.heartbeat('c', at(20));
      expect(await leases.liveReplicas(at(25), TTL)).toEqual(['a', 'b', 'c']);
      expect(await leases.liveReplicas(at(30), TTL)).toEqual(['a', 'c']);
      await leases.heartbeat('b', at(31));
      await leases.forgetReplica('c');
      expect(await leases.liveReplicas(at(35), TTL)).toEqual(['a', 'b']);
    });

    it('does delete only the replicas rows whose heartbeat is older than asked', async () => {
      const leases = new AccountLeaseStore(store.db);
      await leases.heartbeat('old', at(0));
      await leases.heartbeat('new', at(10));
      expect(await leases.forgetStaleReplicas(at(10))).toBe(1);
      expect(await leases.liveReplicas(at(11), TTL)).toEqual(['new']);
      expect(await leases.forgetStaleReplicas(at(10))).toBe(0);
    });

    it('does name, for each account a claim takes, the other owner whose lease lapsed and when (none when free or its own)', async () => {
      const a = new AccountLeaseStore(store.db);
      const b = new AccountLeaseStore(await store.openAnother());
      await a.claim('a', ['prod', 'dev', 'qa'], TTL, at(0));
      await a.release('a', ['qa']);
      expect(await a.claimLeases('a', ['dev'], TTL, at(10))).toEqual(new Map([['dev', { token: 1n, previousOwner: null }]]));
      expect(await b.claimLeases('b', ['prod', 'dev', 'qa'], TTL, at(30.1))).toEqual(
        new Map([
          ['prod', { token: 2n, previousOwner: 'a', lapsedAt: at(30) }],
          ['qa', { token: 2n, previousOwner: null }],
        ]),
      );
    });

    it('does give an account to one owner until it lapses or is released, raising the token on every change of owner', async () => {
      const a = new AccountLeaseStore(store.db);
      const b = new AccountLeaseStore(await store.openAnother());
      expect(await a.claim('a', ['prod', 'dev'], TTL, at(0))).toEqual(
        new Map([
          ['prod', 1n],
          ['dev', 1n],
        ]),
      );
      expect(await b.claim('b', ['prod', 'dev'], TTL, at(10))).toEqual(new Map());
      expect(await a.claim('a', ['prod'], TTL, at(20))).toEqual(new Map([['prod', 1n]])); // its own: kept, same token
      expect(await b.claim('b', ['prod', 'dev'], TTL, at(30))).toEqual(new Map([['dev', 2n]])); // dev lapsed at 30
      expect(
        await a.renew(
          'a',
          new Map([
            ['prod', 1n],
            ['dev', 1n],
          ]),
          TTL,
          at(31),
        ),
      ).toEqual(new Map([['prod', 1n]]));
      expect(await a.release('a', ['prod', 'dev'])).toBe(1);
      expect(await b.claim('b', ['prod'], TTL, at(32))).toEqual(new Map([['prod', 2n]]));
      expect(await b.release('b', ['prod'])).toBe(1);
      expect(await a.claim('a', ['prod'], TTL, at(33))).toEqual(new Map([['prod', 3n]]));
      expect((await a.list()).map((l) => [l.account, l.owner, l.token, l.expiresAt])).toEqual([
        ['dev', 'b', 2n, at(60)],
        ['prod', 'a', 3n, at(63)],
      ]);
    });

    it('does keep each replica’s accounts: list with its heartbeat (a later heartbeat replaces it; none stored is unknown)', async () => {
      const leases = new AccountLeaseStore(store.db);
      await leases.heartbeat('a', at(0), ['prod', 'dev', 'prod']);
      await leases.heartbeat('b', at(1));
      expect(await leases.liveListings(at(2), TTL)).toEqual(
        new Map([
          ['a', { heartbeatAt: at(0), accounts: new Set(['dev', 'prod']) }],
          ['b', { heartbeatAt: at(1), accounts: null }],
        ]),
      );
      await leases.heartbeat('a', at(3), ['prod']);
      expect((await leases.liveListings(at(4), TTL)).get('a')?.accounts).toEqual(new Set(['prod']));
      expect(await leases.liveHeartbeats(at(31), TTL)).toEqual(new Map([['a', at(3)]]));
    });

    it('does show the live replicas’ heartbeats and the unlapsed leases of other owners (what claim-at-expiry waits for)', async () => {
      const leases = new AccountLeaseStore(store.db);
      await leases.heartbeat('a', at(0));
      await leases.heartbeat('b', at(5));
      expect(await leases.liveHeartbeats(at(31), TTL)).toEqual(new Map([['b', at(5)]]));
      await leases.claim('a', ['x'], TTL, at(0));
      await leases.claim('b', ['y', 'z'], TTL, at(5));
      await leases.release('b', ['z']);
      expect((await leases.foreignLeases('a', at(10))).map((l) => [l.account, l.owner, l.expiresAt])).toEqual([['y', 'b', at(35)]]);
      expect((await leases.foreignLeases('b', at(10))).map((l) => [l.account, l.owner, l.expiresAt])).toEqual([['x', 'a', at(30)]]);
      expect(await leases.foreignLeases('b', at(30))).toEqual([]); // x lapsed at 30
    });

    it('does renew only the leases still held with the token the owner knows', async () => {
      const leases = new AccountLeaseStore(store.db);
      await leases.claim('a', ['x', 'y'], TTL, at(0));
      await leases.claim('b', ['y'], TTL, at(40));
      expect(
        await leases.renew(
          'a',
          new Map([
            ['x', 1n],
            ['y', 1n],
          ]),
          TTL,
          at(41),
        ),
      ).toEqual(new Map([['x', 1n]]));
      expect(await leases.renew('b', new Map([['y', 1n]]), TTL, at(41))).toEqual(new Map()); // stale token
      expect((await leases.list()).find((l) => l.account === 'x')?.expiresAt).toEqual(at(71));
    });

    it('does give each of many free accounts to exactly one of two owners claiming at once', async () => {
      const accounts = names(60);
      // Two handles on Postgres; on SQLite one (two handles in one process would wait on each other's lock).
      const a = new AccountLeaseStore(store.db);
      const b = new AccountLeaseStore(dialect.name === 'postgres' ? await store.openAnother() : store.db);
      const [ofA, ofB] = await Promise.all([a.claim('a', accounts, TTL, at(0)), b.claim('b', accounts, TTL, at(0))]);
      expect(ofA.size + ofB.size).toBe(60);
      expect([...ofA.keys()].filter((k) => ofB.has(k))).toEqual([]);
      expect((await a.list()).every((l) => l.token === 1n)).toBe(true);
    });

    if (dialect.name === 'postgres') {
      it('does skip, without waiting, an account whose row another transaction has locked, and claim the rest', async () => {
        const other = await store.openAnother();
        const leases = new AccountLeaseStore(store.db);
        await leases.claim('a', ['locked', 'free-1'], TTL, at(0));
        await leases.release('a', ['locked', 'free-1']);
        const claimed = await other.transaction().execute(async (trx) => {
          await sql`select account from account_leases where account = 'locked' for share`.execute(trx);
          return leases.claim('b', ['locked', 'free-1', 'free-2'], TTL, at(1));
        });
        expect(claimed).toEqual(
          new Map([
            ['free-1', 2n],
            ['free-2', 1n],
          ]),
        );
        expect(await leases.claim('b', ['locked'], TTL, at(2))).toEqual(new Map([['locked', 2n]]));
      });
    }
  });
}
