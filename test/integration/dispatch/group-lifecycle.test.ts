/**
 * Group timers and the ledger's rules through Dispatcher with the real Slack notifier and its fake: an
 * alert that resolves within group_wait sends nothing, repeat_interval repeats as thread replies, a
 * failed check resolves nothing, and an expire_on_resolve silence mutes until its alert resolves.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SilenceStore } from '../../../src/ledger/silence-store.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { DIALECTS } from '../ledger/dialects.js';
import { finding, openHarness, outcome, type Harness } from './harness.js';

const QUALITY = FakeSlack.channelId('#data-quality');
const T0 = new Date('2026-11-16T10:00:00.000Z');
/** The shipped dbt-test-failure route's repeat_interval. */
const REPEAT = 24 * 3600_000;
const plus = (ms: number) => new Date(T0.getTime() + ms);
const dbtFailure = finding('dbt_test_failure', { model: 'orders', test: 'not_null_orders_id' }, 'not_null_orders_id failed on orders: 12 rows');

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`group lifecycle (${dialect.name})`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(dialect);
    });
    afterEach(async () => {
      await h.close();
    });

    it('does send nothing when an alert resolves within group_wait', async () => {
      const alerting = h.alerting();
      await alerting.ingest([outcome('dbt_tests', [dbtFailure], T0)], T0);
      const resolved = await alerting.ingest([outcome('dbt_tests', [], plus(10_000))], plus(10_000));
      expect(resolved.map((t) => t.to)).toEqual(['resolved']);
      expect(await alerting.flush(plus(30_000))).toMatchObject({ groups: 1, enqueued: 0 });
      await h.drain(alerting, plus(30_000));
      expect(h.slack.calls).toEqual([]);
      expect(await alerting.nextWakeAt(plus(31_000))).toBeUndefined();
    });

    it('does send a new group at once when a one-shot run ignores group_wait', async () => {
      const alerting = h.alerting();
      await alerting.ingest([outcome('dbt_tests', [dbtFailure], T0)], T0);
      expect(await alerting.flush(T0)).toMatchObject({ groups: 0, enqueued: 0 });
      expect(await alerting.flush(T0, { ignoreGroupWait: true })).toMatchObject({ groups: 1, enqueued: 1 });
      expect(await alerting.deliver(T0)).toMatchObject({ sent: 1 });
      expect(h.slack.messages.map((m) => m.channel)).toEqual([QUALITY]);
      expect(await alerting.flush(T0, { ignoreGroupWait: true })).toMatchObject({ groups: 0 });
    });

    it('does repeat an unchanged firing group as thread replies once repeat_interval has passed', async () => {
      const alerting = h.alerting();
      await alerting.ingest([outcome('dbt_tests', [dbtFailure], T0)], T0);
      await alerting.flush(plus(30_000));
      await h.drain(alerting, plus(30_000));
      const parent = h.slack.messages.find((m) => m.channel === QUALITY && m.threadTs === undefined);
      expect(parent?.text).toContain('not_null_orders_id failed on orders');
      expect(await alerting.nextWakeAt(plus(31_000))).toEqual(plus(30_000 + REPEAT));

      await alerting.ingest([outcome('dbt_tests', [dbtFailure], plus(600_000))], plus(600_000));
      expect(await alerting.flush(plus(1800_000))).toMatchObject({ enqueued: 0 });
      expect(await alerting.flush(plus(30_000 + REPEAT))).toMatchObject({ enqueued: 1 });
      await h.drain(alerting, plus(30_000 + REPEAT));
      expect(await alerting.flush(plus(30_000 + 2 * REPEAT))).toMatchObject({ enqueued: 1 });
      await h.drain(alerting, plus(30_000 + 2 * REPEAT));

      const replies = h.slack.messages.filter((m) => m.threadTs === parent?.ts);
      expect(replies).toHaveLength(2);
      expect(h.slack.messages.filter((m) => m.threadTs === undefined)).toHaveLength(1);
      const kinds = h.events.flatMap((e) => (e.type === 'notification_sent' ? [e.kind] : []));
      expect(kinds).toEqual(['firing', 'repeat', 'repeat']);
    });

    it('does resolve nothing when the check failed, and resolves on its next ok run', async () => {
      const alerting = h.alerting();
      await alerting.ingest([outcome('dbt_tests', [dbtFailure], T0)], T0);
      await alerting.flush(plus(30_000));
      await h.drain(alerting, plus(30_000));

      expect(await alerting.ingest([outcome('dbt_tests', [], plus(60_000), 'failed')], plus(60_000))).toEqual([]);
      await alerting.flush(plus(3600_000));
      await h.drain(alerting, plus(3600_000));
      expect(h.slack.messages.some((m) => m.text.includes('[RESOLVED]'))).toBe(false);

      const transitions = await alerting.ingest([outcome('dbt_tests', [], plus(3700_000))], plus(3700_000));
      expect(transitions.map((t) => t.to)).toEqual(['resolved']);
      await alerting.flush(plus(4000_000));
      await h.drain(alerting, plus(4000_000));
      const parent = h.slack.messages.find((m) => m.threadTs === undefined);
      expect(parent?.text).toContain('[RESOLVED]');
    });

    it('does mute a silenced alert and expire an expire_on_resolve silence when the alert resolves', async () => {
      const alerting = h.alerting();
      const silences = new SilenceStore(h.store.db);
      const id = await silences.add(
        { matchers: ['model="orders"'], startsAt: T0, endsAt: plus(86_400_000), createdBy: 'alice', comment: 'DQ-12', expireOnResolve: true },
        T0,
      );
      await alerting.ingest([outcome('dbt_tests', [dbtFailure], T0)], T0);
      const flushed = await alerting.flush(plus(30_000));
      expect(flushed.enqueued).toBe(0);
      const decision = h.events.find((e) => e.type === 'group_flushed');
      expect(decision?.type === 'group_flushed' ? decision.actions : []).toEqual([expect.stringContaining(`silenced by ${id}`)]);

      await alerting.ingest([outcome('dbt_tests', [], plus(600_000))], plus(600_000));
      expect((await silences.get(id))?.endsAt).toEqual(plus(600_000));
      expect(h.events.some((e) => e.type === 'silences_expired' && e.ids.includes(id))).toBe(true);
      await alerting.flush(plus(3600_000));
      await h.drain(alerting, plus(3600_000));
      expect(h.slack.calls).toEqual([]);
    });
  });
}
