import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeaseStore } from '../../../src/ledger/lease-store.js';
import { DIALECTS, type TestStore } from './dialects.js';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

for (const dialect of DIALECTS) {
  describe(`lease store (${dialect.name})`, () => {
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
  });
}
