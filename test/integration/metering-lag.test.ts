/**
 * The checks that read metering, through the real snowflake-sdk against the emulator, with one metering
 * hour of snowmon's warehouse planted inside the 6 h lag (its attributed column not filled in yet, as on
 * Snowflake): self_cost counts metered CREDITS_USED once (cloud services inside it), and self_cost's and
 * warehouse_config's idle credits read settled hours only. Expectations come straight from the seeded
 * tables (plain DuckDB), never from snowmon.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../src/checks/check.js';
import type { Row } from '../../src/sources/snowflake-client.js';
import { defaultQueriesDir, loadChecks } from '../../src/checks/load-checks.js';
import { runChecks } from '../../src/checks/run-checks.js';
import { FrozenClock } from '../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';
import type { SnowflakeClient } from '../../src/sources/snowflake-client.js';
import { connectToEmulator } from '../support/emulator-session.js';

const NOW = new Date('2026-11-20T12:30:00Z');
const HOUR = 3_600_000;
/** Hours that started before this have settled: 6 h before the current hour began. */
const SETTLED_BEFORE = new Date(Date.UTC(2026, 10, 20, 12) - 6 * HOUR);
const PLANTED = { start: new Date(NOW.getTime() - 2.5 * HOUR), compute: 0.25, cloudServices: 0.02 };
const ts = (d: Date): string => `TIMESTAMPTZ '${d.toISOString().replace('T', ' ').replace('Z', '+00')}'`;
const n = (v: unknown): number => Number(v ?? 0);

let emulator: RunningEmulator;
let client: SnowflakeClient;
let outcome: CheckOutcome;
let warehouseConfig: CheckOutcome;

async function one(sql: string): Promise<number> {
  const [row] = await emulator.queryRaw(sql);
  return n(row?.['v']);
}
const metered = (expr: string, where = 'true'): Promise<number> =>
  one(`
  select coalesce(sum(${expr}), 0)::DOUBLE as v from snowflake.account_usage.warehouse_metering_history
  where warehouse_name = 'SNOWMON_WH' and start_time >= ${ts(new Date(NOW.getTime() - 30 * 24 * HOUR))} and ${where}`);
const total = (): Row => outcome.rows.find((r) => r['check'] === '(warehouse total)') as Row;

beforeAll(async () => {
  emulator = await startEmulator({ clock: new FrozenClock(NOW), scenario: { seed: 11, days: 45, queryHistoryRows: 5000 }, advanceClockWithQueries: false });
  const id = await one(`select any_value(warehouse_id) as v from snowflake.account_usage.warehouse_metering_history where warehouse_name = 'SNOWMON_WH'`);
  const start = new Date(Math.floor(PLANTED.start.getTime() / HOUR) * HOUR);
  await emulator.queryRaw(`
    insert into snowflake.account_usage.warehouse_metering_history
      (start_time, end_time, warehouse_id, warehouse_name, credits_used, credits_used_compute, credits_used_cloud_services, credits_attributed_compute_queries)
    values (${ts(start)}, ${ts(new Date(start.getTime() + HOUR))}, ${id}, 'SNOWMON_WH',
            ${PLANTED.compute + PLANTED.cloudServices}, ${PLANTED.compute}, ${PLANTED.cloudServices}, 0)`);
  client = await connectToEmulator(emulator);
  const loaded = await loadChecks(defaultQueriesDir());
  const ran = await runChecks(client, loaded.checks, { now: NOW, usdPerCredit: 3, snowmonWarehouse: 'SNOWMON_WH', only: ['self_cost', 'warehouse_config'] });
  outcome = ran.find((o) => o.name === 'self_cost') as CheckOutcome;
  warehouseConfig = ran.find((o) => o.name === 'warehouse_config') as CheckOutcome;
}, 120_000);

afterAll(async () => {
  await client?.close();
  await emulator?.stop();
});

describe('metering checks when the newest hours have not settled', () => {
  it('does seed metering whose credits_used is compute plus cloud services, with cloud services in snowmon hours', async () => {
    expect(
      await one(`select count(*) as v from snowflake.account_usage.warehouse_metering_history
      where abs(credits_used - credits_used_compute - credits_used_cloud_services) > 1e-9`),
    ).toBe(0);
    expect(await metered('credits_used_cloud_services')).toBeGreaterThan(PLANTED.cloudServices);
  });

  it("does total the metered credits once, never adding the tagged statements' cloud services on top", async () => {
    expect(outcome.status).toBe('ok');
    const credits = await metered('credits_used');
    const tagged = await one(`select sum(credits_used_cloud_services)::DOUBLE as v from snowflake.account_usage.query_history
      where query_tag like '%"app":"snowmon"%' and start_time >= ${ts(new Date(NOW.getTime() - 30 * 24 * HOUR))}`);
    expect(tagged).toBeGreaterThan(0.001); // adding it again would show
    const finding = outcome.findings[0]!;
    expect(n(finding.credits)).toBeCloseTo(credits, 6);
    expect(n(total()['credits_30d'])).toBeCloseTo(credits, 6);
    expect(n(total()['compute_credits_30d'])).toBeCloseTo(await metered('credits_used_compute'), 6);
    expect(n(total()['cloud_services_credits'])).toBeCloseTo(await metered('credits_used_cloud_services'), 6);
    expect(n(total()['compute_credits_30d']) + n(total()['cloud_services_credits'])).toBeCloseTo(credits, 6);
  });

  it("does break snowmon's tagged statements down per check over the last 7 days only", async () => {
    const expected = await emulator.queryRaw(`select json_extract_string(query_tag, '$.check') as check_name, count(*)::INTEGER as statements
      from snowflake.account_usage.query_history
      where query_tag like '%"app":"snowmon"%' and start_time >= ${ts(new Date(NOW.getTime() - 7 * 24 * HOUR))}
      group by all order by check_name`);
    expect(expected.length).toBeGreaterThan(0);
    const perCheck = outcome.rows.filter((r) => r['check'] !== '(warehouse total)').map((r) => [r['check'], r['statements']]);
    expect(perCheck).toEqual(expected.map((e) => [e['check_name'], e['statements']]));
    expect(total()['statements']).toBe(expected.reduce((sum, e) => sum + n(e['statements']), 0));
  });

  it('does leave the last 6 hours out of idle credits and of the day', async () => {
    const settled = `start_time < ${ts(SETTLED_BEFORE)}`;
    const idle = await metered('credits_used_compute - coalesce(credits_attributed_compute_queries, 0)', settled);
    const idleWithLag = await metered('credits_used_compute - coalesce(credits_attributed_compute_queries, 0)');
    expect(idleWithLag - idle).toBeGreaterThanOrEqual(PLANTED.compute - 1e-9);
    expect(n(total()['idle_credits'])).toBeCloseTo(idle, 6);
    expect(n(total()['settled_compute_credits'])).toBeCloseTo(await metered('credits_used_compute', settled), 6);
    const day = await metered('credits_used', `${settled} and start_time >= ${ts(new Date(SETTLED_BEFORE.getTime() - 24 * HOUR))}`);
    expect(day).toBeGreaterThan(0); // yesterday's 06:00 run
    expect(n(total()['credits_1d'])).toBeCloseTo(day, 6);
  });

  it("does leave the last 6 hours out of warehouse_config's idle credits", async () => {
    expect(warehouseConfig.status).toBe('ok');
    const idle = await metered('credits_used_compute - coalesce(credits_attributed_compute_queries, 0)', `start_time < ${ts(SETTLED_BEFORE)}`);
    const row = warehouseConfig.rows.find((r) => r['warehouse_name'] === 'SNOWMON_WH') as Row;
    expect(n(row['idle_credits_30d'])).toBeCloseTo(idle, 6);
    expect(n(row['credits_30d'])).toBeCloseTo(await metered('credits_used'), 6);
  });
});
