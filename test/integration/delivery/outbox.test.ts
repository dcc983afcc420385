import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackoffPolicy } from '../../../src/delivery/backoff.js';
import { Outbox } from '../../../src/delivery/outbox.js';
import { DIALECTS, type TestStore } from '../ledger/dialects.js';
import { notificationFor } from '../ledger/notifications.js';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);
const LEASE_MS = 60_000;
const HALF = (): number => 0.5;

for (const dialect of DIALECTS) {
  describe(`outbox (${dialect.name})`, () => {
    if (dialect.skip !== undefined) {
      it.skip(dialect.skip, () => {});
      return;
    }
    let store: TestStore;
    let outbox: Outbox;
    beforeEach(async () => {
      store = await dialect.open();
      outbox = new Outbox(store.db, { random: HALF });
    });
    afterEach(async () => {
      await store.close();
    });

    it('does enqueue a notification once per id and claim it when due', async () => {
      expect(await outbox.enqueue(notificationFor('n1', at(0)))).toBe(true);
      expect(await outbox.enqueue(notificationFor('n1', at(0)))).toBe(false);
      await outbox.enqueue(notificationFor('later', at(0)), { notBefore: at(300) });

      const claimed = await outbox.claim('a', LEASE_MS, at(1), 10);
      expect(claimed.map((e) => e.id)).toEqual(['n1']);
      expect(claimed[0]).toMatchObject({ status: 'sending', attempts: 1, leaseOwner: 'a', leaseExpiresAt: at(61) });
      expect(claimed[0]?.notification.groupKey).toBe(notificationFor('n1', at(0)).groupKey);
      expect(await outbox.markSent('n1', 'a', 'slack C1 1.1', at(2))).toBe(true);
      expect((await outbox.claim('a', LEASE_MS, at(300), 10)).map((e) => e.id)).toEqual(['later']);
    });

    it('does keep a claimed row from other claimers until its lease lapses, then hands it over', async () => {
      await outbox.enqueue(notificationFor('n1', at(0)));
      expect(await outbox.claim('a', LEASE_MS, at(0), 10)).toHaveLength(1);
      expect(await outbox.claim('b', LEASE_MS, at(59), 10)).toEqual([]);

      // 'a' crashed between claim and mark: after the lease the row is claimable again (at-least-once).
      const retaken = await outbox.claim('b', LEASE_MS, at(60), 10);
      expect(retaken.map((e) => [e.id, e.leaseOwner, e.attempts])).toEqual([['n1', 'b', 2]]);
      expect(await outbox.markSent('n1', 'a', 'slack C1 1.1', at(61))).toBe(false);
      expect(await outbox.markFailed('n1', 'a', { error: 'late', retryable: true }, at(61))).toBeUndefined();
      expect(await outbox.markSent('n1', 'b', 'slack C1 1.2', at(61))).toBe(true);
      expect(await outbox.get('n1')).toMatchObject({ status: 'sent', providerResponse: 'slack C1 1.2', sentAt: at(61) });
      expect(await outbox.claim('c', LEASE_MS, at(3600), 10)).toEqual([]);
    });

    it('does schedule a retry by the backoff policy when a send fails and honour Retry-After', async () => {
      await outbox.enqueue(notificationFor('n1', at(0)));
      await outbox.claim('a', LEASE_MS, at(0), 10);
      // Attempt 1, random 0.5: half of the 30 s base.
      const first = await outbox.markFailed('n1', 'a', { error: 'slack 500', retryable: true }, at(1));
      expect(first).toEqual({ status: 'failed', nextAttemptAt: at(16) });
      expect(await outbox.get('n1')).toMatchObject({ status: 'failed', lastError: 'slack 500' });
      expect(await outbox.claim('a', LEASE_MS, at(15), 10)).toEqual([]);
      expect(await outbox.claim('a', LEASE_MS, at(16), 10)).toHaveLength(1);
      // Attempt 2: jitter would give 30 s, Retry-After asks for 120 s.
      const second = await outbox.markFailed('n1', 'a', { error: 'slack 429', retryable: true, retryAfterMs: 120_000 }, at(20));
      expect(second).toEqual({ status: 'failed', nextAttemptAt: at(140) });
      expect(await outbox.markFailed('n1', 'a', { error: 'again', retryable: true }, at(21))).toBeUndefined();
    });

    it('does move a row to the dead letters after the last attempt or on a permanent failure', async () => {
      const policy: BackoffPolicy = { baseMs: 1000, factor: 2, capMs: 10_000, maxAttempts: 3 };
      outbox = new Outbox(store.db, { backoff: policy, random: HALF });
      await outbox.enqueue(notificationFor('n1', at(0)));
      let now = at(0);
      const outcomes: string[] = [];
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        const [entry] = await outbox.claim('a', LEASE_MS, now, 1);
        expect(entry?.id).toBe('n1');
        const outcome = await outbox.markFailed('n1', 'a', { error: `pd 503 #${attempt}`, retryable: true }, now);
        outcomes.push(outcome?.status ?? 'lost');
        now = new Date(now.getTime() + 3600_000);
      }
      expect(outcomes).toEqual(['failed', 'failed', 'dead']);
      await outbox.enqueue(notificationFor('n2', now));
      const [n2] = await outbox.claim('a', LEASE_MS, now, 1);
      expect(n2?.id).toBe('n2');
      expect(await outbox.markFailed('n2', 'a', { error: 'smtp 550', retryable: false }, now)).toEqual({
        status: 'dead',
        reason: 'permanent failure',
      });
      const dead = await outbox.deadLetters();
      expect(dead.map((e) => [e.id, e.attempts, e.lastError])).toEqual([
        ['n1', 3, 'pd 503 #3'],
        ['n2', 1, 'smtp 550'],
      ]);
      expect(await outbox.depth()).toBe(0);
      expect(await outbox.claim('a', LEASE_MS, new Date(now.getTime() + 86_400_000), 10)).toEqual([]);
    });

    it('does report depth and the age of the oldest unsent row', async () => {
      expect(await outbox.depth()).toBe(0);
      expect(await outbox.oldestPendingAge(at(0))).toBe(0);
      await outbox.enqueue(notificationFor('old', at(0)));
      await outbox.enqueue(notificationFor('new', at(30)));
      await outbox.claim('a', LEASE_MS, at(0), 1);
      expect(await outbox.depth()).toBe(2);
      expect(await outbox.oldestPendingAge(at(90))).toBe(90_000);
      await outbox.markSent('old', 'a', 'ok', at(91));
      expect(await outbox.depth()).toBe(1);
      expect(await outbox.oldestPendingAge(at(90))).toBe(60_000);
    });

    it('does give each row to exactly one of two owners claiming at the same time', async () => {
      const total = 120;
      for (let i = 0; i < total; i += 1) await outbox.enqueue(notificationFor(`n${String(i).padStart(3, '0')}`, at(0)));
      // Postgres: a second pool, as a second daemon has. SQLite: the same handle, because two
      // better-sqlite3 handles in one thread would block each other on the file lock.
      const other = dialect.name === 'postgres' ? new Outbox(await store.openAnother(), { random: HALF }) : outbox;
      const drain = async (box: Outbox, owner: string): Promise<string[]> => {
        const taken: string[] = [];
        for (;;) {
          const batch = await box.claim(owner, LEASE_MS, at(1), 7);
          if (batch.length === 0) return taken;
          for (const entry of batch) {
            taken.push(entry.id);
            expect(await box.markSent(entry.id, owner, 'ok', at(2))).toBe(true);
          }
        }
      };
      const [a, b] = await Promise.all([drain(outbox, 'a'), drain(other, 'b')]);
      const all = [...a, ...b];
      expect(all).toHaveLength(total);
      expect(new Set(all).size).toBe(total);
      console.log(`outbox race (${dialect.name}): owner a claimed ${a.length}, owner b claimed ${b.length}`);
    });
  });
}
