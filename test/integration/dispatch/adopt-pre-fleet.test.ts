/**
 * Upgrading a single-account store to fleet mode: alerts notified before the upgrade (no `account` label)
 * are adopted by the account, so the upgraded daemon, whose alerts now carry `account=prod` and the
 * account's labels, sends nothing new for them, and still resolves them (threaded under the old Slack
 * message, with the PagerDuty incident's dedup_key) when they clear. Without adoption, the same store
 * would page again: the control case shows it. SQLite always, Postgres when DATABASE_URL is set.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountIdentity } from '../../../src/alerts/account-labels.js';
import { adoptPreFleet } from '../../../src/dispatch/adopt-pre-fleet.js';
import { fingerprint } from '../../../src/alerts/alert.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import { fromDbJson } from '../../../src/ledger/db-values.js';
import { NotificationLog } from '../../../src/ledger/notification-log.js';
import { formatLabels } from '../../../src/router/group.js';
import { DIALECTS } from '../ledger/dialects.js';
import { finding, openHarness, outcome, resourceMonitors, type Harness } from './harness.js';

const PROD: AccountIdentity = { name: 'prod', labels: { team: 'core', monitor: 'not-a-check-label' } };
const T0 = new Date('2026-11-16T10:00:00.000Z'); // Monday, business hours in London
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

/** A 100 % monitor (Slack + PagerDuty at once) and a pipeline failure (Slack after 30 s). */
const outcomes = (at: Date, failing = true) => [
  resourceMonitors(1000, at),
  outcome('dbt', failing ? [finding('pipeline_failure', { pipeline: 'nightly' }, 'nightly failed')] : [], at),
];

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`adopting a pre-fleet store (${dialect.name})`, () => {
    let h: Harness;
    beforeEach(async () => {
      h = await openHarness(dialect);
    });
    afterEach(async () => {
      await h.close();
    });

    /** The pre-fleet daemon notifies, then its rows look as the fleet migration leaves them (account NULL). */
    async function notifiedBeforeUpgrade(): Promise<{ slack: number; pagerduty: number }> {
      const before = h.alerting('old:1:a');
      await before.ingest(outcomes(T0), T0);
      await before.flush(plus(T0, 30_000));
      await h.drain(before, plus(T0, 30_000));
      await h.store.db.updateTable('alerts').set({ account: null }).execute();
      await h.store.db.updateTable('check_runs').set({ account: null }).execute();
      return { slack: h.slack.messages.length, pagerduty: h.pagerduty.events.length };
    }

    it('does send nothing new for alerts notified before the upgrade, and resolves them in their old threads', async () => {
      const sent = await notifiedBeforeUpgrade();
      expect(sent.slack).toBeGreaterThanOrEqual(2);
      expect(sent.pagerduty).toBe(1);

      const adoption = await adoptPreFleet(h.store.db, PROD, h.routing);
      expect(adoption.alerts).toBeGreaterThanOrEqual(2);
      expect(await adoptPreFleet(h.store.db, PROD, h.routing)).toEqual({ alerts: 0, runs: 0, groups: 0 });
      const after = h.alerting('new:1:a');
      // Ten minutes and then past repeat_interval's first group_interval ticks: still the same alerts, nothing to say.
      for (const at of [plus(T0, 600_000), plus(T0, 900_000)]) {
        const transitions = await after.ingest(outcomes(at), at, PROD);
        expect(transitions).toEqual([]);
        await after.flush(at);
        await h.drain(after, at);
      }
      expect(h.slack.messages).toHaveLength(sent.slack);
      expect(h.pagerduty.events).toHaveLength(sent.pagerduty);
      const firing = await h.store.db.selectFrom('alerts').select(['labels', 'account']).where('status', '=', 'firing').execute();
      expect(firing.length).toBeGreaterThanOrEqual(2);
      for (const row of firing) {
        // The account's `monitor` label never overrides the check's own.
        expect(fromDbJson<Record<string, string>>(row.labels)).toMatchObject({ account: 'prod', team: 'core' });
        expect(row.account).toBe('prod');
      }
      expect(fromDbJson<Record<string, string>>(firing.find((r) => r.labels.includes('cost_monitor'))!.labels)['monitor']).toBe('ACCOUNT_MONTHLY');

      // The pipeline recovers: its resolve goes out once, as a reply in the thread notified before the upgrade.
      const at = plus(T0, 1_200_000);
      const resolved = await after.ingest(outcomes(at, false), at, PROD);
      expect(resolved.map((t) => t.to)).toEqual(['resolved']);
      await after.flush(plus(at, 300_000));
      await h.drain(after, plus(at, 300_000));
      const replies = h.slack.messages.slice(sent.slack);
      expect(replies.filter((m) => m.text.includes('[RESOLVED]') && m.threadTs !== undefined).length).toBeGreaterThanOrEqual(1);
      expect(replies.filter((m) => m.threadTs === undefined)).toEqual([]);
    });

    it("does rename the key of a group that holds every label (group_by: ['...']) everywhere it is stored", async () => {
      const labels = { alert_type: 'security', user: 'ETL_SVC', check: 'service_account_audit', severity: 'critical' };
      const oldKey = `{}/{alert_type="security"}:${formatLabels(labels)}`;
      const at = T0.toISOString();
      await h.store.db
        .insertInto('aggregation_groups')
        .values({ route: 'security', group_key: oldKey, labels: JSON.stringify(labels), first_seen_at: at, next_flush_at: at, last_flush_at: at })
        .execute();
      await new NotificationLog(h.store.db).put({
        groupKey: oldKey,
        receiver: 'slack',
        firingFingerprints: [fingerprint(labels)],
        resolvedFingerprints: [],
        sentAt: T0,
      });
      await new AlertLedger(h.store.db).ingest('service_account_audit', { status: 'ok', alerts: [{ labels, annotations: { summary: 's' } }] }, T0);
      await h.store.db.updateTable('alerts').set({ account: null }).execute();
      const routing = { ...h.routing, routes: [{ ...h.routing.routes[0]!, name: 'security', groupBy: 'all' as const }] };

      expect(await adoptPreFleet(h.store.db, PROD, routing)).toMatchObject({ alerts: 1, groups: 1 });
      const adopted = { ...labels, account: 'prod', team: 'core', monitor: 'not-a-check-label' };
      const newKey = `{}/{alert_type="security"}:${formatLabels(adopted)}`;
      expect(await h.store.db.selectFrom('aggregation_groups').select('group_key').execute()).toEqual([{ group_key: newKey }]);
      const told = await new NotificationLog(h.store.db).forGroup(newKey);
      expect(told.map((e) => e.firingFingerprints)).toEqual([[fingerprint(adopted)]]);
    });

    it('does notify every open alert again when the store is not adopted (what adoption prevents)', async () => {
      const sent = await notifiedBeforeUpgrade();
      const after = h.alerting('new:1:a');
      const at = plus(T0, 600_000);
      const transitions = await after.ingest(outcomes(at), at, PROD);
      expect(transitions.filter((t) => t.to === 'firing').length).toBeGreaterThanOrEqual(2);
      await after.flush(plus(at, 30_000));
      await h.drain(after, plus(at, 30_000));
      expect(h.pagerduty.events.length).toBeGreaterThan(sent.pagerduty);
    });
  });
}
