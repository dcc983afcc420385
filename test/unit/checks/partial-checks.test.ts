/**
 * A statement Snowflake refuses for a missing grant costs that statement only: the check is `partial`,
 * keeps what its other statements found and names the refused object and the grant. The client is an
 * in-memory double (what matters is which statement fails how); the emulator and the real driver are in
 * test/integration/emulator/role-visibility.test.ts.
 */

import { describe, expect, it } from 'vitest';
import type { CheckDefinition } from '../../../src/checks/check.js';
import { evaluateWarehouseConfig } from '../../../src/checks/evaluate-warehouse-config.js';
import { runChecks, type CheckProgressEvent } from '../../../src/checks/run-checks.js';
import { grantFor } from '../../../src/sources/account-usage-access.js';
import type { QueryResult, SnowflakeClient } from '../../../src/sources/snowflake-client.js';
import { SnowflakeError } from '../../../src/sources/snowflake-client.js';
import { shippedThresholds } from '../../support/shipped-thresholds.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const refusal = (object: string): SnowflakeError =>
  new SnowflakeError(`SQL compilation error:\nObject '${object}' does not exist or not authorized.`, '002003', '42S02');

function client(answer: (sql: string) => QueryResult['rows'] | Error): SnowflakeClient {
  return {
    async query(sql) {
      const result = answer(sql);
      if (result instanceof Error) throw result;
      return { columns: Object.keys(result[0] ?? {}), rows: result, queryId: 'q' };
    },
    async close() {},
  };
}

const storage: CheckDefinition = {
  header: {
    name: 'storage_by_database',
    summary: '',
    grain: '',
    source: 'account_usage',
    cost: 'warehouse',
    cadence: '1d',
    thresholds: { growth_pct: 50, min_growth_gb: 100, overhead_share: 0.5, min_overhead_gb: 10, usd_per_tb_month: 23 },
    labels: [],
    runbook: '',
  },
  file: 'queries/storage_by_database.sql',
  statements: ['select 1 from snowflake.account_usage.database_storage_usage_history', 'select 2 from snowflake.account_usage.tables'],
};
const DATABASE_ROW = { database_name: 'RAW', total_gb: 400, first_total_gb: 200, failsafe_gb: 150, time_travel_gb: 100 };

describe('partial checks', () => {
  it('does keep the growth and fail-safe findings when ACCOUNT_USAGE.TABLES is refused, and name the grant', async () => {
    const events: CheckProgressEvent[] = [];
    const [outcome] = await runChecks(
      client((sql) => (sql.includes('.tables') ? refusal('SNOWFLAKE.ACCOUNT_USAGE.TABLES') : [DATABASE_ROW])),
      [storage],
      { now: NOW, usdPerCredit: 3, role: 'SNOWMON_ROLE', onProgress: (e) => events.push(e) },
    );
    expect(outcome!.status).toBe('partial');
    expect(outcome!.findings.map((f) => f.labels['finding'])).toEqual(['storage_growth', 'retention_overhead']);
    expect(outcome!.refused).toEqual([
      {
        object: 'SNOWFLAKE.ACCOUNT_USAGE.TABLES',
        statement: 1,
        grant: 'grant database role snowflake.object_viewer to role SNOWMON_ROLE',
      },
    ]);
    expect(outcome!.error).toBe(
      'Snowflake refused SNOWFLAKE.ACCOUNT_USAGE.TABLES (statement 2); fix: grant database role snowflake.object_viewer to role SNOWMON_ROLE',
    );
    expect(events.find((e) => e.type === 'check_finished')).toMatchObject({ status: 'partial' });
  });

  it('does fail the check when every statement is refused, still naming the grants', async () => {
    const [outcome] = await runChecks(
      client((sql) => refusal(sql.includes('.tables') ? 'SNOWFLAKE.ACCOUNT_USAGE.TABLES' : 'SNOWFLAKE.ACCOUNT_USAGE.DATABASE_STORAGE_USAGE_HISTORY')),
      [storage],
      { now: NOW, usdPerCredit: 3 },
    );
    expect(outcome!.status).toBe('failed');
    expect(outcome!.refused?.map((r) => r.object)).toEqual(['SNOWFLAKE.ACCOUNT_USAGE.DATABASE_STORAGE_USAGE_HISTORY', 'SNOWFLAKE.ACCOUNT_USAGE.TABLES']);
    expect(outcome!.error).toContain('grant database role snowflake.usage_viewer to role <snowmon role>');
    expect(outcome!.findings).toEqual([]);
  });

  it('does fail the whole check on any error that is not a refusal', async () => {
    const [outcome] = await runChecks(
      client((sql) =>
        sql.includes('.tables') ? new SnowflakeError('Statement reached its statement or warehouse timeout', '000630', '57014') : [DATABASE_ROW],
      ),
      [storage],
      { now: NOW, usdPerCredit: 3 },
    );
    expect(outcome!.status).toBe('failed');
    expect(outcome!.findings).toEqual([]);
    expect(outcome!.refused).toBeUndefined();
  });

  it("does name the SNOWFLAKE database role of each view the queries read, per Snowflake's docs", () => {
    const role = (view: string): string | undefined =>
      grantFor(`SNOWFLAKE.ACCOUNT_USAGE.${view}`, 'R')?.replace(/^grant database role snowflake\.(\w+) to role R$/, '$1');
    expect(
      Object.fromEntries(
        [
          'TABLES',
          'TABLE_STORAGE_METRICS',
          'DATABASE_STORAGE_USAGE_HISTORY',
          'QUERY_HISTORY',
          'USERS',
          'GRANTS_TO_ROLES',
          'POLICY_REFERENCES',
          'WAREHOUSE_EVENTS_HISTORY',
          'QUERY_ATTRIBUTION_HISTORY',
        ].map((v) => [v, role(v)]),
      ),
    ).toEqual({
      TABLES: 'object_viewer',
      TABLE_STORAGE_METRICS: 'usage_viewer',
      DATABASE_STORAGE_USAGE_HISTORY: 'usage_viewer',
      QUERY_HISTORY: 'governance_viewer',
      USERS: 'security_viewer',
      GRANTS_TO_ROLES: 'security_viewer',
      POLICY_REFERENCES: 'governance_viewer',
      WAREHOUSE_EVENTS_HISTORY: 'usage_viewer',
      QUERY_ATTRIBUTION_HISTORY: 'usage_viewer',
    });
    expect(grantFor('SNOWFLAKE.ACCOUNT_USAGE.SOMETHING_NEW', 'R')).toBe('grant imported privileges on database snowflake to role R');
  });

  it('does not call a warehouse unused when its metering statement was refused', () => {
    const warehouses = [
      { name: 'OLD_WH', state: 'SUSPENDED', size: 'X-Small', auto_suspend: '60', resource_monitor: 'M', created_on: '2025-01-01 00:00:00.000 +0000' },
    ];
    const input = {
      results: [warehouses, [{ name: 'M', level: 'WAREHOUSE' }], [], []],
      thresholds: shippedThresholds('warehouse_config'),
      now: NOW,
      usdPerCredit: 3,
    };
    expect(evaluateWarehouseConfig(input).findings.map((f) => f.labels['finding'])).toEqual(['unused_warehouse']);
    expect(evaluateWarehouseConfig({ ...input, refused: new Set([2, 3]) }).findings).toEqual([]);
  });
});
