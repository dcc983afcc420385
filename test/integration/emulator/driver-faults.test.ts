import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from 'snowflake-sdk';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator } from '../../../src/emulator/start-emulator.js';
import type { RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { connect, connectionOptions, destroy, execute } from './driver.js';

let emu: RunningEmulator;
let conn: Connection;

beforeAll(async () => {
  emu = await startEmulator({ clock: new FrozenClock('2026-11-20T15:00:00Z'), scenario: { seed: 5, days: 30, queryHistoryRows: 1000 } });
  conn = await connect(connectionOptions(emu));
});
afterEach(() => emu.faults.reset());
afterAll(async () => {
  if (conn) await destroy(conn);
  await emu?.stop();
});

describe('faults', () => {
  it('does renew expired tokens transparently with the master token', async () => {
    emu.faults.expireAllTokens();
    const { rows } = await execute(conn, 'SELECT 1 AS after_expiry');
    expect(rows).toEqual([{ AFTER_EXPIRY: 1 }]);
    emu.faults.expireAllTokens();
    expect((await execute(conn, 'SELECT 2 AS again')).rows).toEqual([{ AGAIN: 2 }]);
  });

  it('does fail the next matching statements with the injected code and then recover', async () => {
    emu.faults.failNext(2, { code: '000625', sqlState: '57014', message: 'injected', match: /account_usage/i });
    expect((await execute(conn, 'SELECT 1 AS unaffected')).rows).toEqual([{ UNAFFECTED: 1 }]);
    const q = 'SELECT COUNT(*) AS n FROM snowflake.account_usage.query_history';
    await expect(execute(conn, q)).rejects.toMatchObject({ code: '000625', sqlState: '57014' });
    await expect(execute(conn, q)).rejects.toMatchObject({ code: '000625' });
    expect((await execute(conn, q)).rows).toEqual([{ N: 1000 }]);
    expect(emu.statements.filter((s) => s.sql === q).map((s) => s.ok)).toEqual([false, false, true]);
  });

  it('does survive a dropped connection because the driver retries the request', async () => {
    emu.faults.dropConnections(1);
    const { rows } = await execute(conn, 'SELECT 7 AS after_drop');
    expect(rows).toEqual([{ AFTER_DROP: 7 }]);
    expect(emu.faults.pendingDrops).toBe(0);
  });

  it('does run a statement once when its reply is lost and the driver retries the same requestId', async () => {
    emu.faults.dropResponses(1);
    const sql = 'SELECT 8 AS reply_lost';
    const { rows } = await execute(conn, sql);
    expect(rows).toEqual([{ REPLY_LOST: 8 }]);
    expect(emu.statements.filter((s) => s.sql === sql)).toHaveLength(1);
  });

  it('does fail a login when its connection is dropped and retries are off', async () => {
    emu.faults.dropConnections(1);
    await expect(connect(connectionOptions(emu))).rejects.toMatchObject({ name: 'NetworkError', code: 401001 });
  });

  it('does add latency to every request', async () => {
    emu.faults.setLatency(300);
    const started = performance.now();
    await execute(conn, 'SELECT 1 AS slow');
    // A lower bound only: the injected delay must show up in what the driver sees.
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('does answer 503 during an outage and recover when it ends', async () => {
    emu.faults.setOutage('503');
    const pending = execute(conn, 'SELECT 1 AS during_outage');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const outageRequests = emu.statements.filter((s) => s.sql === 'SELECT 1 AS during_outage').length;
    expect(outageRequests).toBe(0);
    emu.faults.setOutage('off');
    expect((await pending).rows).toEqual([{ DURING_OUTAGE: 1 }]);
  });

  it('does refuse connections during a refuse-mode outage', async () => {
    emu.faults.setOutage('refuse');
    await expect(connect(connectionOptions(emu))).rejects.toMatchObject({ name: 'NetworkError' });
    emu.faults.setOutage('off');
    const c = await connect(connectionOptions(emu));
    expect((await execute(c, 'SELECT 1 AS back')).rows).toEqual([{ BACK: 1 }]);
    await destroy(c);
  });

  it('does cancel a running statement on abort-request', async () => {
    const c = await connect(connectionOptions(emu));
    const failed = new Promise<unknown>((resolve) => {
      const statement = c.execute({
        sqlText: 'SELECT COUNT(*) AS n FROM range(100000000000) a',
        complete: (error) => resolve(error),
      });
      setTimeout(() => statement.cancel(() => undefined), 300);
    });
    expect(await failed).toMatchObject({ code: '000604', sqlState: '57014' });
    expect((await execute(c, 'SELECT 1 AS still_usable')).rows).toEqual([{ STILL_USABLE: 1 }]);
    await destroy(c);
  });

  it('does time out a statement past STATEMENT_TIMEOUT_IN_SECONDS with 000630', async () => {
    const c = await connect(connectionOptions(emu));
    await execute(c, 'ALTER SESSION SET STATEMENT_TIMEOUT_IN_SECONDS = 1');
    await expect(execute(c, 'SELECT COUNT(*) AS n FROM range(100000000000) a')).rejects.toMatchObject({ code: '000630', sqlState: '57014' });
    await destroy(c);
  });
});
