import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'snowflake-sdk';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator } from '../../../src/emulator/start-emulator.js';
import type { RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { connect, connectionOptions, destroy, execute } from './driver.js';

const START = new Date('2026-11-20T15:00:00Z');
let emu: RunningEmulator;
let conn: Connection;

beforeAll(async () => {
  emu = await startEmulator({ clock: new FrozenClock(START), scenario: { seed: 7, days: 30, queryHistoryRows: 2000 } });
  conn = await connect(connectionOptions(emu));
  await execute(conn, "ALTER SESSION SET TIMEZONE = 'UTC'");
});
afterAll(async () => {
  if (conn) await destroy(conn);
  await emu?.stop();
});

describe('startEmulator with the seeded scenario', () => {
  it('does log in as the scenario user with its default role and warehouse', async () => {
    const { rows } = await execute(conn, 'SELECT CURRENT_USER() AS u, CURRENT_ROLE() AS r, CURRENT_WAREHOUSE() AS w, CURRENT_ACCOUNT() AS a');
    expect(rows).toEqual([{ U: 'SNOWMON', R: 'SNOWMON_ROLE', W: 'SNOWMON_WH', A: emu.accountName }]);
  });

  it('does return the same ACCOUNT_USAGE figures through the driver as DuckDB holds', async () => {
    const [raw] = await emu.queryRaw(`SELECT count(*)::INTEGER AS n, count(DISTINCT warehouse_name)::INTEGER AS w FROM snowflake.account_usage.query_history`);
    const { rows } = await execute(conn, 'SELECT COUNT(*) AS n, COUNT(DISTINCT warehouse_name) AS w FROM snowflake.account_usage.query_history');
    expect(rows).toEqual([{ N: raw?.['n'], W: raw?.['w'] }]);
    expect(raw?.['n']).toBe(2000);
  });

  it('does answer SHOW WAREHOUSES and SHOW RESOURCE MONITORS from the account model without a warehouse', async () => {
    const before = emu.statements.length;
    const warehouses = await execute(conn, 'SHOW WAREHOUSES');
    expect(warehouses.rows.map((r) => r['name']).sort()).toEqual([...emu.account.warehouses.keys()].sort());
    const monitors = await execute(conn, 'SHOW RESOURCE MONITORS');
    expect(monitors.rows.map((r) => r['name']).sort()).toEqual([...emu.account.monitors.keys()].sort());
    const scanned = await execute(conn, 'SELECT COUNT(*) AS n FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))');
    expect(scanned.rows).toEqual([{ N: emu.account.monitors.size }]);
    expect(emu.statements.slice(before, before + 2).map((s) => [s.kind, s.warehouse])).toEqual([
      ['show', null],
      ['show', null],
    ]);
  });

  it('does bill a table read to the session warehouse and advance the frozen clock', async () => {
    const clockBefore = emu.clock.now().getTime();
    await execute(conn, 'SELECT COUNT(*) AS n FROM snowflake.account_usage.warehouse_metering_history');
    expect(emu.clock.now().getTime()).toBeGreaterThanOrEqual(clockBefore);
    expect(emu.statements.at(-1)).toMatchObject({ kind: 'select', warehouse: 'SNOWMON_WH', ok: true });
    const charges = emu.billing.charges(emu.clock.now());
    expect(charges.get('SNOWMON_WH')?.resumes ?? 0).toBeGreaterThanOrEqual(1);
  });

  it('does stop cleanly when asked twice', async () => {
    const other = await startEmulator({ clock: new FrozenClock(START), scenario: { seed: 1, days: 30, queryHistoryRows: 1000 } });
    await Promise.all([other.stop(), other.stop()]);
    await expect(connect(connectionOptions(other))).rejects.toMatchObject({ name: 'NetworkError' });
  });
});
