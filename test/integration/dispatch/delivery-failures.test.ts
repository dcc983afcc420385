/**
 * Delivery through the outbox when providers fail, with the real notifiers and the fakes on a fake
 * clock: Slack 429 is retried after its Retry-After, Slack down (5xx) for a while is delivered later
 * with nothing lost, a permanently failing receiver goes dead and raises a monitor_health alert that
 * another receiver gets (and that resolves when the receiver delivers again), and a health alert whose
 * only receiver is the failing one is reported loudly instead of being sent there.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/alerts/alert.js';
import { deliveryHealthLabels } from '../../../src/dispatch/delivery-health.js';
import { AccountLeaseStore } from '../../../src/ledger/account-lease-store.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import { groupByAccount } from '../../../src/router/group-by-account.js';
import { Outbox } from '../../../src/delivery/outbox.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { DIALECTS } from '../ledger/dialects.js';
import { finding, openHarness, outcome, resourceMonitors, type Harness } from './harness.js';

const COSTS = FakeSlack.channelId('#data-costs');
const ALERTS = FakeSlack.channelId('#data-alerts');
const T0 = new Date('2026-11-16T10:00:00.000Z'); // Monday, inside business hours
const plus = (ms: number) => new Date(T0.getTime() + ms);

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`delivery failures (${dialect.name})`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(dialect);
    });
    afterEach(async () => {
      await h.close();
    });

    it('does retry a Slack 429 no sooner than its Retry-After', async () => {
      const alerting = h.alerting();
      await alerting.ingest([resourceMonitors(760, T0)], T0);
      await alerting.flush(plus(30_000));
      h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 120 });
      expect(await alerting.deliver(plus(30_000))).toMatchObject({ claimed: 1, failed: 1 });
      const failed = h.events.find((e) => e.type === 'notification_failed');
      expect(failed?.type === 'notification_failed' ? failed.nextAttemptAt : undefined).toEqual(plus(150_000));
      expect(await alerting.nextWakeAt(plus(31_000))).toEqual(plus(150_000));
      expect(await alerting.deliver(plus(149_000))).toMatchObject({ claimed: 0 });
      expect(await alerting.deliver(plus(150_000))).toMatchObject({ claimed: 1, sent: 1 });
      expect(h.slack.messages.filter((m) => m.channel === COSTS)).toHaveLength(1);
    });

    it('does deliver everything once Slack is back after answering 5xx for a while', async () => {
      const alerting = h.alerting();
      for (let i = 0; i < 4; i++) h.slack.failNext('chat.postMessage', { status: 503 });
      await alerting.ingest(
        [resourceMonitors(760, T0), outcome('dbt_tests', [finding('dbt_test_failure', { model: 'orders' }, 'orders test failed')], T0)],
        T0,
      );
      expect(await alerting.flush(plus(30_000))).toMatchObject({ enqueued: 2 });
      await h.drain(alerting, plus(30_000), 40);
      expect(h.events.filter((e) => e.type === 'notification_failed')).toHaveLength(4);
      expect(h.events.filter((e) => e.type === 'notification_sent')).toHaveLength(2);
      expect(h.slack.messages.map((m) => m.channel).sort()).toEqual([COSTS, FakeSlack.channelId('#data-quality')].sort());
      expect(await new Outbox(h.store.db).depth()).toBe(0);
      expect(await new Outbox(h.store.db).deadLetters()).toEqual([]);
    });

    it('does record a permanently failing notification as dead, page another receiver with monitor_health and resolve it when the receiver delivers again', async () => {
      const alerting = h.alerting();
      await alerting.ingest([resourceMonitors(760, T0)], T0);
      await alerting.flush(plus(30_000));
      h.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
      expect(await alerting.deliver(plus(30_000))).toMatchObject({ dead: 1 });
      const dead = await new Outbox(h.store.db).deadLetters();
      expect(dead.map((d) => [d.receiver, d.lastError])).toEqual([['slack-data-costs', 'slack chat.postMessage: channel_not_found']]);
      const health = await new AlertLedger(h.store.db).get(fingerprint(deliveryHealthLabels('slack-data-costs')));
      expect(health?.status).toBe('firing');

      await alerting.flush(plus(60_000));
      await h.drain(alerting, plus(60_000));
      const healthParent = h.slack.messages.find((m) => m.channel === ALERTS && m.threadTs === undefined);
      expect(healthParent?.text).toContain('snowmon cannot deliver notifications to receiver slack-data-costs');
      expect(JSON.stringify(healthParent?.blocks)).toContain('fix credentials, network or grants');

      // The receiver works again: a new notification to it is delivered and the health alert resolves.
      await alerting.ingest([resourceMonitors(920, plus(120_000))], plus(120_000));
      await alerting.flush(plus(150_000));
      await h.drain(alerting, plus(150_000));
      expect(h.slack.messages.some((m) => m.channel === COSTS && m.text.includes('at 92%'))).toBe(true);
      expect((await new AlertLedger(h.store.db).get(fingerprint(deliveryHealthLabels('slack-data-costs'))))?.status).toBe('resolved');
      await alerting.flush(plus(400_000));
      await h.drain(alerting, plus(400_000));
      expect(h.slack.message(ALERTS, healthParent!.ts)?.text).toContain('[RESOLVED]');
    });

    it("does raise a dead notification's health alert under the account of its alerts, and resolve it when the receiver delivers any account's", async () => {
      const prod = { name: 'prod', labels: { team: 'core' } };
      const dev = { name: 'dev', labels: {} };
      const alerting = h.alerting(undefined, { accounts: [prod, dev] });
      await alerting.ingest([resourceMonitors(760, T0)], T0, prod);
      await alerting.flush(plus(30_000));
      h.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
      expect(await alerting.deliver(plus(30_000))).toMatchObject({ dead: 1 });
      const ledger = new AlertLedger(h.store.db);
      const health = await ledger.get(fingerprint(deliveryHealthLabels('slack-data-costs', prod)));
      expect(health).toMatchObject({ status: 'firing', labels: { account: 'prod', team: 'core', receiver: 'slack-data-costs' } });
      expect(health?.annotations['description']).toContain('The last notification to slack-data-costs about account prod was given up on');
      expect(await ledger.get(fingerprint(deliveryHealthLabels('slack-data-costs')))).toBeUndefined();
      const runs = await h.store.db.selectFrom('check_runs').select('account').where('check', '=', 'snowmon_delivery').execute();
      expect(runs.map((r) => r.account)).toEqual(['prod']);

      // dev's notification to the same receiver gets through: the receiver works again, so prod's alert resolves.
      await alerting.ingest([resourceMonitors(920, plus(60_000))], plus(60_000), dev);
      await alerting.flush(plus(90_000));
      await h.drain(alerting, plus(90_000));
      expect(h.slack.messages.some((m) => m.channel === COSTS && m.text.includes('at 92%'))).toBe(true);
      expect((await ledger.get(fingerprint(deliveryHealthLabels('slack-data-costs', prod))))?.status).toBe('resolved');
    });

    it("does leave a health alert raised by a replica that delivers but does not hold the account to the account's holder to flush", async () => {
      const prod = { name: 'prod', labels: { team: 'core' } };
      const dev = { name: 'dev', labels: {} };
      const leases = new AccountLeaseStore(h.store.db);
      const held = { a: await leases.claim('a', ['prod'], 30_000, T0), b: await leases.claim('b', ['dev'], 30_000, T0) };
      const replica = async (owner: 'a' | 'b') =>
        h.alerting(owner, {
          db: dialect.name === 'postgres' ? await h.store.openAnother() : h.store.db,
          routing: groupByAccount(h.routing, [{ keyPath: 'accounts[0]' }, { keyPath: 'accounts[1]' }]),
          accounts: [prod, dev],
          fenceFor: (account) => {
            const token = held[owner].get(account ?? 'prod');
            return token === undefined ? undefined : { account: account ?? 'prod', owner, token };
          },
        });
      const a = await replica('a');
      const b = await replica('b');
      await a.ingest([resourceMonitors(760, T0)], T0, prod);
      expect(await a.flush(plus(30_000))).toMatchObject({ enqueued: 1 });
      // Any replica delivers: b sends prod's notification, which goes dead, and raises prod's health alert.
      h.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
      expect(await b.deliver(plus(30_000))).toMatchObject({ dead: 1 });
      expect((await new AlertLedger(h.store.db).get(fingerprint(deliveryHealthLabels('slack-data-costs', prod))))?.status).toBe('firing');
      // Its group is prod's: b leaves it, a (prod's holder) tells the monitor_health route's receivers.
      expect(await b.flush(plus(60_000))).toMatchObject({ groups: 0, enqueued: 0 });
      expect((await a.flush(plus(60_000))).enqueued).toBeGreaterThan(0);
      await h.drain(a, plus(60_000));
      const told = h.slack.messages.filter((m) => m.channel === ALERTS && m.text.includes('snowmon cannot deliver notifications to receiver slack-data-costs'));
      expect(told).toHaveLength(1);
    });

    it('does report loudly and send nothing to it when the failing receiver is the only one its health alert reaches', async () => {
      // The shipped table pages PagerDuty too about a dead receiver: here monitor_health reaches Slack only.
      await h.close();
      h = await openHarness(dialect, { notify: { 'monitor-health-critical': ['slack-data-alerts'] } });
      const alerting = h.alerting();
      await alerting.ingest([outcome('pipelines', [finding('pipeline_failure', { pipeline: 'nightly' }, 'nightly failed at stg_orders')], T0)], T0);
      await alerting.flush(plus(30_000));
      h.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
      expect(await alerting.deliver(plus(30_000))).toMatchObject({ dead: 1 });
      const loud = h.events.find((e) => e.type === 'delivery_health_unroutable');
      expect(loud).toMatchObject({ level: 'error', receiver: 'slack-data-alerts' });
      expect(loud?.type === 'delivery_health_unroutable' ? loud.message : '').toContain('nobody will be notified');

      expect(await alerting.flush(plus(60_000))).toMatchObject({ enqueued: 0 });
      await h.drain(alerting, plus(60_000));
      expect(h.slack.messages).toEqual([]);
    });
  });
}
