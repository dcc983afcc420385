import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator } from '../../../src/emulator/start-emulator.js';
import type { RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { connect, connectionOptions, destroy, execute, queryAccount } from './driver.js';

const START = new Date('2026-11-20T15:00:00Z');
const SCENARIO = { days: 30, queryHistoryRows: 1000 } as const;
const SPEND = `SELECT warehouse_name, SUM(credits_used) AS credits FROM snowflake.account_usage.warehouse_metering_history GROUP BY 1 ORDER BY 1`;
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ clock: new FrozenClock(START), scenario: SCENARIO, accounts: ['prod', 'Staging'] });
});
afterAll(async () => {
  await emu?.stop();
});

/** Logs in to `account` with the real driver (session in UTC), runs `sql`, logs out. */
const query = (account: string, sql: string): Promise<Record<string, unknown>[]> => queryAccount(emu.url, account, sql);

describe('one emulator serving several accounts', () => {
  it('does route each login to its account by the account name, case-insensitively', async () => {
    expect(emu.accountNames).toEqual(['prod', 'Staging']);
    expect(emu.accountName).toBe('prod');
    expect(await query('PROD', 'SELECT CURRENT_ACCOUNT() AS a')).toEqual([{ A: 'PROD' }]);
    expect(await query('staging', 'SELECT CURRENT_ACCOUNT() AS a')).toEqual([{ A: 'STAGING' }]);
  });

  it('does give each account its own seeded history, which the driver reads back from that account only', async () => {
    const prod = await query('prod', SPEND);
    const staging = await query('Staging', SPEND);
    expect(prod).not.toEqual(staging);
    const stagingRaw = await (
      await emu.accountByName('staging')
    ).queryRaw(`SELECT SUM(credits_used)::DOUBLE AS c FROM snowflake.account_usage.warehouse_metering_history`);
    const total = staging.reduce((sum, r) => sum + Number(r['CREDITS']), 0);
    expect(total).toBeCloseTo(Number(stagingRaw[0]?.['c']), 6);
    expect(await query('staging', 'SELECT DISTINCT account_name AS a FROM snowflake.account_usage.metering_daily_history')).toEqual([{ A: 'STAGING' }]);
  });

  it('does seed an account from its name alone (and its place: first or not), so it is the same whatever else the emulator serves', async () => {
    const other = await startEmulator({ clock: new FrozenClock(START), scenario: SCENARIO, accounts: ['dev', 'staging', 'qa'] });
    try {
      const sql = `SELECT SUM(total_elapsed_time)::BIGINT AS ms, count(*)::INTEGER AS n FROM snowflake.account_usage.query_history`;
      const [mine] = await (await emu.accountByName('Staging')).queryRaw(sql);
      const [theirs] = await (await other.accountByName('staging')).queryRaw(sql);
      expect(theirs).toEqual(mine);
      // Its configuration, not its state: this test file's earlier queries ran on staging's SNOWMON_WH.
      const config = (rows: Record<string, unknown>[]): string[] => rows.map((r) => [r['name'], r['size'], r['auto_suspend'], r['resource_monitor']].join(' '));
      expect(config(await queryAccount(other.url, 'staging', 'SHOW WAREHOUSES'))).toEqual(config(await query('staging', 'SHOW WAREHOUSES')));
    } finally {
      await other.stop();
    }
  });

  it('does give the first account the documented scenario and every other its own warehouses and monitors', async () => {
    const names = async (account: string, sql: string): Promise<string[]> => (await query(account, sql)).map((r) => String(r['name']));
    const scenario = ['LOADING_WH', 'TRANSFORM_WH', 'BI_WH', 'ADHOC_WH', 'DEV_WH', 'UNUSED_WH', 'SNOWMON_WH', 'DATASCIENCE_WH'];
    expect((await names('prod', 'SHOW WAREHOUSES')).sort()).toEqual([...scenario].sort());
    expect(await names('prod', 'SHOW RESOURCE MONITORS')).toEqual(
      expect.arrayContaining(['ACCOUNT_MONTHLY', 'TRANSFORM_WEEKLY', 'DATASCIENCE_MONITOR', 'BI_MONITOR', 'LOADING_MONITOR', 'OLD_MONITOR']),
    );
    const staging = (await emu.accountByName('staging')).account;
    const shown = await query('staging', 'SHOW WAREHOUSES');
    expect(shown.map((r) => r['name']).sort()).toEqual([...staging.warehouses.keys()].sort());
    expect(shown.map((r) => `${String(r['name'])} ${String(r['size'])} ${String(r['auto_suspend'])}`).sort()).not.toEqual(
      (await query('prod', 'SHOW WAREHOUSES')).map((r) => `${String(r['name'])} ${String(r['size'])} ${String(r['auto_suspend'])}`).sort(),
    );
    expect((await names('staging', 'SHOW RESOURCE MONITORS')).sort()).toEqual([...staging.monitors.keys()].sort());
  });

  it('does bill a query to the account it ran in, on that account clock only', async () => {
    const staging = await emu.accountByName('staging');
    const stagingClock = staging.clock.now().getTime();
    const stagingCharges = staging.billing.charges(staging.clock.now()).get('SNOWMON_WH');
    const prodResumes = emu.billing.charges(emu.clock.now()).get('SNOWMON_WH')?.resumes ?? 0;
    // Past SNOWMON_WH's 60 s auto-suspend in prod only, so prod's next read resumes it.
    (emu.clock as FrozenClock).advance(10 * 60_000);
    const before = emu.statements.length;
    await query('prod', 'SELECT COUNT(*) AS n FROM snowflake.account_usage.query_history');
    expect(emu.billing.charges(emu.clock.now()).get('SNOWMON_WH')?.resumes).toBe(prodResumes + 1);
    expect(staging.billing.charges(staging.clock.now()).get('SNOWMON_WH')).toEqual(stagingCharges);
    expect(staging.clock.now().getTime()).toBe(stagingClock);
    expect(emu.statements.slice(before).map((s) => s.account)).toContain('PROD');
    expect(emu.statements.slice(before).map((s) => s.account)).not.toContain('STAGING');
  });

  it('does refuse a login to an account it does not serve with HTTP 403, as Snowflake does', async () => {
    const error = await connect(connectionOptions({ url: emu.url, accountName: 'nosuchaccount' })).then(
      () => undefined,
      (e: unknown) => e as { code?: number | string; response?: { status?: number } },
    );
    expect(String(error?.code)).toBe('401002');
    expect(error?.response?.status).toBe(403);
    await expect(emu.accountByName('nosuchaccount')).rejects.toThrow('does not serve account "nosuchaccount"');
  });
});

describe('the single default account', () => {
  it('does accept any account name, as before fleet mode', async () => {
    const single = await startEmulator({ clock: new FrozenClock(START), scenario: { ...SCENARIO, seed: 3 } });
    try {
      expect(single.accountNames).toEqual([]);
      const conn = await connect(connectionOptions({ url: single.url, accountName: 'anything-at-all' }));
      expect((await execute(conn, 'SELECT CURRENT_ACCOUNT() AS a')).rows).toEqual([{ A: 'EMU12345' }]);
      await destroy(conn);
    } finally {
      await single.stop();
    }
  });
});
