/**
 * Crash safety and response-time escalation through Dispatcher with the real Slack notifier: rows claimed
 * by a daemon that dies are delivered exactly once more by another owner after the lease lapses; a group
 * past its due time and not acknowledged gets an escalation with a mention (once), and an acknowledged
 * one (by group in AckStore, or through the notification log) gets none.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AckStore } from '../../../src/ledger/ack-store.js';
import { NotificationLog } from '../../../src/ledger/notification-log.js';
import { Outbox } from '../../../src/delivery/outbox.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { DIALECTS } from '../ledger/dialects.js';
import { finding, openHarness, outcome, resourceMonitors, type Harness } from './harness.js';

const ALERTS = FakeSlack.channelId('#data-alerts');
const T0 = new Date('2026-11-16T10:00:00.000Z'); // Monday 10:00 London
const plus = (ms: number) => new Date(T0.getTime() + ms);
const pipelineFailure = finding('pipeline_failure', { pipeline: 'nightly' }, 'nightly failed at stg_orders');

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`crash safety and escalation (${dialect.name})`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(dialect);
    });
    afterEach(async () => {
      await h.close();
    });

    it('does deliver rows a crashed daemon had claimed exactly once more, by another owner after the lease', async () => {
      const first = h.alerting('host-a:1:x');
      await first.ingest([resourceMonitors(1000, T0)], T0);
      expect(await first.flush(T0)).toMatchObject({ enqueued: 2 });
      // The daemon claims both rows and dies before sending or marking them.
      const claimed = await new Outbox(h.store.db).claim('host-a:1:x', 60_000, T0, 10);
      expect(claimed).toHaveLength(2);

      const second = h.alerting('host-b:2:y', { db: await h.store.openAnother() });
      // The 75 % and 90 % groups flush after their group_wait: inhibited by 100 %, they add nothing.
      expect(await second.flush(plus(30_000))).toMatchObject({ groups: 2, enqueued: 0 });
      expect(await second.deliver(plus(59_000))).toMatchObject({ claimed: 0 });
      expect(await second.nextWakeAt(plus(59_000))).toEqual(plus(60_000));
      expect(await second.deliver(plus(60_000))).toMatchObject({ claimed: 2, sent: 2 });
      expect(await second.deliver(plus(120_000))).toMatchObject({ claimed: 0 });
      expect(h.slack.messages).toHaveLength(1);
      expect(h.pagerduty.events.filter((e) => e.body.event_action === 'trigger')).toHaveLength(1);
      for (const row of claimed) {
        const after = await new Outbox(h.store.db).get(row.id);
        expect(after).toMatchObject({ status: 'sent', attempts: 2 });
      }
    });

    it('does escalate with a mention once when the due time passes unacknowledged', async () => {
      const alerting = h.alerting(undefined, { account: 'xy12345.eu-west-1' });
      await alerting.ingest([outcome('pipelines', [pipelineFailure], T0)], T0);
      await alerting.flush(plus(30_000));
      await h.drain(alerting, plus(30_000));
      const parent = h.slack.messages.find((m) => m.channel === ALERTS && m.threadTs === undefined);
      expect(JSON.stringify(parent?.blocks)).toMatch(/respond by/i);
      const due = plus(30_000 + 30 * 60_000);
      expect(await alerting.nextWakeAt(plus(31_000))).toEqual(due);

      expect(await alerting.flush(new Date(due.getTime() - 1000))).toMatchObject({ escalations: 0 });
      expect(await alerting.flush(due)).toMatchObject({ escalations: 1 });
      await h.drain(alerting, due);
      const escalation = h.slack.messages.find((m) => m.threadTs === parent?.ts);
      expect(escalation?.replyBroadcast).toBe(true);
      const said = `${escalation?.text} ${JSON.stringify(escalation?.blocks)}`;
      expect(said).toContain('data-oncall');
      // Every message names the account; times read in the route's zone (business_hours: Europe/London), never raw ISO.
      expect(said).toContain('xy12345.eu-west-1 · ');
      expect(JSON.stringify(parent?.blocks)).toContain('xy12345.eu-west-1');
      expect(said).toMatch(/not acknowledged by \w{3} \d{1,2} \w{3} \d{2}:\d{2} GMT/);
      expect(said).not.toMatch(/\d{2}:\d{2}:\d{2}\.\d{3}Z/);
      expect(await alerting.flush(plus(3600_000))).toMatchObject({ escalations: 0 });
      expect(h.events.filter((e) => e.type === 'escalation')).toHaveLength(1);
    });

    it('does not escalate a group acknowledged in the AckStore', async () => {
      const alerting = h.alerting();
      await alerting.ingest([outcome('pipelines', [pipelineFailure], T0)], T0);
      await alerting.flush(plus(30_000));
      await h.drain(alerting, plus(30_000));
      const [entry] = await new NotificationLog(h.store.db).overdue(plus(86_400_000));
      await new AckStore(h.store.db).acknowledge({ groupKey: entry!.groupKey }, 'alice', plus(300_000), 'looking');
      expect(await alerting.flush(plus(3600_000))).toMatchObject({ escalations: 0 });
      expect(await alerting.nextWakeAt(plus(3600_000))).toEqual(plus(30_000 + 4 * 3600_000)); // only the repeat
      await h.drain(alerting, plus(3600_000));
      expect(h.slack.messages).toHaveLength(1);
    });

    it('does not escalate a group acknowledged through the notification log', async () => {
      const alerting = h.alerting();
      await alerting.ingest([outcome('pipelines', [pipelineFailure], T0)], T0);
      await alerting.flush(plus(30_000));
      const log = new NotificationLog(h.store.db);
      const [entry] = await log.overdue(plus(86_400_000));
      expect(await log.acknowledge(entry!.groupKey, plus(60_000))).toBe(1);
      expect(await alerting.flush(plus(3600_000))).toMatchObject({ escalations: 0 });
    });
  });
}
