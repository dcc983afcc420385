import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator } from '../../../src/emulator/start-emulator.js';
import type { RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { queryAccount } from './driver.js';

const START = new Date('2026-11-20T15:00:00Z');
const SCENARIO = { days: 30, queryHistoryRows: 1000 } as const;
/** The currency and balance views lag: their last day is two days before the emulated today. */
const LAST_BILLED_DAY = '2026-11-18';
let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ clock: new FrozenClock(START), scenario: SCENARIO, accounts: ['org', 'prod', 'dev'], organization: { account: 'org' } });
});
afterAll(async () => {
  await emu?.stop();
});

/** A DATE column as the driver returns it (a Date at UTC midnight), as YYYY-MM-DD. */
const day = (value: unknown): string => (value as Date).toISOString().slice(0, 10);

/** Logs in to `account` with the real driver (session in UTC), runs `sql`, logs out. */
const query = (account: string, sql: string): Promise<Record<string, unknown>[]> => queryAccount(emu.url, account, sql);

/** Each account's billed credits up to the last billed day, read from its own ACCOUNT_USAGE through the driver. */
async function ownBilledCredits(account: string): Promise<number> {
  const [row] = await query(
    account,
    `SELECT SUM(credits_billed) AS c FROM snowflake.account_usage.metering_daily_history WHERE usage_date <= '${LAST_BILLED_DAY}'::DATE`,
  );
  return Number(row?.['C']);
}

describe('ORGANIZATION_USAGE in the organization account', () => {
  it('does bill each account its own metered credits times the price, up to two days before today', async () => {
    const rows = await query(
      'org',
      `SELECT account_name, SUM(usage) AS credits, SUM(usage_in_currency) AS usd, MAX(usage_date) AS last_day, MIN(currency) AS currency
       FROM snowflake.organization_usage.usage_in_currency_daily WHERE rating_type = 'compute' GROUP BY account_name ORDER BY account_name`,
    );
    expect(rows.map((r) => r['ACCOUNT_NAME'])).toEqual(['DEV', 'ORG', 'PROD']);
    for (const row of rows) {
      const own = await ownBilledCredits(String(row['ACCOUNT_NAME']).toLowerCase());
      // Usage is rounded to 0.001 credit and currency to the cent, per line (about 4 lines a day for 29 days).
      expect(Number(row['CREDITS'])).toBeCloseTo(own, 0);
      expect(Math.abs(Number(row['USD']) - own * 3)).toBeLessThan(1);
      expect(row['CURRENCY']).toBe('USD');
      expect(day(row['LAST_DAY'])).toBe(LAST_BILLED_DAY);
    }
    const accounts = rows.map((r) => Number(r['USD']));
    expect(new Set(accounts).size).toBe(3);
  });

  it('does carry the members own daily metering in METERING_DAILY_HISTORY, today included', async () => {
    const [org] = await query(
      'org',
      `SELECT SUM(credits_billed) AS c, MAX(usage_date) AS d FROM snowflake.organization_usage.metering_daily_history WHERE account_name = 'PROD'`,
    );
    // Its seeded history and what its warehouses burnt since (at least SNOWMON_WH's resumes for these queries).
    const own = await emu.accountByName('prod');
    const live = [...own.billing.dailyCredits(own.clock.now()).values()].reduce((a, b) => a + b, 0);
    const [prod] = await query('prod', `SELECT SUM(credits_billed) AS c FROM snowflake.account_usage.metering_daily_history`);
    expect(Number(org?.['C'])).toBeCloseTo(Number(prod?.['C']) + live, 6);
    expect(day(org?.['D'])).toBe('2026-11-20');
  });

  it('does draw the capacity contract down by the bill, day by day', async () => {
    const [contract] = await query('org', `SELECT contract_item, amount, start_date, end_date, currency FROM snowflake.organization_usage.contract_items`);
    expect(contract?.['CONTRACT_ITEM']).toBe('capacity');
    const [bill] = await query(
      'org',
      `SELECT SUM(usage_in_currency) AS usd, MIN(usage_date) AS first FROM snowflake.organization_usage.usage_in_currency_daily`,
    );
    expect(day(contract?.['START_DATE'])).toBe(day(bill?.['FIRST']));
    const balances = await query(
      'org',
      `SELECT date, capacity_balance, on_demand_consumption_balance FROM snowflake.organization_usage.remaining_balance_daily ORDER BY date`,
    );
    const last = balances.at(-1);
    expect(day(last?.['DATE'])).toBe(LAST_BILLED_DAY);
    expect(Number(last?.['CAPACITY_BALANCE'])).toBeCloseTo(Number(contract?.['AMOUNT']) - Number(bill?.['USD']), 2);
    expect(Number(last?.['ON_DEMAND_CONSUMPTION_BALANCE'])).toBe(0);
    const falling = balances.every((b, i) => i === 0 || Number(b['CAPACITY_BALANCE']) <= Number(balances[i - 1]?.['CAPACITY_BALANCE']));
    expect(falling).toBe(true);
  });

  it('does not give a member account the organization views', async () => {
    await expect(query('prod', 'SELECT COUNT(*) FROM snowflake.organization_usage.contract_items')).rejects.toThrow(/does not exist|not authorized/i);
  });

  it('does rebuild the views only when a member metering or the organization day moved', async () => {
    const oid = async (): Promise<unknown> =>
      (await emu.queryRaw(`SELECT table_oid AS o FROM duckdb_tables() WHERE schema_name = 'organization_usage' AND table_name = 'CONTRACT_ITEMS'`))[0]?.['o'];
    const read = (): Promise<unknown> => query('org', 'SELECT COUNT(*) AS n FROM snowflake.organization_usage.contract_items');
    await read();
    const built = await oid();
    await read();
    expect(await oid()).toBe(built);
    // Past SNOWMON_WH's auto-suspend in dev, then a statement there: its resume bills 60 s more (0.0167 credits).
    ((await emu.accountByName('dev')).clock as FrozenClock).advance(10 * 60_000);
    await query('dev', 'SELECT COUNT(*) AS n FROM snowflake.account_usage.query_history');
    await read();
    expect(await oid()).not.toBe(built);
  });

  it('does follow the members metering as their clocks move, and move the bill with the organization clock', async () => {
    const prod = await emu.accountByName('prod');
    const computeOf = async (where: string): Promise<number> =>
      Number((await query('org', `SELECT SUM(usage) AS c FROM snowflake.organization_usage.usage_in_currency_daily WHERE ${where}`))[0]?.['C']);
    const metered = async (): Promise<number> =>
      Number(
        (await query('org', `SELECT SUM(credits_used_compute) AS c FROM snowflake.organization_usage.metering_daily_history WHERE account_name = 'PROD'`))[0]?.[
          'C'
        ],
      );
    const [seeded] = await prod.queryRaw(`SELECT SUM(CREDITS_USED_COMPUTE)::DOUBLE AS c FROM snowflake.account_usage.METERING_DAILY_HISTORY`);
    const before = await metered();
    // A statement in prod (SNOWMON_WH resumes), then past midnight on prod's clock: what runs there bills on it.
    await query('prod', 'SELECT COUNT(*) AS n FROM snowflake.account_usage.query_history');
    (prod.clock as FrozenClock).advance(9 * 3_600_000 + 10 * 60_000);
    const live = prod.billing.dailyCredits(prod.clock.now());
    const liveTotal = [...live.values()].reduce((a, b) => a + b, 0);
    expect(live.get('2026-11-20')).toBeGreaterThan(0);
    const after = await metered();
    expect(after).toBeGreaterThan(before);
    expect(after).toBeCloseTo(Number(seeded?.['c']) + liveTotal, 6);
    // The bill ends two days before the organization's today, whatever the members' clocks say.
    const lastDay = async (): Promise<string> =>
      day((await query('org', `SELECT MAX(usage_date) AS d FROM snowflake.organization_usage.usage_in_currency_daily`))[0]?.['D']);
    expect(await lastDay()).toBe(LAST_BILLED_DAY);
    const [ownNov20] = await prod.queryRaw(
      `SELECT SUM(CREDITS_USED_COMPUTE)::DOUBLE AS c FROM snowflake.account_usage.METERING_DAILY_HISTORY WHERE USAGE_DATE = DATE '2026-11-20'`,
    );
    // Two days of the organization account's own runaway warehouses would exhaust its ACCOUNT_MONTHLY: lift it first.
    const budget = emu.account.monitors.get('ACCOUNT_MONTHLY');
    if (budget) budget.creditQuota = 1_000_000;
    (emu.clock as FrozenClock).advance(2 * 86_400_000);
    expect(await lastDay()).toBe('2026-11-20');
    const billed = await computeOf(
      `account_name = 'PROD' AND usage_date = '2026-11-20'::DATE AND rating_type = 'compute' AND NOT is_adjustment AND service_type <> 'CLOUD_SERVICES'`,
    );
    expect(billed).toBeCloseTo(Number(ownNov20?.['c']) + (live.get('2026-11-20') ?? 0), 2);
  });
});

describe('a contract smaller than the bill', () => {
  it('does pay from capacity until it is gone, then on demand', async () => {
    const small = await startEmulator({
      clock: new FrozenClock(START),
      scenario: SCENARIO,
      accounts: ['hq', 'shop'],
      organization: { account: 'hq', contractUsd: 2000, usdPerCredit: 2 },
    });
    try {
      const [balance] = await small.queryRaw(`SELECT capacity_balance::DOUBLE AS cap, on_demand_consumption_balance::DOUBLE AS od
        FROM snowflake.organization_usage.remaining_balance_daily ORDER BY date DESC LIMIT 1`);
      const [bill] = await small.queryRaw(`SELECT sum(usage_in_currency)::DOUBLE AS usd, count(*) FILTER (WHERE balance_source = 'overage')::INTEGER AS overage
        FROM snowflake.organization_usage.usage_in_currency_daily`);
      expect(balance?.['cap']).toBe(0);
      expect(balance?.['od']).toBeCloseTo(2000 - Number(bill?.['usd']), 2);
      expect(Number(bill?.['overage'])).toBeGreaterThan(0);
    } finally {
      await small.stop();
    }
  });
});
