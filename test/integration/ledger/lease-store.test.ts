import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDueRun, lastRunClaim } from '../../../src/ledger/claim-due-run.js';
import { LeaseStore } from '../../../src/ledger/lease-store.js';
import { DIALECTS, type TestStore } from './dialects.js';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const hours = (h: number): Date => new Date(T0.getTime() + h * 3_600_000);

for (const dialect of DIALECTS) {
  describe(`lease store and run claims (${dialect.name})`, () => {
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

    it('does give a lease to one owner until it lapses, let the holder renew it, then hand it over', async () => {
      const a = new LeaseStore(store.db);
      const b = new LeaseStore(dialect.name === 'postgres' ? await store.openAnother() : store.db);
      expect(await a.acquire('daemon', 'a', 30_000, at(0))).toBe(true);
      expect(await b.acquire('daemon', 'b', 30_000, at(10))).toBe(false);
      expect(await a.acquire('daemon', 'a', 30_000, at(20))).toBe(true);
      expect(await b.acquire('daemon', 'b', 30_000, at(49))).toBe(false);
      expect(await b.acquire('daemon', 'b', 30_000, at(50))).toBe(true);
      expect(await a.get('daemon')).toEqual({ name: 'daemon', owner: 'b', expiresAt: at(80) });
      expect(await a.release('daemon', 'a')).toBe(false);
      expect(await b.release('daemon', 'b')).toBe(true);
      expect(await a.acquire('daemon', 'a', 30_000, at(51))).toBe(true);
    });

    it('does give a free lease to exactly one of two owners asking at once', async () => {
      const a = new LeaseStore(store.db);
      const b = new LeaseStore(dialect.name === 'postgres' ? await store.openAnother() : store.db);
      const results = await Promise.all([a.acquire('daemon', 'a', 30_000, at(0)), b.acquire('daemon', 'b', 30_000, at(0))]);
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('does give a run to the first claimant, to nobody until it is due again, then to the first again', async () => {
      expect(await lastRunClaim(store.db, 'organization_usage')).toBeUndefined();
      expect(await claimDueRun(store.db, 'organization_usage', 'a', T0, hours(23))).toBe(true);
      expect(await claimDueRun(store.db, 'organization_usage', 'b', hours(1), hours(24))).toBe(false);
      expect(await claimDueRun(store.db, 'organization_usage', 'a', hours(22), hours(45))).toBe(false); // not even its own
      expect(await lastRunClaim(store.db, 'organization_usage')).toEqual({ owner: 'a', nextDueAt: hours(23) });
      expect(await claimDueRun(store.db, 'organization_usage', 'b', hours(23), hours(46))).toBe(true);
      expect(await lastRunClaim(store.db, 'organization_usage')).toEqual({ owner: 'b', nextDueAt: hours(46) });
    });

    it('does keep a run claim apart from the leader lease and other runs', async () => {
      const leases = new LeaseStore(store.db);
      expect(await leases.acquire('snowmon-daemon', 'a', 30_000, T0)).toBe(true);
      expect(await claimDueRun(store.db, 'organization_usage', 'b', T0, hours(23))).toBe(true);
      expect(await claimDueRun(store.db, 'other', 'b', T0, hours(1))).toBe(true);
      expect(await leases.get('snowmon-daemon')).toEqual({ name: 'snowmon-daemon', owner: 'a', expiresAt: new Date(T0.getTime() + 30_000) });
    });

    if (dialect.name === 'postgres') {
      it('does give each due run to exactly one of two replicas claiming it at the same moment on their own connections', async () => {
        const a = store.db;
        const b = await store.openAnother();
        const winners: string[] = [];
        for (let day = 0; day < 20; day++) {
          const at = hours(24 * day);
          const [wonA, wonB] = await Promise.all([
            claimDueRun(a, 'organization_usage', 'a', at, hours(24 * day + 23)),
            claimDueRun(b, 'organization_usage', 'b', at, hours(24 * day + 23)),
          ]);
          expect(Number(wonA) + Number(wonB), `day ${day}`).toBe(1);
          winners.push(wonA ? 'a' : 'b');
        }
        console.log(`20 days, two replicas racing for the organization run: ${winners.join('')}`);
      });
    }
  });
}
