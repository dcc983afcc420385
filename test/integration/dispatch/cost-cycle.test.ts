/**
 * End to end over a cost monitor's cycle with the real notifiers against the fakes: 75 % waits for
 * business hours then goes to Slack #data-costs; 90 % inhibits 75 % and goes to Slack + email; 100 %
 * pages PagerDuty at once and inhibits both; the cycle's reset resolves all three: each Slack parent is
 * updated to resolved, PagerDuty gets a resolve with the trigger's dedup_key, and 75 %'s resolve goes out
 * though it was inhibited. SQLite always, Postgres when DATABASE_URL is set.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { DIALECTS } from '../ledger/dialects.js';
import { openHarness, resourceMonitors, resourceMonitorsOf, spendOutcomes, type Harness } from './harness.js';

const COSTS = FakeSlack.channelId('#data-costs');
const SAT = new Date('2026-11-14T10:00:00.000Z'); // Saturday, London = UTC in November
const MON_0900 = new Date('2026-11-16T09:00:00.000Z');
const MON_1000 = new Date('2026-11-16T10:00:00.000Z');
const MON_1100 = new Date('2026-11-16T11:00:00.000Z');
const RESET = new Date('2026-12-01T10:00:00.000Z'); // Tuesday, a new monthly cycle
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`cost monitor cycle (${dialect.name})`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(dialect);
    });
    afterEach(async () => {
      await h.close();
    });

    it('does defer 75 %, inhibit it under 90 % and 100 %, page at 100 % and resolve all three when the cycle resets', async () => {
      const alerting = h.alerting();
      const parents = () => h.slack.messages.filter((m) => m.channel === COSTS && m.threadTs === undefined);

      // Saturday: 76 % crosses 75 %; the route delivers during business hours only.
      await alerting.ingest([...spendOutcomes(SAT), resourceMonitors(760, SAT)], SAT);
      expect(await alerting.nextWakeAt(SAT)).toEqual(plus(SAT, 30_000));
      const sat = await alerting.flush(plus(SAT, 30_000));
      expect(sat).toMatchObject({ groups: 1, enqueued: 0, deferred: 1 });
      expect(await alerting.nextWakeAt(plus(SAT, 30_000))).toEqual(MON_0900);
      await h.drain(alerting, plus(SAT, 31_000));
      expect(h.slack.messages).toEqual([]);

      // Monday 09:00: the window opens and the deferred notification goes out.
      expect(await alerting.flush(MON_0900)).toMatchObject({ enqueued: 1 });
      await h.drain(alerting, MON_0900);
      expect(parents()).toHaveLength(1);
      const p75 = parents()[0]!;
      expect(p75.text).toContain('ACCOUNT_MONTHLY at 76%');
      expect(JSON.stringify(p75.blocks)).toContain('Top warehouses this cycle: ETL_WH 610 credits, BI_WH 150 credits');
      expect(JSON.stringify(p75.blocks)).toContain('qh_merge_orders');
      expect(JSON.stringify(p75.blocks)).toContain('look at the top warehouses and queries');

      // 10:00: 92 %; 90 % fires (Slack + email), 75 % is inhibited and not repeated.
      await alerting.ingest([resourceMonitors(920, MON_1000)], MON_1000);
      expect(await alerting.flush(plus(MON_1000, 30_000))).toMatchObject({ groups: 1, enqueued: 2 });
      await h.drain(alerting, plus(MON_1000, 30_000));
      expect(parents()).toHaveLength(2);
      expect(parents()[1]!.text).toContain('at 92%');
      expect(h.smtp.messages).toHaveLength(1);
      expect(h.smtp.messages[0]!.to).toEqual(['lead@example.test']);

      // 11:00: 100 %, the limit: PagerDuty is paged at once (group_wait 0) with Slack; both lower tiers inhibited.
      await alerting.ingest([resourceMonitors(1000, MON_1100)], MON_1100);
      expect(await alerting.flush(MON_1100)).toMatchObject({ groups: 1, enqueued: 2 });
      await h.drain(alerting, MON_1100);
      expect(parents()).toHaveLength(3);
      expect(parents()[2]!.text).toContain('[CRITICAL]');
      const triggers = h.pagerduty.events.filter((e) => e.body.event_action === 'trigger');
      expect(triggers).toHaveLength(1);
      const dedupKey = triggers[0]!.body.dedup_key;
      expect(dedupKey).toBeTruthy();

      // A day later: only 100 % repeats (a thread reply under its parent); the inhibited tiers stay quiet.
      const later = plus(MON_0900, 25 * 3600_000);
      const mark = h.events.length;
      await alerting.flush(later);
      await h.drain(alerting, later);
      const enqueued = h.events.slice(mark).flatMap((e) => (e.type === 'notification_enqueued' ? [e] : []));
      expect(enqueued.map((e) => [e.receiver, e.kind])).toEqual([
        ['slack-data-costs', 'repeat'],
        ['pagerduty-data', 'repeat'],
      ]);
      expect(enqueued.every((e) => e.groupKey.includes('threshold="100"'))).toBe(true);
      expect(parents()).toHaveLength(3);
      expect(h.slack.messages.filter((m) => m.threadTs === parents()[2]!.ts)).toHaveLength(1);

      // 1 December: the cycle resets, nothing is crossed: all three resolve.
      const transitions = await alerting.ingest([resourceMonitors(4, RESET, '2026-12-01 00:00:00.000 +0000')], RESET);
      expect(
        transitions
          .filter((t) => t.to === 'resolved')
          .map((t) => t.alert.labels['threshold'])
          .sort(),
      ).toEqual(['100', '75', '90']);
      const flushed = await alerting.flush(plus(RESET, 3600_000));
      expect(flushed.groups).toBe(3);
      await h.drain(alerting, plus(RESET, 3600_000));

      for (const parent of parents()) expect(parent.text).toContain('[RESOLVED]');
      const resolvedReplies = h.slack.messages.filter((m) => m.channel === COSTS && m.threadTs !== undefined && m.text.includes('[RESOLVED]'));
      expect(resolvedReplies.map((r) => r.threadTs).sort()).toEqual(
        parents()
          .map((p) => p.ts)
          .sort(),
      );
      const resolves = h.pagerduty.events.filter((e) => e.body.event_action === 'resolve');
      expect(resolves).toHaveLength(1);
      expect(resolves[0]!.body.dedup_key).toBe(dedupKey);
      expect(h.smtp.messages).toHaveLength(1); // email-lead has send_resolved: false

      // Slack saw at most one message per second per channel on the fake clock.
      const sent = h.events.flatMap((e) => (e.type === 'notification_sent' && e.channel !== undefined ? [e] : []));
      for (let i = 1; i < sent.length; i++) {
        const previous = sent
          .slice(0, i)
          .filter((e) => e.channel === sent[i]!.channel)
          .at(-1);
        if (previous) expect(sent[i]!.at.getTime() - previous.at.getTime()).toBeGreaterThanOrEqual(1000);
      }
      expect(h.events.some((e) => e.type === 'notification_released' && e.reason.includes('1 message per second'))).toBe(true);
      expect(await alerting.nextWakeAt(plus(RESET, 7200_000))).toBeUndefined();
    });

    it('does notify 90 % at the next group_interval tick when the 100 % that inhibited it from the start resolves', async () => {
      const alerting = h.alerting();
      await alerting.ingest([resourceMonitors(1000, MON_1000)], MON_1000);
      await alerting.flush(MON_1000);
      await alerting.flush(plus(MON_1000, 30_000));
      await h.drain(alerting, plus(MON_1000, 30_000));
      expect(parents()).toHaveLength(1);
      expect(h.smtp.messages).toHaveLength(0);

      // The quota is raised: 1000 of 1050 credits is 95 %, so 100 % resolves and 90 % is no longer inhibited.
      const raised = resourceMonitorsOf(1000, 1050, plus(MON_1000, 600_000));
      await alerting.ingest([raised], plus(MON_1000, 600_000));
      // Each flushed group wakes at its next group_interval tick: 100 % (flushed 10:00) at 10:10, 90 % (10:00:30) at 10:10:30.
      expect(await alerting.nextWakeAt(plus(MON_1000, 600_000))).toEqual(plus(MON_1000, 600_000));
      expect(await alerting.flush(plus(MON_1000, 600_000))).toMatchObject({ groups: 1, enqueued: 2 });
      expect(await alerting.deliver(plus(MON_1000, 600_000))).toMatchObject({ sent: 2 });
      expect(await alerting.nextWakeAt(plus(MON_1000, 601_000))).toEqual(plus(MON_1000, 630_000));
      expect(await alerting.flush(plus(MON_1000, 630_000))).toMatchObject({ groups: 2, enqueued: 2 });
      await h.drain(alerting, plus(MON_1000, 630_000));
      expect(parents().map((p) => p.text)).toEqual([expect.stringContaining('[RESOLVED]'), expect.stringContaining('at 95.24% of 1050 credits (passed 90%)')]);
      expect(h.smtp.messages).toHaveLength(1);
      expect(h.pagerduty.events.map((e) => e.body.event_action)).toEqual(['trigger', 'resolve']);
    });

    function parents() {
      return h.slack.messages.filter((m) => m.channel === COSTS && m.threadTs === undefined);
    }
  });
}
