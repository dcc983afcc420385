/**
 * The dispatcher and an account no longer configured, with the real Slack notifier against the fake Slack:
 * its alerts, once ended, are told resolved in the thread of the message that said they fired, naming the
 * reason; a notification about it that goes dead raises the receiver's delivery-health alert under no account
 * (not under the removed account, which nothing would ever resolve).
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/alerts/alert.js';
import { deliveryHealthLabels } from '../../../src/dispatch/delivery-health.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { DIALECTS } from '../ledger/dialects.js';
import { openHarness, resourceMonitors, type Harness } from './harness.js';

const COSTS = FakeSlack.channelId('#data-costs');
const T0 = new Date('2026-11-16T10:00:00.000Z'); // Monday, inside business hours
const plus = (ms: number) => new Date(T0.getTime() + ms);
const prod = { name: 'prod', labels: {} };
const gone = { name: 'gone', labels: {} };

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`an account no longer configured (${dialect.name})`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(dialect);
    });
    afterEach(async () => {
      await h.close();
    });

    it('does tell its ended alerts as resolved, with the reason, in the thread that said they fired', async () => {
      const before = h.alerting(undefined, { accounts: [prod, gone] });
      await before.ingest([resourceMonitors(760, T0)], T0, gone);
      await before.flush(plus(30_000));
      await h.drain(before, plus(30_000));
      const parent = h.slack.messages.find((m) => m.channel === COSTS && m.threadTs === undefined);
      expect(parent).toBeDefined();

      const after = h.alerting(undefined, { accounts: [prod] });
      const result = await after.resolveRemovedAccounts(['prod'], plus(60_000));
      expect(result.transitions.length).toBeGreaterThan(0);
      await after.flush(plus(400_000));
      await h.drain(after, plus(400_000));
      const resolved = h.slack.message(COSTS, parent!.ts);
      expect(resolved?.text).toContain('[RESOLVED]');
      expect(JSON.stringify(h.slack.messages)).toContain('account gone is no longer in snowmon.yaml');
    });

    it('does raise a dead notification about it under no account', async () => {
      const before = h.alerting(undefined, { accounts: [prod, gone] });
      await before.ingest([resourceMonitors(760, T0)], T0, gone);
      const after = h.alerting(undefined, { accounts: [prod] });
      await after.flush(plus(30_000));
      h.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
      expect(await after.deliver(plus(30_000))).toMatchObject({ dead: 1 });
      const ledger = new AlertLedger(h.store.db);
      expect((await ledger.get(fingerprint(deliveryHealthLabels('slack-data-costs'))))?.status).toBe('firing');
      expect(await ledger.get(fingerprint(deliveryHealthLabels('slack-data-costs', gone)))).toBeUndefined();
    });
  });
}
