/**
 * Seeds SNOWFLAKE.ORGANIZATION_USAGE in a running emulator for the organization view's tests. The tables
 * are (re)created here, with Snowflake's column names, whether or not the emulator seeds its own.
 */

import type { RunningEmulator } from '../../src/emulator/start-emulator.js';

/**
 * The organization's bill in the emulator, in ORGANIZATION_USAGE's own column names: the watched account's
 * compute (its METERING_DAILY_HISTORY credits billed, at `price` a credit), storage for it and a second
 * account, Oct 10 to Nov 17 (the views lag up to 72 h); a capacity contract and its balance.
 */
export async function seedOrganizationUsage(emulator: RunningEmulator, accountName: string, price: number): Promise<void> {
  await emulator.queryRaw(`create schema if not exists snowflake.organization_usage`);
  await emulator.queryRaw(`create or replace table snowflake.organization_usage.usage_in_currency_daily (
    organization_name varchar, contract_number varchar, account_name varchar, account_locator varchar, region varchar,
    service_level varchar, usage_date date, usage_type varchar, usage decimal(38,3), currency varchar,
    usage_in_currency decimal(38,2), balance_source varchar, billing_type varchar, rating_type varchar,
    service_type varchar, is_adjustment boolean)`);
  await emulator.queryRaw(`insert into snowflake.organization_usage.usage_in_currency_daily
    select 'MYORG', 'C-1', '${accountName}', 'XY12345', 'AWS_US_WEST_2', 'Enterprise', m.usage_date, 'compute',
           sum(m.credits_billed), 'USD', round(sum(m.credits_billed) * ${price}, 2), 'capacity', 'consumption', 'compute', 'WAREHOUSE_METERING', false
    from snowflake.account_usage.metering_daily_history m
    where m.usage_date >= DATE '2026-10-10' and m.usage_date <= DATE '2026-11-17'
    group by m.usage_date`);
  await emulator.queryRaw(`insert into snowflake.organization_usage.usage_in_currency_daily
    select 'MYORG', 'C-1', a, l, 'AWS_US_WEST_2', 'Enterprise', d::DATE, 'storage', 1.5, 'USD', amount, 'capacity', 'consumption', 'storage', 'STORAGE', false
    from (values ('${accountName}', 'XY12345', 34.5), ('OTHER', 'ZZ99999', 100.0)) t(a, l, amount),
         generate_series(DATE '2026-10-10', DATE '2026-11-17', INTERVAL 1 DAY) g(d)`);
  await emulator.queryRaw(`create or replace table snowflake.organization_usage.remaining_balance_daily (
    organization_name varchar, contract_number varchar, date date, currency varchar, free_usage_balance decimal(38,2),
    capacity_balance decimal(38,2), on_demand_consumption_balance decimal(38,2), rollover_balance decimal(38,2),
    marketplace_capacity_drawdown_balance decimal(38,2))`);
  await emulator.queryRaw(`insert into snowflake.organization_usage.remaining_balance_daily values
    ('MYORG', 'C-1', DATE '2026-11-16', 'USD', 0, 9000, 0, 500, 0), ('MYORG', 'C-1', DATE '2026-11-17', 'USD', 0, 8000, 0, 500, 0)`);
  await emulator.queryRaw(`create or replace table snowflake.organization_usage.contract_items (
    organization_name varchar, contract_number varchar, start_date date, end_date date, expiration_date date,
    contract_item varchar, currency varchar, amount decimal(38,2), contract_modified_date date)`);
  await emulator.queryRaw(`insert into snowflake.organization_usage.contract_items values
    ('MYORG', 'C-1', DATE '2026-01-01', DATE '2026-12-31', DATE '2027-01-30', 'capacity', 'USD', 120000, DATE '2026-01-01')`);
}
