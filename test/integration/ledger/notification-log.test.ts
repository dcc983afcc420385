import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AckStore } from '../../../src/ledger/ack-store.js';
import { NotificationLog } from '../../../src/ledger/notification-log.js';
import { Outbox } from '../../../src/delivery/outbox.js';
import { transaction } from '../../../src/ledger/transaction.js';
import { DIALECTS, type TestStore } from './dialects.js';
import { notificationFor } from './notifications.js';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const GROUP = '{}/{alert_type="cost_monitor"}:{monitor="ACCOUNT_MONTHLY"}';

for (const dialect of DIALECTS) {
  describe(`notification log (${dialect.name})`, () => {
    if (dialect.skip !== undefined) {
      it.skip(dialect.skip, () => {});
      return;
    }
    let store: TestStore;
    let log: NotificationLog;
    beforeEach(async () => {
      store = await dialect.open();
      log = new NotificationLog(store.db);
    });
    afterEach(async () => {
      await store.close();
    });

    it('does keep one entry per group and receiver and merge receiver data provider by provider', async () => {
      expect(await log.get(GROUP, 'slack-data-costs')).toBeUndefined();
      await log.put({
        groupKey: GROUP,
        receiver: 'slack-data-costs',
        firingFingerprints: ['a'],
        resolvedFingerprints: [],
        sentAt: at(0),
        receiverData: { slack: { channelId: 'C1', ts: '1.1' } },
        dueAt: at(60),
      });
      await log.put({ groupKey: GROUP, receiver: 'pagerduty-data', firingFingerprints: ['a'], resolvedFingerprints: [], sentAt: at(0) });
      expect(await log.mergeReceiverData(GROUP, 'slack-data-costs', { email: { messageId: '<m@x>' } })).toBe(true);
      expect(await log.mergeReceiverData(GROUP, 'nobody', { email: { messageId: '<m@x>' } })).toBe(false);
      const updated = await log.put({
        groupKey: GROUP,
        receiver: 'slack-data-costs',
        firingFingerprints: ['a', 'b'],
        resolvedFingerprints: [],
        sentAt: at(5),
        dueAt: at(999),
      });
      expect(updated).toEqual({
        groupKey: GROUP,
        receiver: 'slack-data-costs',
        firingFingerprints: ['a', 'b'],
        resolvedFingerprints: [],
        sentAt: at(5),
        receiverData: { slack: { channelId: 'C1', ts: '1.1' }, email: { messageId: '<m@x>' } },
        dueAt: at(60),
      });
      expect(await log.get(GROUP, 'slack-data-costs')).toEqual(updated);
      expect((await log.forGroup(GROUP)).map((e) => e.receiver)).toEqual(['pagerduty-data', 'slack-data-costs']);
    });

    it('does list overdue unacknowledged entries and drop them once the group is acknowledged', async () => {
      await log.put({ groupKey: GROUP, receiver: 'slack-data-costs', firingFingerprints: ['a'], resolvedFingerprints: [], sentAt: at(0), dueAt: at(30) });
      expect(await log.overdue(at(29))).toEqual([]);
      expect((await log.overdue(at(30))).map((e) => e.receiver)).toEqual(['slack-data-costs']);
      const acks = new AckStore(store.db);
      await acks.acknowledge({ groupKey: GROUP }, 'ana', at(31), 'looking');
      expect(await log.overdue(at(40))).toEqual([]);
      expect((await log.get(GROUP, 'slack-data-costs'))?.acknowledgedAt).toEqual(at(31));
      expect((await acks.list({ groupKey: GROUP })).map((a) => [a.by, a.comment])).toEqual([['ana', 'looking']]);
    });

    it('does start a new episode with a new deadline and no acknowledgement after everything resolved', async () => {
      const base = { groupKey: GROUP, receiver: 'slack-data-costs', resolvedFingerprints: [] };
      await log.put({ ...base, firingFingerprints: ['a'], sentAt: at(0), dueAt: at(30) });
      await log.acknowledge(GROUP, at(1));
      await log.put({ ...base, firingFingerprints: [], resolvedFingerprints: ['a'], sentAt: at(10) });
      const next = await log.put({ ...base, firingFingerprints: ['a'], sentAt: at(100), dueAt: at(130) });
      expect(next.dueAt).toEqual(at(130));
      expect(next.acknowledgedAt).toBeUndefined();
    });

    it('does write the log entry and the outbox row together or not at all', async () => {
      const outbox = new Outbox(store.db);
      await expect(
        transaction(store.db, async (trx) => {
          await log.put({ groupKey: GROUP, receiver: 'slack-data-costs', firingFingerprints: ['a'], resolvedFingerprints: [], sentAt: at(0) }, { db: trx });
          await outbox.enqueue(notificationFor('n1', at(0)), { db: trx });
          throw new Error('crash before commit');
        }),
      ).rejects.toThrow('crash before commit');
      expect(await log.get(GROUP, 'slack-data-costs')).toBeUndefined();
      expect(await outbox.get('n1')).toBeUndefined();

      await transaction(store.db, async (trx) => {
        await log.put({ groupKey: GROUP, receiver: 'slack-data-costs', firingFingerprints: ['a'], resolvedFingerprints: [], sentAt: at(0) }, { db: trx });
        await outbox.enqueue(notificationFor('n1', at(0)), { db: trx });
      });
      expect(await log.get(GROUP, 'slack-data-costs')).toBeDefined();
      expect(await outbox.depth()).toBe(1);
    });

    it('does record an acknowledgement of one alert without touching the log', async () => {
      await log.put({ groupKey: GROUP, receiver: 'slack-data-costs', firingFingerprints: ['a'], resolvedFingerprints: [], sentAt: at(0), dueAt: at(30) });
      const acks = new AckStore(store.db);
      await acks.acknowledge({ fingerprint: 'a' }, 'ana', at(5));
      await acks.acknowledge({ fingerprint: 'a' }, 'bo', at(50), 'second look');
      expect((await acks.list({ fingerprint: 'a' })).map((a) => a.by)).toEqual(['bo', 'ana']);
      expect((await acks.latestSince({ fingerprint: 'a' }, at(10)))?.by).toBe('bo');
      expect(await acks.latestSince({ fingerprint: 'a' }, at(60))).toBeUndefined();
      expect((await log.get(GROUP, 'slack-data-costs'))?.acknowledgedAt).toBeUndefined();
    });
  });
}
