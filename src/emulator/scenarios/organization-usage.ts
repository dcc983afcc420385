/**
 * Seeds SNOWFLAKE.ORGANIZATION_USAGE in the organization account from its member accounts' own history:
 * METERING_DAILY_HISTORY (their daily metering as it is), USAGE_IN_CURRENCY_DAILY (each account's billed
 * credits × the price, and its storage), CONTRACT_ITEMS (one capacity contract) and REMAINING_BALANCE_DAILY
 * (that capacity less the cumulative spend). Real column names and types; not the views' other rows
 * (data transfer, support, marketplace). Reading the members is the caller's job (launch-emulator.ts).
 *
 * Latency as Snowflake documents it, as a fixed lag from the organization account's clock: the currency and
 * balance views end two days before its today (UTC), so a day appears 24 h after it ends and each row is 24-48 h
 * old (Snowflake documents up to 72 h); the daily metering has each member's rows up to its own clock (seeded
 * history, then the credits its billing charged since; up to 2 h in Snowflake). The emulator rebuilds the views
 * when a statement reads them after the organization's day or a member's metering moved (launch-emulator.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlLiteral } from './insert-rows.js';
import { dropTemps, insertTemp } from './temp-tables.js';
import type { SqlValue } from './insert-rows.js';

/** One member account's daily metering and storage, as its own ACCOUNT_USAGE holds them. */
export interface MemberUsage {
  /** The account name as the organization views show it (upper case). */
  readonly accountName: string;
  readonly accountLocator: string;
  /** METERING_DAILY_HISTORY rows: usage_date (YYYY-MM-DD), service_type, compute, cloud services, adjustment (credits). */
  readonly metering: readonly (readonly [string, string, number, number, number])[];
  /** STORAGE_USAGE rows: usage_date, terabytes stored (database + stage + fail-safe). */
  readonly storage: readonly (readonly [string, number])[];
}

export interface OrganizationOptions {
  readonly now: Date;
  readonly members: readonly MemberUsage[];
  /** Price of a credit in USD. Default 3 (Enterprise, AWS US; snowmon's pricing.usd_per_credit default). */
  readonly usdPerCredit?: number;
  /** The capacity contract in USD. Default: 80 % of a year at the members' average daily spend, so it runs out before its end. */
  readonly contractUsd?: number;
}

export const ORGANIZATION_NAME = 'EMUORG';
const CONTRACT_NUMBER = '1000042';
const REGION = 'AWS_US_WEST_2';
/** Capacity price of storage, USD per TB-month. */
const USD_PER_TB_MONTH = 23;
/** The currency and balance views end this many days before today (UTC). */
const BILLING_LAG_DAYS = 2;

/** Column definitions in Snowflake's order, as DuckDB types (NUMBER(38,2) → DECIMAL(38,2)). */
const TABLES: Readonly<Record<string, readonly string[]>> = {
  METERING_DAILY_HISTORY: [
    'SERVICE_TYPE VARCHAR',
    'ORGANIZATION_NAME VARCHAR',
    'ACCOUNT_NAME VARCHAR',
    'USAGE_DATE DATE',
    'CREDITS_USED_COMPUTE DECIMAL(38,9)',
    'CREDITS_USED_CLOUD_SERVICES DECIMAL(38,9)',
    'CREDITS_USED DECIMAL(38,9)',
    'CREDITS_ADJUSTMENT_CLOUD_SERVICES DECIMAL(38,9)',
    'CREDITS_BILLED DECIMAL(38,9)',
    'REGION VARCHAR',
    'ACCOUNT_LOCATOR VARCHAR',
  ],
  USAGE_IN_CURRENCY_DAILY: [
    'ORGANIZATION_NAME VARCHAR',
    'CONTRACT_NUMBER VARCHAR',
    'ACCOUNT_NAME VARCHAR',
    'ACCOUNT_LOCATOR VARCHAR',
    'REGION VARCHAR',
    'SERVICE_LEVEL VARCHAR',
    'USAGE_DATE DATE',
    'USAGE_TYPE VARCHAR',
    'USAGE DECIMAL(38,3)',
    'CURRENCY VARCHAR',
    'USAGE_IN_CURRENCY DECIMAL(38,2)',
    'BALANCE_SOURCE VARCHAR',
    'BILLING_TYPE VARCHAR',
    'RATING_TYPE VARCHAR',
    'SERVICE_TYPE VARCHAR',
    'IS_ADJUSTMENT BOOLEAN',
  ],
  REMAINING_BALANCE_DAILY: [
    'ORGANIZATION_NAME VARCHAR',
    'CONTRACT_NUMBER VARCHAR',
    'DATE DATE',
    'CURRENCY VARCHAR',
    'FREE_USAGE_BALANCE DECIMAL(38,2)',
    'CAPACITY_BALANCE DECIMAL(38,2)',
    'ON_DEMAND_CONSUMPTION_BALANCE DECIMAL(38,2)',
    'ROLLOVER_BALANCE DECIMAL(38,2)',
    'MARKETPLACE_CAPACITY_DRAWDOWN_BALANCE DECIMAL(38,2)',
  ],
  CONTRACT_ITEMS: [
    'ORGANIZATION_NAME VARCHAR',
    'CONTRACT_NUMBER VARCHAR',
    'START_DATE DATE',
    'END_DATE DATE',
    'EXPIRATION_DATE DATE',
    'CONTRACT_ITEM VARCHAR',
    'CURRENCY VARCHAR',
    'AMOUNT DECIMAL(38,2)',
    'CONTRACT_MODIFIED_DATE DATE',
  ],
};

const TEMPS = ['_org_metering', '_org_storage', '_org_lines', '_org_days'];

/** (Re)builds the views from the members; returns the contract's amount in USD (null without any bill), to keep it on a rebuild. */
export async function seedOrganizationUsage(connection: DuckDBConnection, options: OrganizationOptions): Promise<number | null> {
  const price = options.usdPerCredit ?? 3;
  if (!(price > 0)) throw new Error(`organization usdPerCredit must be > 0, got ${price}`);
  await connection.run('CREATE SCHEMA IF NOT EXISTS snowflake.organization_usage');
  for (const [table, columns] of Object.entries(TABLES)) {
    await connection.run(`CREATE OR REPLACE TABLE snowflake.organization_usage.${table} (${columns.join(', ')})`);
  }
  await loadMembers(connection, options.members);
  await insertMeteringDaily(connection);
  const lastDay = new Date(Math.floor(options.now.getTime() / 86_400_000) * 86_400_000 - BILLING_LAG_DAYS * 86_400_000);
  await buildBillingLines(connection, price, lastDay);
  const contract = await insertContract(connection, options.contractUsd);
  if (contract !== null) await insertCurrencyAndBalance(connection, contract, lastDay);
  await dropTemps(connection, TEMPS);
  return contract?.amount ?? null;
}

/**
 * A member's usage with the credits its warehouses burnt since its history was seeded (its billing's, by
 * UTC day) added to that day's WAREHOUSE_METERING compute, as Snowflake's daily metering would have them.
 */
export function withLiveCredits(usage: MemberUsage, daily: ReadonlyMap<string, number>): MemberUsage {
  const metering = usage.metering.map((row) => [...row] as [string, string, number, number, number]);
  for (const [day, credits] of daily) {
    const row = metering.find(([d, service]) => d === day && service === 'WAREHOUSE_METERING');
    if (row === undefined) metering.push([day, 'WAREHOUSE_METERING', credits, 0, 0]);
    else row[2] += credits;
  }
  metering.sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
  return { ...usage, metering };
}

async function loadMembers(connection: DuckDBConnection, members: readonly MemberUsage[]): Promise<void> {
  const metering: SqlValue[][] = [];
  const storage: SqlValue[][] = [];
  for (const m of members) {
    for (const [day, service, compute, cs, adjustment] of m.metering) metering.push([m.accountName, m.accountLocator, day, service, compute, cs, adjustment]);
    for (const [day, tb] of m.storage) storage.push([m.accountName, m.accountLocator, day, tb]);
  }
  const account = ['account_name VARCHAR', 'account_locator VARCHAR', 'usage_date DATE'];
  await insertTemp(connection, '_org_metering', [...account, 'service_type VARCHAR', 'compute DOUBLE', 'cs DOUBLE', 'adjustment DOUBLE'], metering);
  await insertTemp(connection, '_org_storage', [...account, 'tb DOUBLE'], storage);
}

async function insertMeteringDaily(connection: DuckDBConnection): Promise<void> {
  await connection.run(`
INSERT INTO snowflake.organization_usage.METERING_DAILY_HISTORY BY NAME
SELECT service_type AS SERVICE_TYPE, ${sqlLiteral(ORGANIZATION_NAME)} AS ORGANIZATION_NAME, account_name AS ACCOUNT_NAME,
       usage_date AS USAGE_DATE, compute AS CREDITS_USED_COMPUTE, cs AS CREDITS_USED_CLOUD_SERVICES, compute + cs AS CREDITS_USED,
       adjustment AS CREDITS_ADJUSTMENT_CLOUD_SERVICES, compute + cs + adjustment AS CREDITS_BILLED,
       ${sqlLiteral(REGION)} AS REGION, account_locator AS ACCOUNT_LOCATOR
FROM _org_metering`);
}

/**
 * `_org_lines`: the bill's lines up to `lastDay`: compute per service type, cloud services and their
 * adjustment (negative, IS_ADJUSTMENT) per account and day, and storage; amounts rounded to the cent.
 */
async function buildBillingLines(connection: DuckDBConnection, price: number, lastDay: Date): Promise<void> {
  const until = `DATE ${sqlLiteral(lastDay.toISOString().slice(0, 10))}`;
  await connection.run(`
CREATE OR REPLACE TEMP TABLE _org_lines AS
WITH m AS (SELECT * FROM _org_metering WHERE usage_date <= ${until}),
lines AS (
  SELECT account_name, account_locator, usage_date, service_type, 'compute' AS rating_type, compute AS credits, false AS is_adjustment
  FROM m WHERE compute <> 0
  UNION ALL
  SELECT account_name, account_locator, usage_date, 'CLOUD_SERVICES', 'compute', sum(cs), false FROM m GROUP BY ALL HAVING sum(cs) <> 0
  UNION ALL
  SELECT account_name, account_locator, usage_date, 'CLOUD_SERVICES', 'compute', sum(adjustment), true FROM m GROUP BY ALL HAVING sum(adjustment) <> 0
)
SELECT account_name, account_locator, usage_date, service_type, rating_type, is_adjustment,
       round(credits, 3) AS usage, round(credits * ${price}, 2) AS amount
FROM lines
UNION ALL
SELECT account_name, account_locator, usage_date, 'STORAGE', 'storage', false, round(tb, 3),
       round(tb * ${USD_PER_TB_MONTH} / dayofmonth(last_day(usage_date)), 2)
FROM _org_storage WHERE usage_date <= ${until} AND tb > 0`);
}

/** Inserts the capacity contract (from the first billed day, for a year) and returns its start and amount; null without any bill. */
async function insertContract(connection: DuckDBConnection, contractUsd: number | undefined): Promise<{ start: string; amount: number } | null> {
  const reader = await connection.runAndReadAll(
    `SELECT min(usage_date)::VARCHAR AS first, sum(amount)::DOUBLE AS total, count(DISTINCT usage_date)::INTEGER AS days FROM _org_lines`,
  );
  const row = reader.getRowObjectsJS()[0] as { first: string | null; total: number | null; days: number } | undefined;
  if (row?.first === null || row?.first === undefined) return null;
  const amount = contractUsd ?? Math.max(1000, Math.round((((row.total ?? 0) / Math.max(1, row.days)) * 365 * 0.8) / 1000) * 1000);
  const start = `DATE ${sqlLiteral(row.first)}`;
  await connection.run(`
INSERT INTO snowflake.organization_usage.CONTRACT_ITEMS VALUES
  (${sqlLiteral(ORGANIZATION_NAME)}, ${sqlLiteral(CONTRACT_NUMBER)}, ${start}, CAST(${start} + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE),
   CAST(${start} + INTERVAL 1 YEAR - INTERVAL 1 DAY AS DATE), 'capacity', 'USD', ${amount}, ${start})`);
  return { start: row.first, amount };
}

/** USAGE_IN_CURRENCY_DAILY (paid from capacity until it runs out, then overage) and REMAINING_BALANCE_DAILY. */
async function insertCurrencyAndBalance(connection: DuckDBConnection, contract: { start: string; amount: number }, lastDay: Date): Promise<void> {
  await connection.run(`
CREATE OR REPLACE TEMP TABLE _org_days AS
SELECT CAST(d AS DATE) AS day, coalesce(sum(l.amount) OVER (ORDER BY d), 0) AS spent
FROM generate_series(DATE ${sqlLiteral(contract.start)}, DATE ${sqlLiteral(lastDay.toISOString().slice(0, 10))}, INTERVAL 1 DAY) g(d)
LEFT JOIN (SELECT usage_date, sum(amount) AS amount FROM _org_lines GROUP BY ALL) l ON l.usage_date = CAST(d AS DATE)`);
  await connection.run(`
INSERT INTO snowflake.organization_usage.USAGE_IN_CURRENCY_DAILY BY NAME
SELECT ${sqlLiteral(ORGANIZATION_NAME)} AS ORGANIZATION_NAME, ${sqlLiteral(CONTRACT_NUMBER)} AS CONTRACT_NUMBER,
       l.account_name AS ACCOUNT_NAME, l.account_locator AS ACCOUNT_LOCATOR, ${sqlLiteral(REGION)} AS REGION,
       'Enterprise' AS SERVICE_LEVEL, l.usage_date AS USAGE_DATE, l.rating_type AS USAGE_TYPE, l.usage AS USAGE, 'USD' AS CURRENCY,
       l.amount AS USAGE_IN_CURRENCY, CASE WHEN d.spent <= ${contract.amount} THEN 'capacity' ELSE 'overage' END AS BALANCE_SOURCE,
       'consumption' AS BILLING_TYPE, l.rating_type AS RATING_TYPE, l.service_type AS SERVICE_TYPE, l.is_adjustment AS IS_ADJUSTMENT
FROM _org_lines l JOIN _org_days d ON d.day = l.usage_date`);
  await connection.run(`
INSERT INTO snowflake.organization_usage.REMAINING_BALANCE_DAILY BY NAME
SELECT ${sqlLiteral(ORGANIZATION_NAME)} AS ORGANIZATION_NAME, ${sqlLiteral(CONTRACT_NUMBER)} AS CONTRACT_NUMBER, day AS DATE,
       'USD' AS CURRENCY, 0 AS FREE_USAGE_BALANCE, greatest(${contract.amount} - spent, 0) AS CAPACITY_BALANCE,
       -greatest(spent - ${contract.amount}, 0) AS ON_DEMAND_CONSUMPTION_BALANCE, 0 AS ROLLOVER_BALANCE,
       0 AS MARKETPLACE_CAPACITY_DRAWDOWN_BALANCE
FROM _org_days`);
}

/** Reads what the organization views need from a member account's own ACCOUNT_USAGE (DuckDB SQL, UTC dates). */
export async function readMemberUsage(
  accountName: string,
  accountLocator: string,
  queryRaw: (sql: string) => Promise<Record<string, unknown>[]>,
): Promise<MemberUsage> {
  const metering = await queryRaw(`SELECT USAGE_DATE::VARCHAR AS d, SERVICE_TYPE AS s, CREDITS_USED_COMPUTE::DOUBLE AS c,
      CREDITS_USED_CLOUD_SERVICES::DOUBLE AS cs, CREDITS_ADJUSTMENT_CLOUD_SERVICES::DOUBLE AS a
    FROM snowflake.account_usage.METERING_DAILY_HISTORY ORDER BY 1, 2`);
  const storage = await queryRaw(`SELECT USAGE_DATE::VARCHAR AS d,
      (coalesce(STORAGE_BYTES, 0) + coalesce(STAGE_BYTES, 0) + coalesce(FAILSAFE_BYTES, 0)) / power(1024, 4) AS tb
    FROM snowflake.account_usage.STORAGE_USAGE ORDER BY 1`);
  return {
    accountName,
    accountLocator,
    metering: metering.map((r) => [String(r['d']), String(r['s']), Number(r['c']), Number(r['cs']), Number(r['a'])] as const),
    storage: storage.map((r) => [String(r['d']), Number(r['tb'])] as const),
  };
}
