/**
 * The check-snapshot store (what the dashboard reads) on SQLite and Postgres: each check's latest run
 * replaces its rows and findings, a failed run keeps them and records its status and error, and rows,
 * findings and refused objects come back as saved.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../../src/checks/check.js';
import { CheckSnapshotStore } from '../../../src/ledger/check-snapshot-store.js';
import { DIALECTS, type TestStore } from './dialects.js';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

const outcome = (name: string, status: CheckOutcome['status'], minutes: number, extra: Partial<CheckOutcome> = {}): CheckOutcome => ({
  name,
  status,
  rows: [],
  findings: [],
  startedAt: at(minutes).toISOString(),
  durationMs: 1234.6,
  statementsSent: 1,
  ...extra,
});

for (const dialect of DIALECTS) {
  describe(`check snapshot store (${dialect.name})`, () => {
    if (dialect.skip !== undefined) {
      it.skip(dialect.skip, () => {});
      return;
    }
    let store: TestStore;
    let snapshots: CheckSnapshotStore;
    beforeEach(async () => {
      store = await dialect.open();
      snapshots = new CheckSnapshotStore(store.db);
    });
    afterEach(async () => {
      await store.close();
    });

    it('does return rows, findings and refused objects as saved, by check name', async () => {
      const rows = [
        { kind: 'model_day', model: 'stg_<svg onload=alert(1)>', owner: null, day: '2026-11-20', credits: 12.25, nested: { a: [1, 'ü €'] } },
        { kind: 'model_day', model: 'fct_orders', owner: 'data-eng', day: '2026-11-21', credits: 0.000123 },
      ];
      const findings = [
        {
          severity: 'warning' as const,
          summary: 'dbt model fct_orders cost 36.75 credits',
          labels: { alert_type: 'cost_finding', node: 'model.shop.fct_orders' },
          credits: 36.75,
          usd: 110.25,
        },
      ];
      const refused = [
        {
          object: 'SNOWFLAKE.ACCOUNT_USAGE.QUERY_ATTRIBUTION_HISTORY',
          statement: 0,
          grant: 'grant database role snowflake.governance_viewer to role SNOWMON_ROLE',
        },
      ];
      await snapshots.save([outcome('top_queries', 'ok', 0), outcome('dbt_query_history', 'partial', 1, { rows, findings, refused })]);

      const all = await snapshots.all();
      expect(all.map((s) => s.check)).toEqual(['dbt_query_history', 'top_queries']);
      expect(all[0]).toEqual({
        account: '',
        check: 'dbt_query_history',
        lastStatus: 'partial',
        lastRunAt: at(1),
        okAt: at(1),
        durationMs: 1235,
        rows,
        findings,
        refused,
      });
    });

    it('does keep the last data when a run fails and replace it when a later run returns data', async () => {
      await snapshots.save([outcome('credits_by_warehouse', 'ok', 0, { rows: [{ warehouse_name: 'ETL_WH', credits: 610.5 }] })]);
      await snapshots.save([outcome('credits_by_warehouse', 'failed', 60, { error: '002003 (42S02): Object does not exist' })]);
      const [failed] = await snapshots.all();
      expect(failed).toMatchObject({ lastStatus: 'failed', lastRunAt: at(60), lastError: '002003 (42S02): Object does not exist', okAt: at(0) });
      expect(failed?.rows).toEqual([{ warehouse_name: 'ETL_WH', credits: 610.5 }]);

      await snapshots.save([outcome('credits_by_warehouse', 'ok', 120, { rows: [] })]);
      const [ok] = await snapshots.all();
      expect(ok).toMatchObject({ lastStatus: 'ok', lastRunAt: at(120), okAt: at(120), rows: [] });
      expect(ok?.lastError).toBeUndefined();
    });

    it('does record a check that never returned data with no okAt and empty rows', async () => {
      await snapshots.save([outcome('full_table_scans', 'failed', 5, { error: 'boom' })]);
      const [never] = await snapshots.all();
      expect(never).toMatchObject({ check: 'full_table_scans', lastStatus: 'failed', lastError: 'boom', rows: [], findings: [], refused: [] });
      expect(never?.okAt).toBeUndefined();
    });

    it('does read only the named checks, every account of them, with ofChecks', async () => {
      await snapshots.save([outcome('budgets', 'ok', 0), outcome('daily_credits', 'ok', 0), outcome('top_queries', 'ok', 0)], 'prod');
      await snapshots.save([outcome('budgets', 'ok', 1), outcome('top_queries', 'ok', 1)], 'dev');
      const read = await snapshots.ofChecks(['budgets', 'daily_credits']);
      expect(read.map((s) => `${s.check}/${s.account}`)).toEqual(['budgets/dev', 'budgets/prod', 'daily_credits/prod']);
      expect(await snapshots.ofChecks([])).toEqual([]);
    });
  });
}
