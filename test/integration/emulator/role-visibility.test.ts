/**
 * The emulator's per-role visibility through the real snowflake-sdk: the login's role decides what SHOW
 * WAREHOUSES / SHOW RESOURCE MONITORS list and which ACCOUNT_USAGE views it may read, with Snowflake's
 * exact refusal. Expectations come from the scenario's role model, not from snowmon.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../../src/checks/check.js';
import { defaultQueriesDir, loadChecks } from '../../../src/checks/load-checks.js';
import { runChecks } from '../../../src/checks/run-checks.js';
import { Secret } from '../../../src/config/secret.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { NARROW_ROLE } from '../../../src/emulator/scenarios/scenario-roles.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { connectSnowflake } from '../../../src/sources/connect-snowflake.js';
import type { SnowflakeClient } from '../../../src/sources/snowflake-client.js';

const NOW = new Date('2026-11-20T12:00:00Z');
let emulator: RunningEmulator;
let full: SnowflakeClient;
let narrow: SnowflakeClient;

const login = (role: string | undefined): Promise<SnowflakeClient> =>
  connectSnowflake({
    account: emulator.accountName,
    accessUrl: emulator.url,
    user: 'SNOWMON',
    authenticator: 'SNOWFLAKE',
    password: new Secret('snowmon-demo-password'),
    ...(role !== undefined ? { role } : {}),
    warehouse: 'SNOWMON_WH',
    statementTimeoutMs: 60_000,
    loginTimeoutMs: 15_000,
  });

beforeAll(async () => {
  emulator = await startEmulator({ clock: new FrozenClock(NOW), scenario: { seed: 3, days: 30, queryHistoryRows: 1000 }, advanceClockWithQueries: false });
  full = await login(undefined); // the user's default role, SNOWMON_ROLE
  narrow = await login(NARROW_ROLE);
}, 120_000);

afterAll(async () => {
  await full?.close();
  await narrow?.close();
  await emulator?.stop();
});

const names = async (client: SnowflakeClient, sql: string): Promise<string[]> => (await client.query(sql)).rows.map((r) => String(r['name']));

describe('emulator role visibility', () => {
  it('does list every warehouse and monitor to the default role and only granted ones to a narrow role', async () => {
    expect(await names(full, 'show warehouses')).toEqual([...emulator.account.warehouses.keys()].sort());
    expect(await names(full, 'show resource monitors')).toEqual([...emulator.account.monitors.keys()].sort());
    expect(await names(narrow, 'show warehouses')).not.toContain('UNUSED_WH');
    expect(await names(narrow, 'show warehouses')).toHaveLength(emulator.account.warehouses.size - 1);
    expect(await names(narrow, 'show resource monitors')).toEqual(['BI_MONITOR', 'OLD_MONITOR']);
  });

  it('does still name an invisible monitor in SHOW WAREHOUSES for the narrow role', async () => {
    const rows = (await narrow.query('show warehouses')).rows;
    expect(rows.find((r) => r['name'] === 'TRANSFORM_WH')?.['resource_monitor']).toBe('TRANSFORM_WEEKLY');
  });

  it("does refuse an ACCOUNT_USAGE view outside the role's database roles with Snowflake's error", async () => {
    const sql = 'select count(*) as n from snowflake.account_usage.tables';
    expect((await full.query(sql)).rows[0]?.['n']).toBeGreaterThan(0);
    await expect(narrow.query(sql)).rejects.toMatchObject({
      code: '002003',
      sqlState: '42S02',
      message: expect.stringMatching(
        /^(?:002003 \(42S02\): )?SQL compilation error:\s+Object 'SNOWFLAKE\.ACCOUNT_USAGE\.TABLES' does not exist or not authorized\.$/,
      ),
    });
    expect((await narrow.query('select count(*) as n from snowflake.account_usage.warehouse_metering_history')).rows[0]?.['n']).toBeGreaterThan(0);
  });

  it('does follow USE ROLE within a session', async () => {
    const client = await login(undefined);
    try {
      await client.query(`use role ${NARROW_ROLE.toLowerCase()}`);
      expect(await names(client, 'show resource monitors')).toEqual(['BI_MONITOR', 'OLD_MONITOR']);
      await client.query('use role analyst');
      expect(await names(client, 'show warehouses')).toEqual(['ADHOC_WH']);
      expect(await names(client, 'show resource monitors')).toEqual([]);
    } finally {
      await client.close();
    }
  });
});

describe('snowmon logged in as the narrow role', () => {
  let narrowRun: Map<string, CheckOutcome>;
  let fullRun: Map<string, CheckOutcome>;
  beforeAll(async () => {
    const { checks } = await loadChecks(defaultQueriesDir());
    const run = async (client: SnowflakeClient, role: string) =>
      new Map((await runChecks(client, checks, { now: NOW, usdPerCredit: 3, snowmonWarehouse: 'SNOWMON_WH', role })).map((o) => [o.name, o]));
    fullRun = await run(full, 'SNOWMON_ROLE');
    narrowRun = await run(narrow, NARROW_ROLE);
  }, 120_000);

  it("does keep storage_by_database's database findings as partial when TABLES is refused, naming object_viewer", () => {
    const storage = narrowRun.get('storage_by_database') as CheckOutcome;
    expect(storage.status).toBe('partial');
    expect(storage.refused).toEqual([
      {
        object: 'SNOWFLAKE.ACCOUNT_USAGE.TABLES',
        statement: 1,
        grant: `grant database role snowflake.object_viewer to role ${NARROW_ROLE}`,
      },
    ]);
    const databaseLevel = (o: CheckOutcome) => o.findings.filter((f) => f.labels['table'] === undefined).map((f) => f.summary);
    const complete = fullRun.get('storage_by_database') as CheckOutcome;
    expect(complete.status).toBe('ok');
    expect(databaseLevel(complete).length).toBeGreaterThan(0);
    expect(complete.findings.some((f) => f.labels['table'] !== undefined)).toBe(true);
    expect(storage.findings.map((f) => f.summary)).toEqual(databaseLevel(complete));
    expect([...narrowRun.values()].filter((o) => o.status !== 'ok').map((o) => o.name)).toEqual(['storage_by_database']);
  });

  it('does count warehouses naming a monitor it cannot see as covered and name those monitors once', () => {
    const outcome = narrowRun.get('resource_monitors') as CheckOutcome;
    const visibleWarehouses = [...emulator.account.warehouses.values()].filter((w) => w.name !== 'UNUSED_WH');
    const hidden = new Set(['ACCOUNT_MONTHLY', 'TRANSFORM_WEEKLY', 'DATASCIENCE_MONITOR', 'LOADING_MONITOR']);
    const expectedUncovered = visibleWarehouses
      .filter((w) => w.resourceMonitor === null)
      .map((w) => w.name)
      .sort();
    const expectedInvisible = [...new Set(visibleWarehouses.map((w) => w.resourceMonitor).filter((m): m is string => m !== null && hidden.has(m)))].sort();
    expect(expectedInvisible.length).toBeGreaterThan(0);
    const uncovered = outcome.findings.filter((f) => f.labels['finding'] === 'unmonitored_warehouse').map((f) => f.labels['warehouse']);
    expect(uncovered.sort()).toEqual(expectedUncovered);
    const invisible = outcome.findings.filter((f) => f.labels['finding'] === 'invisible_resource_monitors');
    expect(invisible).toHaveLength(1);
    for (const monitor of expectedInvisible) {
      expect(invisible[0]?.recommendation).toContain(`grant monitor on resource monitor ${monitor} to role ${NARROW_ROLE};`);
    }
    expect(fullRun.get('resource_monitors')?.findings.filter((f) => f.labels['alert_type'] === 'monitor_health')).toEqual([]);
  });
});
