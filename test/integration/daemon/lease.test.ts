import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeaseStore } from '../../../src/ledger/lease-store.js';
import { Leader, type LeaderEvent } from '../../../src/daemon/lease.js';
import { DIALECTS, type TestStore } from '../ledger/dialects.js';

const TTL = 600;

async function until(condition: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`Leader (${dialect.name})`, () => {
    let store: TestStore;
    const leaders: Leader[] = [];
    beforeEach(async () => {
      store = await dialect.open();
    });
    afterEach(async () => {
      for (const l of leaders.splice(0)) await l.stop();
      await store.close();
    });

    const leader = async (owner: string, leases: Pick<LeaseStore, 'acquire' | 'release'>, events: LeaderEvent[] = []): Promise<Leader> => {
      const l = new Leader({ store: leases, owner, ttlMs: TTL, onEvent: (e) => events.push(e) });
      leaders.push(l);
      return l;
    };

    it('does let exactly one of two daemons lead when both start on one store', async () => {
      const a = await leader('a', new LeaseStore(store.db));
      const b = await leader('b', new LeaseStore(await store.openAnother()));
      await Promise.all([a.start(), b.start()]);
      const first = a.isLeader() ? 'a' : 'b';
      expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
      // Over several renewal periods the same one keeps leading and the other never does.
      const endAt = Date.now() + 3 * TTL;
      while (Date.now() < endAt) {
        expect([a.isLeader(), b.isLeader()].filter(Boolean).length).toBeLessThanOrEqual(1);
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(first === 'a' ? a.isLeader() : b.isLeader()).toBe(true);
      expect((await new LeaseStore(store.db).get('snowmon-daemon'))?.owner).toBe(first);
    });

    it('does hand the lead over after the ttl when the leader stops renewing', async () => {
      // a's store freezes (a hung process): its renewals never return.
      let frozen = false;
      const real = new LeaseStore(store.db);
      const aStore = {
        acquire: (...args: Parameters<LeaseStore['acquire']>) => (frozen ? new Promise<boolean>(() => {}) : real.acquire(...args)),
        release: (...args: Parameters<LeaseStore['release']>) => (frozen ? Promise.resolve(false) : real.release(...args)),
      };
      const bEvents: LeaderEvent[] = [];
      const aEvents: LeaderEvent[] = [];
      const a = await leader('a', aStore, aEvents);
      await a.start();
      expect(a.isLeader()).toBe(true);
      const b = await leader('b', new LeaseStore(await store.openAnother()), bEvents);
      await b.start();
      expect(b.isLeader()).toBe(false);

      frozen = true;
      const lastLease = await real.get('snowmon-daemon');
      await until(() => b.isLeader(), 'b to take over');
      const gained = bEvents.find((e) => e.type === 'gained');
      // b got it only once a's last renewal had lapsed.
      expect(gained!.at.getTime()).toBeGreaterThanOrEqual(lastLease!.expiresAt.getTime());
      expect((await real.get('snowmon-daemon'))?.owner).toBe('b');
      // a, whose store hangs, stepped down (its renewal got no answer) before b could take over.
      expect(a.isLeader()).toBe(false);
      const lost = aEvents.find((e) => e.type === 'lost');
      expect(lost).toMatchObject({ reason: `renewal failed: the store did not answer within ${TTL / 3} ms` });
      expect(lost!.at.getTime()).toBeLessThanOrEqual(gained!.at.getTime());
    });

    it('does step down and report why when a renewal fails', async () => {
      const real = new LeaseStore(store.db);
      let failing = false;
      const events: LeaderEvent[] = [];
      const a = await leader(
        'a',
        {
          acquire: (...args) => (failing ? Promise.reject(new Error('connection refused postgres://snowmon:pw123@db/x')) : real.acquire(...args)),
          release: (...args) => real.release(...args),
        },
        events,
      );
      await a.start();
      expect(a.isLeader()).toBe(true);
      failing = true;
      await until(() => events.some((e) => e.type === 'lost'), 'a to step down');
      expect(a.isLeader()).toBe(false);
      const lost = events.find((e) => e.type === 'lost');
      expect(lost).toMatchObject({ type: 'lost', reason: 'renewal failed: connection refused postgres://snowmon:[redacted]@db/x' });
      failing = false;
      await until(() => a.isLeader(), 'a to lead again once the store answers');
      expect(events.map((e) => e.type)).toEqual(['gained', 'lost', 'gained']);
    });

    it('does release the lease on stop so the other daemon takes over without waiting for the ttl', async () => {
      const a = await leader('a', new LeaseStore(store.db));
      await a.start();
      await a.stop();
      const b = await leader('b', new LeaseStore(await store.openAnother()));
      await b.start();
      expect(b.isLeader()).toBe(true);
    });
  });
}
