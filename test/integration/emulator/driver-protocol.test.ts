import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'snowflake-sdk';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { launchEmulator } from '../../../src/emulator/launch-emulator.js';
import type { LaunchedEmulator } from '../../../src/emulator/launch-emulator.js';
import { connect, connectionOptions, destroy, execute } from './driver.js';
import { DEMO_PASSWORD, standInParts } from './stand-in-parts.js';
import type { RecordingBilling } from './stand-in-parts.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

let emu: LaunchedEmulator<RecordingBilling>;
let conn: Connection;

beforeAll(async () => {
  emu = await launchEmulator(standInParts(), {
    clock: new FrozenClock('2024-06-03T12:00:00Z'),
    users: [{ name: 'SVC_KEYPAIR', rsaPublicKeyPem: publicKey, defaultRole: 'SNOWMON_ROLE', defaultWarehouse: 'SNOWMON_WH' }],
  });
  conn = await connect(connectionOptions(emu));
  await execute(conn, "ALTER SESSION SET TIMEZONE = 'UTC'");
});
afterAll(async () => {
  if (conn) await destroy(conn);
  await emu?.stop();
});

describe('login', () => {
  it('does log in with the right password and run a query', async () => {
    const { rows } = await execute(conn, 'SELECT CURRENT_USER() AS u, CURRENT_WAREHOUSE() AS w, CURRENT_ROLE() AS r, CURRENT_ACCOUNT() AS a');
    expect(rows).toEqual([{ U: 'SNOWMON', W: 'SNOWMON_WH', R: 'SNOWMON_ROLE', A: 'EMU12345' }]);
  });

  it('does refuse a wrong password with 390100', async () => {
    const started = Date.now();
    await expect(connect(connectionOptions(emu, { password: 'wrong' }))).rejects.toMatchObject({ code: '390100' });
    // Not a wall-clock limit on the emulator: this proves the driver did not go into its login retry loop.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('does log in with a key pair (SNOWFLAKE_JWT) and refuse a different key', async () => {
    const keyConn = await connect(connectionOptions(emu, { username: 'SVC_KEYPAIR', password: undefined, authenticator: 'SNOWFLAKE_JWT', privateKey }));
    const { rows } = await execute(keyConn, 'SELECT CURRENT_USER() AS u');
    expect(rows).toEqual([{ U: 'SVC_KEYPAIR' }]);
    await destroy(keyConn);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await expect(connect(connectionOptions(emu, { username: 'SVC_KEYPAIR', password: undefined, authenticator: 'SNOWFLAKE_JWT', privateKey: other.privateKey })))
      .rejects.toMatchObject({ code: '394304' });
  });
});

describe('wire types', () => {
  it('does round-trip numbers, decimals, text, booleans, dates, timestamps and variants to driver values', async () => {
    const { rows } = await execute(conn, `SELECT 42 AS i, 12345678901::BIGINT AS big, 12.30::NUMBER(10,2) AS dec, 2.5::DOUBLE AS r,
      'héllo' AS t, TRUE AS b, FALSE AS f, NULL::INT AS n, '2024-01-02'::DATE AS d,
      '2024-01-02 03:04:05.678'::TIMESTAMP_NTZ AS ntz, '2024-01-02 03:04:05.678+00'::TIMESTAMP_LTZ AS ltz,
      PARSE_JSON('{"a":[1,2],"b":"x"}') AS v, ARRAY_CONSTRUCT(1, 2, 3) AS arr, OBJECT_CONSTRUCT('k', 'v') AS obj`);
    const row = rows[0] as Record<string, unknown>;
    expect(row['I']).toBe(42);
    expect(row['BIG']).toBe(12345678901);
    expect(row['DEC']).toBe(12.3);
    expect(row['R']).toBe(2.5);
    expect(row['T']).toBe('héllo');
    expect(row['B']).toBe(true);
    expect(row['F']).toBe(false);
    expect(row['N']).toBeNull();
    expect((row['D'] as Date).toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect((row['NTZ'] as Date).toISOString()).toBe('2024-01-02T03:04:05.678Z');
    expect((row['LTZ'] as Date).toISOString()).toBe('2024-01-02T03:04:05.678Z');
    expect(row['V']).toEqual({ a: [1, 2], b: 'x' });
    expect(row['ARR']).toEqual([1, 2, 3]);
    expect(row['OBJ']).toEqual({ k: 'v' });
  });

  it('does upper-case column names except quoted identifiers', async () => {
    const { rows } = await execute(conn, 'SELECT 1 AS lower_alias, 2 AS "MixedCase"');
    expect(Object.keys(rows[0] as object)).toEqual(['LOWER_ALIAS', 'MixedCase']);
  });

  it('does read the seeded account_usage tables with three-part names', async () => {
    const { rows } = await execute(conn, `SELECT warehouse_name, SUM(credits) AS credits FROM snowflake.account_usage.query_history
      WHERE start_time >= DATEADD(day, -30, CURRENT_TIMESTAMP()) GROUP BY 1 ORDER BY 1`);
    expect(rows).toEqual([{ WAREHOUSE_NAME: 'ETL_WH', CREDITS: 1.375 }, { WAREHOUSE_NAME: 'SNOWMON_WH', CREDITS: 0.5 }]);
  });
});

describe('errors and binds', () => {
  it('does deliver SQL errors as OperationFailedError with code and sqlState', async () => {
    await expect(execute(conn, 'SELEC 1')).rejects.toMatchObject({ name: 'OperationFailedError', code: '001003', sqlState: '42000', message: expect.stringMatching(/^SQL compilation error:/) });
    await expect(execute(conn, 'SELECT * FROM snowflake.account_usage.nope')).rejects.toMatchObject({ code: '002003', sqlState: '42S02' });
    await expect(execute(conn, 'SELECT nope FROM snowflake.account_usage.query_history')).rejects.toMatchObject({ code: '000904', sqlState: '42000' });
    await expect(execute(conn, 'SHOW USERS')).rejects.toMatchObject({ code: '000002', sqlState: '0A000' });
    await expect(execute(conn, 'SELECT 1; SELECT 2')).rejects.toMatchObject({ code: '000008' });
    expect((await execute(conn, 'SELECT 1 AS one;')).rows).toEqual([{ ONE: 1 }]);
  });

  it('does bind ? and :N parameters with their types', async () => {
    const a = await execute(conn, 'SELECT query_id FROM snowflake.account_usage.query_history WHERE warehouse_name = ? AND credits > ? ORDER BY 1', { binds: ['ETL_WH', 0.2] });
    expect(a.rows).toEqual([{ QUERY_ID: 'q2' }]);
    const b = await execute(conn, 'SELECT :1 + 1 AS n, :2 AS s, :3 AS b, :4 AS nothing', { binds: [41, 'x', true, null] });
    expect(b.rows).toEqual([{ N: 42, S: 'x', B: true, NOTHING: null }]);
    const c = await execute(conn, 'SELECT COUNT(*) AS n FROM snowflake.account_usage.query_history WHERE start_time >= ?', { binds: ['2024-06-01T11:00:00Z'] });
    expect(c.rows).toEqual([{ N: 2 }]);
  });
});

describe('session statements', () => {
  it('does ALTER SESSION SET TIMEZONE and echo it, changing LTZ rendering', async () => {
    const c = await connect(connectionOptions(emu));
    await execute(c, "ALTER SESSION SET TIMEZONE = 'America/New_York'");
    const { rows } = await execute(c, "SELECT '2024-06-01 00:00:00'::TIMESTAMP_LTZ AS t, HOUR('2024-06-01 00:00:00'::TIMESTAMP_LTZ) AS h");
    expect((rows[0]?.['T'] as Date).toISOString()).toBe('2024-06-01T04:00:00.000Z');
    expect(rows[0]?.['H']).toBe(0);
    expect((rows[0]?.['T'] as unknown as { getTimezone(): unknown }).getTimezone()).toBeTruthy();
    await expect(execute(c, "ALTER SESSION SET TIMEZONE = 'Mars/Olympus'")).rejects.toMatchObject({ code: '002097' });
    await destroy(c);
  });

  it('does record QUERY_TAG from ALTER SESSION and from per-statement parameters', async () => {
    const c = await connect(connectionOptions(emu));
    await execute(c, `ALTER SESSION SET QUERY_TAG = '{"app":"snowmon","check":"session"}'`);
    await execute(c, 'SELECT 1 AS tagged_by_session');
    await execute(c, 'SELECT 2 AS tagged_by_statement', { parameters: { QUERY_TAG: '{"app":"snowmon","check":"stmt"}' } });
    await execute(c, 'ALTER SESSION UNSET QUERY_TAG');
    await execute(c, 'SELECT 3 AS untagged');
    const tags = Object.fromEntries(emu.statements.filter((s) => /tagged/.test(s.sql)).map((s) => [s.sql, s.queryTag]));
    expect(tags).toEqual({
      'SELECT 1 AS tagged_by_session': '{"app":"snowmon","check":"session"}',
      'SELECT 2 AS tagged_by_statement': '{"app":"snowmon","check":"stmt"}',
      'SELECT 3 AS untagged': null,
    });
    expect(emu.statements.find((s) => s.sql.startsWith('ALTER SESSION SET QUERY_TAG'))?.kind).toBe('alter_session');
    await destroy(c);
  });

  it('does USE WAREHOUSE, bill table reads to it, and refuse an unknown warehouse', async () => {
    const c = await connect(connectionOptions(emu));
    await execute(c, 'USE WAREHOUSE etl_wh');
    expect((await execute(c, 'SELECT CURRENT_WAREHOUSE() AS w')).rows).toEqual([{ W: 'ETL_WH' }]);
    const before = emu.billing.starts.length;
    await execute(c, 'SELECT COUNT(*) AS n FROM snowflake.account_usage.query_history');
    expect(emu.billing.starts.slice(before)).toEqual([{ warehouse: 'ETL_WH', at: expect.any(Date) }]);
    expect(emu.billing.ends.at(-1)?.warehouse).toBe('ETL_WH');
    const record = emu.statements.at(-1);
    expect(record).toMatchObject({ kind: 'select', warehouse: 'ETL_WH', ok: true });
    await expect(execute(c, 'USE WAREHOUSE nope_wh')).rejects.toMatchObject({ code: '002043' });
    await destroy(c);
  });

  it('does return the billing refusal and charge nothing for SELECT without FROM', async () => {
    const c = await connect(connectionOptions(emu));
    emu.billing.refuse = { code: '000606', sqlState: '57P03', message: 'warehouse suspended by resource monitor' };
    try {
      await expect(execute(c, 'SELECT COUNT(*) AS n FROM snowflake.account_usage.query_history')).rejects.toMatchObject({ code: '000606', sqlState: '57P03' });
      const starts = emu.billing.starts.length;
      expect((await execute(c, 'SELECT 1 AS one')).rows).toEqual([{ ONE: 1 }]);
      expect(emu.billing.starts.length).toBe(starts);
    } finally {
      emu.billing.refuse = null;
      await destroy(c);
    }
  });

  it('does SHOW WAREHOUSES with LIKE, keep lower-case names, and RESULT_SCAN the last SHOW', async () => {
    const shown = await execute(conn, "SHOW WAREHOUSES LIKE 'snowmon%'");
    expect(shown.rows).toEqual([{ name: 'SNOWMON_WH', state: 'SUSPENDED', size: 'X-Small', auto_suspend: 60, is_current: 'Y', created_on: new Date('2024-01-01T00:00:00Z') }]);
    const scanned = await execute(conn, 'SELECT "name", "auto_suspend" FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))');
    expect(scanned.rows).toEqual([{ name: 'SNOWMON_WH', auto_suspend: 60 }]);
    const starred = await execute(conn, 'SELECT *, 1 AS extra FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))');
    expect(Object.keys(starred.rows[0] ?? {})).toEqual(['name', 'state', 'size', 'auto_suspend', 'is_current', 'created_on', 'EXTRA']);
    const monitors = await execute(conn, 'SHOW RESOURCE MONITORS');
    expect(monitors.rows).toEqual([{ name: 'MONTHLY', credit_quota: 100, used_credits: 42.5, notify_at: '75%,90%' }]);
    expect(emu.statements.filter((s) => s.kind === 'show').every((s) => s.warehouse === null)).toBe(true);
  });
});

describe('async queries', () => {
  it('does asyncExec and getResultsFromQueryId', async () => {
    const { queryId } = await execute(conn, 'SELECT COUNT(*) AS n FROM snowflake.account_usage.query_history', { asyncExec: true });
    expect(queryId).toMatch(/^[0-9a-f-]{36}$/);
    const statement = await conn.getResultsFromQueryId({ queryId });
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const out: unknown[] = [];
      statement.streamRows().on('data', (r: unknown) => out.push(r)).on('end', () => resolve(out)).on('error', reject);
    });
    expect(rows).toEqual([{ N: 3 }]);
    expect(await conn.getQueryStatus(queryId)).toBe('SUCCESS');
  });

  it('does report a failed async query as an error', async () => {
    const { queryId } = await execute(conn, 'SELECT * FROM snowflake.account_usage.nope', { asyncExec: true });
    await expect(conn.getResultsFromQueryId({ queryId })).rejects.toMatchObject({ sqlState: '42S02' });
    await expect(conn.getQueryStatusThrowIfError(queryId)).rejects.toMatchObject({ sqlState: '42S02' });
  });
});

describe('password check is real', () => {
  it('does keep the demo password documented in the stand-in', () => {
    expect(DEMO_PASSWORD).toBe('snowmon-demo-password');
  });
});
