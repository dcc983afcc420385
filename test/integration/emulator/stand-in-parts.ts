/**
 * A tiny stand-in for the scenario seed, billing and SHOW commands (helper B's modules), so the
 * protocol server is tested on its own: one warehouse, one monitor, one table, a recording billing hook.
 */

import type { DuckDBConnection } from '@duckdb/node-api';
import type { EmulatedAccount, WarehouseState } from '../../../src/emulator/account-model.js';
import type { PlainResult } from '../../../src/emulator/engine.js';
import type { LaunchParts } from '../../../src/emulator/launch-emulator.js';
import type { BillingHook } from '../../../src/emulator/run-statement.js';

export const DEMO_USER = 'SNOWMON';
export const DEMO_PASSWORD = 'snowmon-demo-password';

export class RecordingBilling implements BillingHook {
  readonly starts: { warehouse: string | null; at: Date }[] = [];
  readonly ends: { warehouse: string; at: Date; durationMs: number }[] = [];
  refuse: { code: string; sqlState: string; message: string } | null = null;

  startQuery(warehouse: string | null, at: Date) {
    this.starts.push({ warehouse, at });
    if (warehouse === null) return { ok: false as const, code: '000606', sqlState: '57P03', message: 'No active warehouse selected in the current session.' };
    if (this.refuse) return { ok: false as const, ...this.refuse };
    return { ok: true as const, resumed: false };
  }

  endQuery(warehouse: string, at: Date, durationMs: number): void {
    this.ends.push({ warehouse, at, durationMs });
  }
}

function warehouse(name: string, id: number, now: Date): WarehouseState {
  return {
    name, id, size: 'X-Small', type: 'STANDARD', minClusterCount: 1, maxClusterCount: 1, autoSuspend: 60,
    autoResume: true, state: 'SUSPENDED', resourceMonitor: 'MONTHLY', suspendedByMonitor: null,
    createdOn: new Date('2024-01-01T00:00:00Z'), resumedOn: null, updatedOn: now, owner: 'SYSADMIN',
    comment: '', scalingPolicy: 'STANDARD', running: 0, queued: 0,
  };
}

async function seed(connection: DuckDBConnection, now: Date): Promise<EmulatedAccount> {
  await connection.run('CREATE SCHEMA snowflake.account_usage');
  await connection.run(`CREATE TABLE snowflake.account_usage.query_history (
    query_id VARCHAR, query_text VARCHAR, warehouse_name VARCHAR, start_time TIMESTAMPTZ,
    total_elapsed_time BIGINT, credits DECIMAL(38,9), query_tag VARCHAR)`);
  await connection.run(`INSERT INTO snowflake.account_usage.query_history VALUES
    ('q1', 'select 1', 'SNOWMON_WH', TIMESTAMPTZ '2024-06-01 10:00:00+00', 1200, 0.5, ''),
    ('q2', 'select 2', 'ETL_WH', TIMESTAMPTZ '2024-06-01 11:30:00+00', 5400, 1.25, '{"app":"dbt"}'),
    ('q3', 'select 3', 'ETL_WH', TIMESTAMPTZ '2024-06-02 09:15:00+00', 300, 0.125, NULL)`);
  return {
    name: 'EMU12345',
    warehouses: new Map([['SNOWMON_WH', warehouse('SNOWMON_WH', 1, now)], ['ETL_WH', warehouse('ETL_WH', 2, now)]]),
    monitors: new Map([['MONTHLY', {
      name: 'MONTHLY', creditQuota: 100, usedCredits: 42.5, level: 'ACCOUNT', frequency: 'MONTHLY',
      startTime: new Date('2024-01-01T00:00:00Z'), endTime: null, notifyAt: [75, 90], suspendAt: 100,
      suspendImmediatelyAt: null, createdOn: new Date('2024-01-01T00:00:00Z'), owner: 'ACCOUNTADMIN', comment: '', notifyUsers: [],
    }]]),
    loginUsers: new Map([[DEMO_USER, { name: DEMO_USER, password: DEMO_PASSWORD, defaultRole: 'SNOWMON_ROLE', defaultWarehouse: 'SNOWMON_WH' }]]),
  };
}

function likeFilter(like: string | undefined): (name: string) => boolean {
  if (like === undefined) return () => true;
  const re = new RegExp(`^${like.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, 'i');
  return (name) => re.test(name);
}

export function standInParts(): LaunchParts<RecordingBilling> {
  return {
    seed,
    billing: () => new RecordingBilling(),
    show: {
      warehouses(account, options): PlainResult {
        const keep = likeFilter(options.like);
        return {
          columns: [{ name: 'name', type: 'text' }, { name: 'state', type: 'text' }, { name: 'size', type: 'text' },
            { name: 'auto_suspend', type: 'fixed' }, { name: 'is_current', type: 'text' }, { name: 'created_on', type: 'timestamp_ltz' }],
          rows: [...account.warehouses.values()].filter((w) => keep(w.name)).map((w) => [
            w.name, w.state, w.size, w.autoSuspend, w.name === options.currentWarehouse ? 'Y' : 'N', w.createdOn]),
        };
      },
      resourceMonitors(account, options): PlainResult {
        const keep = likeFilter(options.like);
        return {
          columns: [{ name: 'name', type: 'text' }, { name: 'credit_quota', type: 'fixed', scale: 2 },
            { name: 'used_credits', type: 'fixed', scale: 2 }, { name: 'notify_at', type: 'text' }],
          rows: [...account.monitors.values()].filter((m) => keep(m.name)).map((m) => [
            m.name, m.creditQuota === null ? null : m.creditQuota.toFixed(2), m.usedCredits.toFixed(2), m.notifyAt.map((n) => `${n}%`).join(',')]),
        };
      },
    },
  };
}
