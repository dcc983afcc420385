import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint, type ObservedAlert } from '../../../src/alerts/alert.js';
import { findingsToAlerts } from '../../../src/dispatch/findings-to-alerts.js';
import type { CheckOutcome, Finding } from '../../../src/checks/check.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import { DIALECTS, type TestStore } from './dialects.js';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

const observed = (name: string, summary = `${name} is broken`): ObservedAlert => ({
  labels: { alert_type: 'pipeline_failure', pipeline: name, check: 'dbt', severity: 'critical' },
  annotations: { summary },
});

const monitorOutcome = (findings: Finding[]): CheckOutcome => ({
  name: 'resource_monitors',
  status: 'ok',
  rows: [],
  findings,
  startedAt: T0.toISOString(),
  durationMs: 5,
  statementsSent: 2,
});

const monitorFinding = (threshold: number, cycleStart: string): Finding => ({
  severity: threshold >= 100 ? 'critical' : 'warning',
  summary: `monitor ACCOUNT_MONTHLY passed ${threshold}%`,
  labels: { alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY', threshold: String(threshold), cycle_start: cycleStart },
  credits: 900,
  usd: 2700,
});

for (const dialect of DIALECTS) {
  describe(`alert ledger (${dialect.name})`, () => {
    if (dialect.skip !== undefined) {
      it.skip(dialect.skip, () => {});
      return;
    }
    let store: TestStore;
    let ledger: AlertLedger;
    beforeEach(async () => {
      store = await dialect.open();
      ledger = new AlertLedger(store.db);
    });
    afterEach(async () => {
      await store.close();
    });

    it('does fire a new alert once and refresh it while it keeps firing', async () => {
      const first = await ledger.ingest('dbt', { status: 'ok', alerts: [observed('orders')] }, at(0));
      expect(first).toHaveLength(1);
      expect(first[0]).toMatchObject({ from: 'none', to: 'firing' });
      expect(first[0]?.alert.startsAt).toEqual(at(0));
      expect(first[0]?.alert.check).toBe('dbt');

      const again = await ledger.ingest('dbt', { status: 'ok', alerts: [observed('orders', 'still broken')] }, at(5));
      expect(again).toEqual([]);
      const alert = await ledger.get(fingerprint(observed('orders').labels));
      expect(alert).toMatchObject({ status: 'firing', startsAt: at(0), lastSeenAt: at(5) });
      expect(alert?.annotations.summary).toBe('still broken');
      expect(alert?.endsAt).toBeUndefined();
    });

    it('does resolve a firing alert when an ok run no longer observes it', async () => {
      await ledger.ingest('dbt', { status: 'ok', alerts: [observed('orders'), observed('customers')] }, at(0));
      const transitions = await ledger.ingest('dbt', { status: 'ok', alerts: [observed('customers')] }, at(5));
      expect(transitions).toHaveLength(1);
      expect(transitions[0]).toMatchObject({ from: 'firing', to: 'resolved' });
      expect(transitions[0]?.alert.labels['pipeline']).toBe('orders');
      expect(transitions[0]?.alert.endsAt).toEqual(at(5));
      expect((await ledger.active()).map((a) => a.labels['pipeline'])).toEqual(['customers']);
    });

    it('does keep alerts firing when a run fails, and records the failed run', async () => {
      await ledger.ingest('dbt', { status: 'ok', alerts: [observed('orders')] }, at(0));
      const transitions = await ledger.ingest('dbt', { status: 'failed', alerts: [], error: '390114: token expired', startedAt: at(4) }, at(5));
      expect(transitions).toEqual([]);
      expect(await ledger.active()).toHaveLength(1);
      const runs = await ledger.checkRuns('dbt');
      expect(runs).toHaveLength(2);
      expect(runs[0]).toMatchObject({ status: 'failed', error: '390114: token expired', startedAt: at(4), endedAt: at(5) });
      expect(runs[1]).toMatchObject({ status: 'ok' });
    });

    it('does fire what a partial run observes but resolve nothing it could not see, and record it as partial', async () => {
      await ledger.ingest('dbt', { status: 'ok', alerts: [observed('orders'), observed('events')] }, at(0));
      const refused = 'Snowflake refused SNOWFLAKE.ACCOUNT_USAGE.TABLES (statement 2); fix: grant database role snowflake.object_viewer to role R';
      const transitions = await ledger.ingest('dbt', { status: 'partial', alerts: [observed('orders'), observed('users')], error: refused }, at(5));
      expect(transitions.map((t) => [t.alert.labels['pipeline'], t.to])).toEqual([['users', 'firing']]);
      expect((await ledger.active()).map((a) => a.labels['pipeline']).sort()).toEqual(['events', 'orders', 'users']);
      expect((await ledger.checkRuns('dbt'))[0]).toMatchObject({ status: 'partial', error: refused });
      expect(await ledger.failureStreak('dbt')).toEqual({ failures: 0 });
    });

    it('does count the failed runs in a row since the last ok run', async () => {
      expect(await ledger.failureStreak('dbt')).toEqual({ failures: 0 });
      await ledger.ingest('dbt', { status: 'failed', alerts: [] }, at(0));
      await ledger.ingest('dbt', { status: 'ok', alerts: [] }, at(1));
      await ledger.ingest('dbt', { status: 'failed', alerts: [], startedAt: at(2) }, at(2));
      await ledger.recordCheckRun({ check: 'dbt', startedAt: at(3), endedAt: at(3), status: 'failed', error: 'timeout' });
      expect(await ledger.failureStreak('dbt')).toEqual({ failures: 2, since: at(2) });
      expect(await ledger.failureStreak('security')).toEqual({ failures: 0 });
    });

    it('does not resolve alerts of another check when an ok run of one check observes nothing', async () => {
      await ledger.ingest('dbt', { status: 'ok', alerts: [observed('orders')] }, at(0));
      expect(await ledger.ingest('security', { status: 'ok', alerts: [] }, at(1))).toEqual([]);
      expect(await ledger.active()).toHaveLength(1);
    });

    it('does start a new episode when a resolved alert fires again', async () => {
      await ledger.ingest('dbt', { status: 'ok', alerts: [observed('orders')] }, at(0));
      await ledger.ingest('dbt', { status: 'ok', alerts: [] }, at(5));
      const refire = await ledger.ingest('dbt', { status: 'ok', alerts: [observed('orders')] }, at(10));
      expect(refire).toHaveLength(1);
      expect(refire[0]).toMatchObject({ from: 'resolved', to: 'firing' });
      expect(refire[0]?.alert.startsAt).toEqual(at(10));
      expect(refire[0]?.alert.endsAt).toBeUndefined();
      const stored = await ledger.get(refire[0]!.alert.fingerprint);
      expect(stored).toMatchObject({ status: 'firing', startsAt: at(10) });
      expect(stored?.endsAt).toBeUndefined();
    });

    it('does write every transition to the history, newest first', async () => {
      const fp = fingerprint(observed('orders').labels);
      await ledger.ingest('dbt', { status: 'ok', alerts: [observed('orders')] }, at(0));
      await ledger.ingest('dbt', { status: 'ok', alerts: [observed('orders')] }, at(1));
      await ledger.ingest('dbt', { status: 'failed', alerts: [] }, at(2));
      await ledger.ingest('dbt', { status: 'ok', alerts: [] }, at(3));
      await ledger.ingest('dbt', { status: 'ok', alerts: [observed('orders')] }, at(4));
      const history = await ledger.history(fp);
      expect(history.map((h) => [h.from, h.to, h.at.toISOString()])).toEqual([
        ['resolved', 'firing', at(4).toISOString()],
        ['firing', 'resolved', at(3).toISOString()],
        ['none', 'firing', at(0).toISOString()],
      ]);
      expect(await ledger.history(fp, 1)).toHaveLength(1);
      expect(await ledger.history(undefined, 10)).toHaveLength(3);
    });

    it('does resolve a cost-monitor alert when the monitor cycle resets or the quota is raised', async () => {
      const cycle1 = '2026-11-01T00:00:00.000Z';
      const cycle2 = '2026-12-01T00:00:00.000Z';
      // November: 75 % and 90 % passed.
      const nov = await ledger.ingest(
        'resource_monitors',
        { status: 'ok', alerts: findingsToAlerts(monitorOutcome([monitorFinding(75, cycle1), monitorFinding(90, cycle1)])) },
        at(0),
      );
      expect(nov.map((t) => [t.from, t.to, t.alert.labels['threshold']])).toEqual([
        ['none', 'firing', '75'],
        ['none', 'firing', '90'],
      ]);

      // The quota is raised: usage is now below 90 % but still above 75 %: only the 90 % alert resolves.
      const raised = await ledger.ingest('resource_monitors', { status: 'ok', alerts: findingsToAlerts(monitorOutcome([monitorFinding(75, cycle1)])) }, at(10));
      expect(raised.map((t) => [t.from, t.to, t.alert.labels['threshold']])).toEqual([['firing', 'resolved', '90']]);

      // December: the cycle resets; spend passes 75 % again later in the new cycle. The November alert
      // resolves and a new one (a different fingerprint: cycle_start is a label) fires.
      const reset = await ledger.ingest('resource_monitors', { status: 'ok', alerts: [] }, at(20));
      expect(reset.map((t) => [t.from, t.to, t.alert.labels['cycle_start']])).toEqual([['firing', 'resolved', cycle1]]);
      const dec = await ledger.ingest('resource_monitors', { status: 'ok', alerts: findingsToAlerts(monitorOutcome([monitorFinding(75, cycle2)])) }, at(30));
      expect(dec.map((t) => [t.from, t.to, t.alert.labels['cycle_start']])).toEqual([['none', 'firing', cycle2]]);
      expect((await ledger.active()).map((a) => a.labels['cycle_start'])).toEqual([cycle2]);
    });

    it('does ingest 10,000 alerts and print the rate', async () => {
      const many = Array.from({ length: 10_000 }, (_, i) => observed(`model_${i}`));
      const started = performance.now();
      const fired = await ledger.ingest('dbt', { status: 'ok', alerts: many }, at(0));
      const firstMs = performance.now() - started;
      const again = performance.now();
      await ledger.ingest('dbt', { status: 'ok', alerts: many.slice(0, 5_000) }, at(1));
      const secondMs = performance.now() - again;
      expect(fired).toHaveLength(10_000);
      expect(await ledger.active()).toHaveLength(5_000);
      console.log(
        `ledger ingest (${dialect.name}): 10,000 new alerts at ${Math.round(10_000 / (firstMs / 1000))} alerts/s; ` +
          `5,000 refreshed + 5,000 resolved at ${Math.round(10_000 / (secondMs / 1000))} alerts/s`,
      );
    });
  });
}
