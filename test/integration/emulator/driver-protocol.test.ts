import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'snowflake-sdk';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator } from '../../../src/emulator/start-emulator.js';
import type { RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { connect, connectionOptions, destroy, execute } from './driver.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});

let emu: RunningEmulator;
let conn: Connection;

beforeAll(async () => {
  emu = await startEmulator({
    clock: new FrozenClock('2026-11-20T15:00:00Z'),
    scenario: { seed: 3, days: 30, queryHistoryRows: 2000 },
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
    expect(rows).toEqual([{ U: 'SNOWMON', W: 'SNOWMON_WH', R: 'SNOWMON_ROLE', A: emu.accountName }]);
  });

  it('does answer heartbeats (isValidAsync) and end the session on destroy', async () => {
    const c = await connect(connectionOptions(emu));
    expect(await c.isValidAsync()).toBe(true);
    await destroy(c);
    expect(c.isUp()).toBe(false);
    expect(await c.isValidAsync()).toBe(false);
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
    const other = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    await expect(
      connect(connectionOptions(emu, { username: 'SVC_KEYPAIR', password: undefined, authenticator: 'SNOWFLAKE_JWT', privateKey: other.privateKey })),
    ).rejects.toMatchObject({ code: '394304' });
  });
});

describe('wire types', () => {
  it('does round-trip numbers, decimals, text, booleans, dates, timestamps and variants to driver values', async () => {
    const { rows } = await execute(
      conn,
      `SELECT 42 AS i, 12345678901::BIGINT AS big, 12.30::NUMBER(10,2) AS dec, 2.5::DOUBLE AS r,
      'héllo' AS t, TRUE AS b, FALSE AS f, NULL::INT AS n, '2024-01-02'::DATE AS d,
      '2024-01-02 03:04:05.678'::TIMESTAMP_NTZ AS ntz, '2024-01-02 03:04:05.678+00'::TIMESTAMP_LTZ AS ltz,
      PARSE_JSON('{"a":[1,2],"b":"x"}') AS v, ARRAY_CONSTRUCT(1, 2, 3) AS arr, OBJECT_CONSTRUCT('k', 'v') AS obj,
      {'s': 1} AS struct, MAP {'m': 2} AS map`,
    );
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
    expect(row['STRUCT']).toEqual({ s: 1 });
    expect(row['MAP']).toEqual({ m: 2 });
  });

  it('does round-trip TIME and render LTZ/NTZ strings with Snowflake formats when fetched as strings', async () => {
    const { rows } = await new Promise<{ rows: Record<string, unknown>[] }>((resolve, reject) => {
      conn.execute({
        sqlText: `SELECT '01:02:03.5'::TIME AS tm, '2024-01-02 03:04:05.678+00'::TIMESTAMP_LTZ AS ltz, '2024-01-02 03:04:05.678'::TIMESTAMP_NTZ AS ntz, '2024-01-02'::DATE AS d`,
        fetchAsString: ['Date'],
        complete: (error, _statement, rows) => (error ? reject(error) : resolve({ rows: (rows ?? []) as Record<string, unknown>[] })),
      });
    });
    expect(rows[0]).toEqual({ TM: '01:02:03', LTZ: '2024-01-02 03:04:05.678 +0000', NTZ: '2024-01-02 03:04:05.678', D: '2024-01-02' });
  });

  it('does echo JS_TREAT_INTEGER_AS_BIGINT so the driver returns big integers', async () => {
    const big = await connect(connectionOptions(emu, { jsTreatIntegerAsBigInt: true }));
    const { rows } = await execute(big, 'SELECT 9007199254740993 AS n');
    expect(typeof rows[0]?.['N']).toBe('object');
    expect(String(rows[0]?.['N'])).toBe('9007199254740993');
    await destroy(big);
  });

  it('does upper-case column names except quoted identifiers', async () => {
    const { rows } = await execute(conn, 'SELECT 1 AS lower_alias, 2 AS "MixedCase"');
    expect(Object.keys(rows[0] as object)).toEqual(['LOWER_ALIAS', 'MixedCase']);
  });

  it('does read the seeded account_usage tables with three-part names and Snowflake date functions', async () => {
    const expected = await emu.queryRaw(`SELECT warehouse_name AS warehouse_name, count(*)::INTEGER AS n FROM snowflake.account_usage.query_history
      WHERE start_time >= TIMESTAMPTZ '2026-11-20 15:00:00+00' - INTERVAL 7 DAY AND warehouse_name IS NOT NULL GROUP BY 1 ORDER BY 1`);
    const { rows } = await execute(
      conn,
      `SELECT warehouse_name, COUNT(*) AS n FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY
      WHERE start_time >= DATEADD(day, -7, CURRENT_TIMESTAMP) AND warehouse_name IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toEqual(expected.map((r) => ({ WAREHOUSE_NAME: r['warehouse_name'], N: r['n'] })));
    expect(rows.length).toBeGreaterThan(1);
  });
});

describe('errors and binds', () => {
  it('does deliver SQL errors as OperationFailedError with code and sqlState', async () => {
    await expect(execute(conn, 'SELEC 1')).rejects.toMatchObject({
      name: 'OperationFailedError',
      code: '001003',
      sqlState: '42000',
      message: expect.stringMatching(/^SQL compilation error:/),
    });
    await expect(execute(conn, 'SELECT * FROM snowflake.account_usage.nope')).rejects.toMatchObject({ code: '002003', sqlState: '42S02' });
    await expect(execute(conn, 'SELECT nope FROM snowflake.account_usage.query_history')).rejects.toMatchObject({ code: '000904', sqlState: '42000' });
    await expect(execute(conn, 'SHOW USERS')).rejects.toMatchObject({ code: '000002', sqlState: '0A000' });
    await expect(execute(conn, 'SELECT 1; SELECT 2')).rejects.toMatchObject({ code: '000008' });
    await expect(
      new Promise((resolve, reject) => conn.execute({ sqlText: 'SELECT 1 AS one', describeOnly: true, complete: (e) => (e ? reject(e) : resolve(null)) })),
    ).rejects.toMatchObject({ code: '000002' });
    expect((await execute(conn, 'SELECT 1 AS one;')).rows).toEqual([{ ONE: 1 }]);
  });

  it('does bind ? and :N parameters with their types', async () => {
    const [expected] = await emu.queryRaw(`SELECT count(*)::INTEGER AS n FROM snowflake.account_usage.query_history
      WHERE warehouse_name = 'BI_WH' AND total_elapsed_time > 1500 AND start_time >= TIMESTAMPTZ '2026-11-10 00:00:00+00'`);
    const a = await execute(
      conn,
      `SELECT COUNT(*) AS n FROM snowflake.account_usage.query_history
      WHERE warehouse_name = ? AND total_elapsed_time > ? AND start_time >= ?`,
      { binds: ['BI_WH', 1500.5, '2026-11-10T00:00:00Z'] },
    );
    expect(a.rows).toEqual([{ N: expected?.['n'] }]);
    expect(expected?.['n']).toBeGreaterThan(0);
    const b = await execute(conn, 'SELECT :1 + 1 AS n, :2 AS s, :3 AS b, :4 AS nothing', { binds: [41, 'x', true, null] });
    expect(b.rows).toEqual([{ N: 42, S: 'x', B: true, NOTHING: null }]);
  });
});

describe('session statements', () => {
  it('does ALTER SESSION SET TIMEZONE and echo it, changing LTZ rendering', async () => {
    const c = await connect(connectionOptions(emu));
    await execute(c, "ALTER SESSION SET TIMEZONE = 'America/New_York'");
    const { rows } = await execute(c, "SELECT '2024-06-01 00:00:00'::TIMESTAMP_LTZ AS t, HOUR('2024-06-01 00:00:00'::TIMESTAMP_LTZ) AS h");
    expect((rows[0]?.['T'] as Date).toISOString()).toBe('2024-06-01T04:00:00.000Z');
    expect(rows[0]?.['H']).toBe(0);
    expect((rows[0]?.['T'] as { getTimezone(): unknown }).getTimezone()).toBeTruthy();
    await expect(execute(c, "ALTER SESSION SET TIMEZONE = 'Mars/Olympus'")).rejects.toMatchObject({ code: '002097' });
    const perStatement = await execute(c, "SELECT HOUR('2024-06-01 00:00:00'::TIMESTAMP_LTZ) AS h", { parameters: { TIMEZONE: 'Asia/Tokyo' } });
    expect(perStatement.rows).toEqual([{ H: 0 }]);
    const back = await execute(c, "SELECT HOUR('2024-06-01 00:00:00+00'::TIMESTAMP_LTZ) AS h");
    expect(back.rows).toEqual([{ H: 20 }]);
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
    const suspended = [...emu.account.warehouses.values()].find((w) => w.state === 'SUSPENDED' && w.autoResume && w.suspendedByMonitor === null);
    if (suspended === undefined) throw new Error('scenario has no resumable suspended warehouse');
    await execute(c, `USE WAREHOUSE ${suspended.name.toLowerCase()}`);
    expect((await execute(c, 'SELECT CURRENT_WAREHOUSE() AS w')).rows).toEqual([{ W: suspended.name }]);
    const before = emu.billing.charges(emu.clock.now()).get(suspended.name)?.resumes ?? 0;
    await execute(c, 'SELECT COUNT(*) AS n FROM snowflake.account_usage.query_history');
    expect(emu.billing.charges(emu.clock.now()).get(suspended.name)?.resumes).toBe(before + 1);
    expect(emu.statements.at(-1)).toMatchObject({ kind: 'select', warehouse: suspended.name, ok: true });
    await expect(execute(c, 'USE WAREHOUSE nope_wh')).rejects.toMatchObject({ code: '002043' });
    await execute(c, 'USE ROLE analyst');
    await execute(c, 'USE DATABASE snowflake');
    expect((await execute(c, 'SELECT CURRENT_ROLE() AS r, CURRENT_DATABASE() AS d, CURRENT_SCHEMA() AS s')).rows).toEqual([
      { R: 'ANALYST', D: 'SNOWFLAKE', S: 'PUBLIC' },
    ]);
    await execute(c, 'USE SCHEMA snowflake.account_usage');
    expect((await execute(c, 'SELECT CURRENT_SCHEMA() AS s')).rows).toEqual([{ S: 'ACCOUNT_USAGE' }]);
    expect(emu.statements.filter((s) => /^USE /.test(s.sql)).every((s) => s.kind === 'use' && s.warehouse === null)).toBe(true);
    await destroy(c);
  });

  it('does return the billing refusal and charge nothing for SELECT without FROM', async () => {
    const c = await connect(connectionOptions(emu));
    await execute(c, 'USE WAREHOUSE DEV_WH');
    const dev = emu.account.warehouses.get('DEV_WH');
    if (dev === undefined) throw new Error('scenario has no DEV_WH');
    const saved = dev.suspendedByMonitor;
    dev.suspendedByMonitor = 'TEST_MONITOR';
    try {
      await expect(execute(c, 'SELECT COUNT(*) AS n FROM snowflake.account_usage.query_history')).rejects.toMatchObject({ code: '000606', sqlState: '57P03' });
      const charged = JSON.stringify([...emu.billing.charges(emu.clock.now())]);
      expect((await execute(c, 'SELECT 1 AS one')).rows).toEqual([{ ONE: 1 }]);
      expect(emu.statements.at(-1)).toMatchObject({ kind: 'select', warehouse: null, ok: true });
      expect(JSON.stringify([...emu.billing.charges(emu.clock.now())])).toBe(charged);
    } finally {
      dev.suspendedByMonitor = saved;
      await destroy(c);
    }
  });

  it('does SHOW WAREHOUSES with LIKE, keep lower-case names, and RESULT_SCAN the last SHOW', async () => {
    const shown = await execute(conn, "SHOW WAREHOUSES LIKE 'snowmon%'");
    expect(shown.rows).toHaveLength(1);
    expect(shown.rows[0]).toMatchObject({ name: 'SNOWMON_WH', size: emu.account.warehouses.get('SNOWMON_WH')?.size });
    const columns = Object.keys(shown.rows[0] ?? {});
    expect(columns.every((c) => c === c.toLowerCase())).toBe(true);
    const scanned = await execute(conn, 'SELECT "name", "size" FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))');
    expect(scanned.rows).toEqual([{ name: 'SNOWMON_WH', size: shown.rows[0]?.['size'] }]);
    const starred = await execute(conn, 'SELECT *, 1 AS extra FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))');
    expect(Object.keys(starred.rows[0] ?? {})).toEqual([...columns, 'EXTRA']);
    const monitors = await execute(conn, 'SHOW RESOURCE MONITORS');
    expect(monitors.rows.map((r) => r['name']).sort()).toEqual([...emu.account.monitors.keys()].sort());
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
      statement
        .streamRows()
        .on('data', (r: unknown) => out.push(r))
        .on('end', () => resolve(out))
        .on('error', reject);
    });
    expect(rows).toEqual([{ N: 2000 }]);
    expect(await conn.getQueryStatus(queryId)).toBe('SUCCESS');
  });

  it('does report a failed async query as an error', async () => {
    const { queryId } = await execute(conn, 'SELECT * FROM snowflake.account_usage.nope', { asyncExec: true });
    await expect(conn.getResultsFromQueryId({ queryId })).rejects.toMatchObject({ sqlState: '42S02' });
    await expect(conn.getQueryStatusThrowIfError(queryId)).rejects.toMatchObject({ sqlState: '42S02' });
  });
});
