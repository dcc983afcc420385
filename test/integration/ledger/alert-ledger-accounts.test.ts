/**
 * The ledger in fleet mode: one check runs in several accounts, and an ok run of it in one account
 * resolves only that account's alerts; check runs and failure streaks are kept per account.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObservedAlert } from '../../../src/alerts/alert.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import { DIALECTS, type TestStore } from './dialects.js';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const suspended = (account: string): ObservedAlert => ({
  labels: { alert_type: 'cost_monitor', monitor: 'M', threshold: '100', check: 'resource_monitors', severity: 'critical', account },
  annotations: { summary: `M suspended in ${account}` },
});

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`alert ledger across accounts (${dialect.name})`, () => {
    let store: TestStore;
    let ledger: AlertLedger;
    beforeEach(async () => {
      store = await dialect.open();
      ledger = new AlertLedger(store.db);
    });
    afterEach(async () => {
      await store.close();
    });

    it('does resolve only the account whose ok run no longer observes the alert', async () => {
      await ledger.ingest('resource_monitors', { status: 'ok', alerts: [suspended('prod')], account: 'prod' }, at(0));
      await ledger.ingest('resource_monitors', { status: 'ok', alerts: [suspended('dev')], account: 'dev' }, at(0));
      const transitions = await ledger.ingest('resource_monitors', { status: 'ok', alerts: [], account: 'dev' }, at(1));
      expect(transitions.map((t) => [t.alert.labels['account'], t.to])).toEqual([['dev', 'resolved']]);
      expect((await ledger.active()).map((a) => a.labels['account'])).toEqual(['prod']);
    });

    it('does keep check runs and failure streaks per account', async () => {
      await ledger.ingest('resource_monitors', { status: 'failed', alerts: [], error: 'down', account: 'prod' }, at(0));
      await ledger.ingest('resource_monitors', { status: 'failed', alerts: [], error: 'down', account: 'prod' }, at(1));
      await ledger.ingest('resource_monitors', { status: 'ok', alerts: [], account: 'dev' }, at(2));
      expect((await ledger.failureStreak('resource_monitors', 100, 'prod')).failures).toBe(2);
      expect((await ledger.failureStreak('resource_monitors', 100, 'dev')).failures).toBe(0);
      expect((await ledger.checkRuns('resource_monitors', 10, 'dev')).map((r) => r.account)).toEqual(['dev']);
      expect(await ledger.checkRuns('resource_monitors', 10)).toHaveLength(3);
    });
  });
}
