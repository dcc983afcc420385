/**
 * Ending the alerts of accounts no longer configured, on SQLite and Postgres: only firing alerts of an
 * account missing from the list end (with the reason in their history and description); alerts of no
 * account, rows from before fleet mode and the configured accounts' alerts (even after their queries
 * failed) stay firing; an account another replica still holds is left; two stores doing it at once end
 * each alert once (Postgres).
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObservedAlert } from '../../../src/alerts/alert.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import { AccountLeaseStore } from '../../../src/ledger/account-lease-store.js';
import { toDbTime } from '../../../src/ledger/db-values.js';
import { resolveRemovedAccounts } from '../../../src/ledger/resolve-removed-accounts.js';
import { DIALECTS, type TestStore } from './dialects.js';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const suspended = (account: string, monitor = 'M'): ObservedAlert => ({
  labels: { alert_type: 'cost_monitor', monitor, check: 'resource_monitors', severity: 'critical', account },
  annotations: { summary: `${monitor} suspended in ${account}`, description: 'The monitor suspended its warehouses.' },
});

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`resolving removed accounts (${dialect.name})`, () => {
    let store: TestStore;
    let ledger: AlertLedger;
    beforeEach(async () => {
      store = await dialect.open();
      ledger = new AlertLedger(store.db);
      await ledger.ingest('resource_monitors', { status: 'ok', alerts: [suspended('prod')], account: 'prod' }, at(0));
      await ledger.ingest('resource_monitors', { status: 'ok', alerts: [suspended('dev'), suspended('dev', 'N')], account: 'dev' }, at(0));
      // A delivery-health alert under no account, and a row from before fleet mode (account NULL).
      const health = { labels: { alert_type: 'monitor_health', component: 'delivery', receiver: 'slack' }, annotations: { summary: 'slack down' } };
      await ledger.ingest('snowmon_delivery', { status: 'ok', alerts: [health] }, at(0));
      await ledger.ingest('old_check', { status: 'ok', alerts: [{ labels: { alert_type: 'old' }, annotations: { summary: 'old' } }] }, at(0));
      await store.db.updateTable('alerts').set({ account: null }).where('check', '=', 'old_check').execute();
    });
    afterEach(async () => {
      await store.close();
    });

    it('does end only the firing alerts of accounts not configured, once, with the reason', async () => {
      // prod's queries now fail: that never ends anything.
      await ledger.ingest('resource_monitors', { status: 'failed', alerts: [], error: 'down', account: 'prod' }, at(1));
      const result = await resolveRemovedAccounts(store.db, ['prod'], at(2));
      expect(result.transitions.map((t) => [t.alert.labels['account'], t.alert.labels['monitor'], t.to]).sort()).toEqual([
        ['dev', 'M', 'resolved'],
        ['dev', 'N', 'resolved'],
      ]);
      expect(result.transitions[0]?.alert.endsAt).toEqual(at(2));
      expect(result.transitions[0]?.alert.annotations.description).toBe(
        'Ended: account dev is no longer in snowmon.yaml, so nothing checks it any more. The monitor suspended its warehouses.',
      );
      expect((await ledger.active()).map((a) => `${a.check}:${a.labels['account'] ?? '-'}`).sort()).toEqual([
        'old_check:-',
        'resource_monitors:prod',
        'snowmon_delivery:-',
      ]);
      const history = await ledger.history(result.transitions[0]?.alert.fingerprint);
      expect(history[0]).toMatchObject({ from: 'firing', to: 'resolved', note: 'account dev is no longer in snowmon.yaml' });
      // Idempotent: a second pass (another replica, the next start) finds nothing to end.
      expect((await resolveRemovedAccounts(store.db, ['prod'], at(3))).transitions).toEqual([]);
      expect(await ledger.history(result.transitions[0]?.alert.fingerprint)).toHaveLength(2);
    });

    it('does leave an account whose lease another replica still holds, and end it once the lease lapsed', async () => {
      await new AccountLeaseStore(store.db).claim('replica-b', ['dev'], 60_000, at(0));
      const held = await resolveRemovedAccounts(store.db, ['prod'], at(0.5));
      expect(held.transitions).toEqual([]);
      expect([...held.stillHeld]).toEqual([['dev', at(1)]]);
      const lapsed = await resolveRemovedAccounts(store.db, ['prod'], at(1));
      expect(lapsed.transitions.map((t) => t.alert.labels['account'])).toEqual(['dev', 'dev']);
      expect(toDbTime(at(1))).toBe(toDbTime(lapsed.transitions[0]?.alert.endsAt ?? new Date(0)));
    });

    // SQLite is one process's store (one writer); replicas share Postgres.
    it.skipIf(dialect.name !== 'postgres')('does end each alert once when two replicas do it at the same time', async () => {
      const other = await store.openAnother();
      const results = await Promise.all([resolveRemovedAccounts(store.db, ['prod'], at(2)), resolveRemovedAccounts(other, ['prod'], at(2))]);
      expect(results.flatMap((r) => r.transitions).map((t) => t.alert.labels['monitor'])).toHaveLength(2);
      const history = await store.db.selectFrom('alert_history').select('fingerprint').where('note', 'like', 'account dev%').execute();
      expect(history).toHaveLength(2);
    });
  });
}
