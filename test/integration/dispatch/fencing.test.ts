/**
 * Fencing in fleet mode: two replicas' dispatchers on one store, each believing it holds account `prod`.
 * The one whose lease was taken (stale token) writes nothing (no outbox row, no notification-log entry,
 * no group reschedule, no escalation); the new holder writes once, and one message reaches Slack.
 */

import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Dispatcher } from '../../../src/dispatch/dispatcher.js';
import { Outbox } from '../../../src/delivery/outbox.js';
import { holdsFence, type Fence } from '../../../src/ledger/account-fence.js';
import { AccountLeaseStore } from '../../../src/ledger/account-lease-store.js';
import { DIALECTS } from '../ledger/dialects.js';
import { finding, openHarness, outcome, type Harness } from './harness.js';

const T0 = new Date('2026-11-16T10:00:00.000Z'); // Monday 10:00 London
const plus = (ms: number) => new Date(T0.getTime() + ms);
const TTL = 30_000;
const pipelineFailure = finding('pipeline_failure', { pipeline: 'nightly' }, 'nightly failed at stg_orders');

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`fencing of outbox and notification-log writes (${dialect.name})`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(dialect);
    });
    afterEach(async () => {
      await h.close();
    });

    /** A replica's dispatcher for account prod, fenced by the lease it believes it holds. */
    const replica = async (owner: string, believed: () => Fence | undefined): Promise<Dispatcher> =>
      h.alerting(owner, {
        db: dialect.name === 'postgres' ? await h.store.openAnother() : h.store.db,
        account: 'prod',
        // One account: groups carry no account label, so the group's lease is the only account's.
        fenceFor: (account) => ((account ?? 'prod') === 'prod' ? believed() : undefined),
      });
    const rows = async (table: 'outbox' | 'notification_log'): Promise<number> =>
      Number(
        (
          await h.store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('does write nothing from a replica whose lease was taken, and once from the new owner', async () => {
      const leases = new AccountLeaseStore(h.store.db);
      const ofA = await leases.claim('a', ['prod'], TTL, T0);
      const a = await replica('a', () => ({ account: 'prod', owner: 'a', token: ofA.get('prod') ?? -1n }));
      await a.ingest([outcome('pipelines', [pipelineFailure], T0)], T0);
      // a stalls past its lease; b claims prod with the next token.
      const ofB = await leases.claim('b', ['prod'], TTL, plus(TTL));
      expect(ofB.get('prod')).toBe(2n);
      const b = await replica('b', () => ({ account: 'prod', owner: 'b', token: ofB.get('prod') ?? -1n }));

      expect(await a.flush(plus(TTL + 1000))).toMatchObject({ groups: 1, enqueued: 0 });
      expect(h.events.filter((e) => e.type === 'fenced')).toEqual([{ type: 'fenced', at: plus(TTL + 1000), groupKey: expect.any(String), account: 'prod' }]);
      expect([await rows('outbox'), await rows('notification_log')]).toEqual([0, 0]);

      expect(await b.flush(plus(TTL + 2000))).toMatchObject({ groups: 1, enqueued: 1 });
      expect(await b.flush(plus(TTL + 3000))).toMatchObject({ groups: 0, enqueued: 0 });
      expect(await a.flush(plus(TTL + 3000))).toMatchObject({ enqueued: 0 });
      expect([await rows('outbox'), await rows('notification_log')]).toEqual([1, 1]);
      // The row says which replica queued it, under which token; so does the delivery's event (and log line).
      expect(await h.store.db.selectFrom('outbox').select(['fence_owner', 'fence_token']).execute()).toEqual([
        { fence_owner: 'b', fence_token: dialect.name === 'postgres' ? '2' : 2 },
      ]);
      expect((await new Outbox(h.store.db).get((await h.store.db.selectFrom('outbox').select('id').executeTakeFirstOrThrow()).id))?.queuedBy).toEqual({
        owner: 'b',
        token: 2n,
      });
      await h.drain(b, plus(TTL + 3000));
      expect(h.slack.messages.filter((m) => m.threadTs === undefined)).toHaveLength(1);
      expect(h.events.filter((e) => e.type === 'notification_sent').map((e) => (e as { queuedBy?: string }).queuedBy)).toEqual(['b#2']);

      // The response deadline (30 business minutes) passes: only the holder escalates, once.
      const due = plus(TTL + 2000 + 30 * 60_000);
      expect(await a.flush(due)).toMatchObject({ escalations: 0 });
      expect(await b.flush(due)).toMatchObject({ escalations: 1 });
      expect(await b.flush(plus(TTL + 2000 + 31 * 60_000))).toMatchObject({ escalations: 0 });
      expect(await rows('outbox')).toBe(2);
    });

    it('does skip, in a replica that holds no lease on the account, every group of that account', async () => {
      const a = await replica('a', () => undefined);
      await a.ingest([outcome('pipelines', [pipelineFailure], T0)], T0);
      expect(await a.flush(plus(60_000))).toMatchObject({ groups: 0, enqueued: 0 });
      expect(await rows('outbox')).toBe(0);
    });

    it('does refuse an outbox enqueue carrying a stale token, and accept the current one', async () => {
      const leases = new AccountLeaseStore(h.store.db);
      await leases.claim('a', ['prod'], TTL, T0);
      await leases.claim('b', ['prod'], TTL, plus(TTL));
      const outbox = new Outbox(h.store.db);
      const note = (id: string) =>
        ({ id, receiver: 'slack-data-alerts', groupKey: 'g', createdAt: T0.toISOString() }) as unknown as Parameters<Outbox['enqueue']>[0];
      expect(await outbox.enqueue(note('n-1'), { fence: { account: 'prod', owner: 'a', token: 1n } })).toBe(false);
      expect(await outbox.enqueue(note('n-2'), { fence: { account: 'prod', owner: 'b', token: 1n } })).toBe(false);
      expect(await outbox.enqueue(note('n-3'), { fence: { account: 'prod', owner: 'b', token: 2n } })).toBe(true);
      expect((await h.store.db.selectFrom('outbox').select('id').execute()).map((r) => r.id)).toEqual(['n-3']);
      // Unfenced (SQLite, one process): no fence recorded.
      expect(await outbox.enqueue(note('n-4'))).toBe(true);
      expect((await outbox.get('n-4'))?.queuedBy).toBeUndefined();
      expect((await outbox.get('n-3'))?.queuedBy).toEqual({ owner: 'b', token: 2n });
    });

    if (dialect.name === 'postgres') {
      it('does keep another replica from claiming the account while a fenced write is in flight', async () => {
        const leases = new AccountLeaseStore(h.store.db);
        await leases.claim('a', ['prod'], TTL, T0);
        const other = new AccountLeaseStore(await h.store.openAnother());
        const during = await h.store.db.transaction().execute(async (trx) => {
          expect(await holdsFence(trx, { account: 'prod', owner: 'a', token: 1n })).toBe(true);
          return other.claim('b', ['prod'], TTL, plus(TTL)); // lapsed, but locked by the write
        });
        expect(during.size).toBe(0);
        expect(await other.claim('b', ['prod'], TTL, plus(TTL))).toEqual(new Map([['prod', 2n]]));
        await expect(holdsFence(h.store.db, { account: 'prod', owner: 'b', token: 2n })).rejects.toThrow(/inside the transaction/);
        expect((await sql<{ n: number }>`select 1 as n`.execute(h.store.db)).rows).toHaveLength(1);
      });
    }
  });
}
