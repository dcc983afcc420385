/**
 * SQL a user would paste from Snowflake's documentation and the reference SQL library, run unchanged
 * through the real snowflake-sdk against the emulator: each query must run and return its documented
 * columns, and one result is checked against the seeded tables read directly.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import type { SnowflakeClient } from '../../../src/sources/snowflake-client.js';
import { connectToEmulator } from '../../support/emulator-session.js';

const QUERIES: readonly { readonly name: string; readonly sql: string; readonly columns: readonly string[] }[] = [
  {
    name: 'billed credits and month-end forecast (alias reuse, IFF, LAST_DAY)',
    columns: ['mtd_billed_complete_days', 'avg_daily_last7', 'days_left_incl_today', 'forecast_month_end_credits'],
    sql: `
WITH daily AS (
  SELECT usage_date, SUM(credits_billed) AS credits_billed
  FROM SNOWFLAKE.ACCOUNT_USAGE.METERING_DAILY_HISTORY
  WHERE usage_date >= DATEADD('day', -40, CURRENT_DATE())
  GROUP BY usage_date
)
SELECT
  SUM(IFF(usage_date >= DATE_TRUNC('month', CURRENT_DATE()) AND usage_date < CURRENT_DATE(), credits_billed, 0)) AS mtd_billed_complete_days,
  AVG(IFF(usage_date BETWEEN DATEADD('day', -7, CURRENT_DATE()) AND DATEADD('day', -1, CURRENT_DATE()), credits_billed, NULL)) AS avg_daily_last7,
  DATEDIFF('day', CURRENT_DATE(), LAST_DAY(CURRENT_DATE())) + 1 AS days_left_incl_today,
  mtd_billed_complete_days + avg_daily_last7 * days_left_incl_today AS forecast_month_end_credits
FROM daily`,
  },
  {
    name: 'resume thrash (GROUP BY ordinals, HAVING)',
    columns: ['warehouse_name', 'hr', 'resumes'],
    sql: `
SELECT warehouse_name, DATE_TRUNC('hour', timestamp) AS hr, COUNT(*) AS resumes
FROM SNOWFLAKE.ACCOUNT_USAGE.WAREHOUSE_EVENTS_HISTORY
WHERE timestamp >= DATEADD('day', -1, CURRENT_TIMESTAMP())
  AND event_name = 'RESUME_WAREHOUSE' AND event_state = 'STARTED'  -- 2024_04 model: never COMPLETED
GROUP BY 1, 2 HAVING COUNT(*) > 2
ORDER BY resumes DESC`,
  },
  {
    name: 'credits by warehouse (unquoted date part, bare CURRENT_TIMESTAMP)',
    columns: ['warehouse_name', 'credits'],
    sql: `
select warehouse_name, sum(credits_used) as credits
from snowflake.account_usage.warehouse_metering_history
where start_time >= dateadd(day, -7, current_timestamp)
group by 1 order by 2 desc`,
  },
  {
    name: 'fallback cost estimate (CASE on sizes, NULLS LAST)',
    columns: ['query_id', 'est_credits'],
    sql: `
SELECT query_id, warehouse_name, warehouse_size, user_name, role_name, query_tag,
       execution_time / 3600000 *
       CASE warehouse_size WHEN 'X-Small' THEN 1 WHEN 'Small' THEN 2 WHEN 'Medium' THEN 4
            WHEN 'Large' THEN 8 WHEN 'X-Large' THEN 16 WHEN '2X-Large' THEN 32 END AS est_credits
FROM SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY
WHERE start_time >= DATEADD('hour', -6, CURRENT_TIMESTAMP())
  AND warehouse_size IS NOT NULL
ORDER BY est_credits DESC NULLS LAST
LIMIT 20`,
  },
  {
    name: 'service-user logins (joins, IN lists)',
    columns: ['user_name', 'logins', 'last_seen'],
    sql: `
SELECT l.user_name, l.first_authentication_factor, COUNT(*) AS logins, MAX(l.event_timestamp) AS last_seen
FROM SNOWFLAKE.ACCOUNT_USAGE.LOGIN_HISTORY l
JOIN SNOWFLAKE.ACCOUNT_USAGE.USERS u ON u.name = l.user_name AND u.deleted_on IS NULL
WHERE l.event_timestamp >= DATEADD('day', -7, CURRENT_TIMESTAMP())
  AND l.is_success = 'YES' AND u.type IN ('SERVICE', 'LEGACY_SERVICE')
GROUP BY 1, 2`,
  },
  {
    name: 'retention review (POWER, DIV0)',
    columns: ['table_name', 'overhead_ratio'],
    sql: `
SELECT t.table_catalog, t.table_schema, t.table_name, t.table_type, t.is_transient, t.retention_time,
       m.active_bytes / POWER(1024, 3) AS active_gb,
       DIV0(m.time_travel_bytes + m.failsafe_bytes, m.active_bytes) AS overhead_ratio
FROM SNOWFLAKE.ACCOUNT_USAGE.TABLE_STORAGE_METRICS m
JOIN SNOWFLAKE.ACCOUNT_USAGE.TABLES t ON t.table_id = m.id
WHERE m.deleted = FALSE AND t.deleted IS NULL
ORDER BY m.time_travel_bytes + m.failsafe_bytes DESC
LIMIT 100`,
  },
  {
    name: 'TO_CHAR, LISTAGG WITHIN GROUP, ZEROIFNULL',
    columns: ['hour', 'whs', 'c'],
    sql: `
select to_char(start_time, 'YYYY-MM-DD HH24:MI') as hour, listagg(distinct warehouse_name, ', ') within group (order by warehouse_name) as whs, zeroifnull(sum(credits_used)) as c
from snowflake.account_usage.warehouse_metering_history
where start_time >= dateadd(hour, -3, current_timestamp()) group by 1 order by 1`,
  },
];

let emulator: RunningEmulator;
let client: SnowflakeClient;

beforeAll(async () => {
  emulator = await startEmulator({
    clock: new FrozenClock('2026-11-20T15:00:00Z'),
    scenario: { seed: 1, queryHistoryRows: 5_000 },
    advanceClockWithQueries: false,
  });
  client = await connectToEmulator(emulator);
}, 120_000);

afterAll(async () => {
  await client?.close();
  await emulator?.stop();
});

describe('queries pasted from the documentation', () => {
  for (const query of QUERIES) {
    it(`does run ${query.name}`, async () => {
      const result = await client.query(query.sql);
      expect(result.rows.length).toBeGreaterThan(0);
      for (const column of query.columns) expect(result.columns).toContain(column);
    });
  }

  it('does sum credits per warehouse as the seeded metering says', async () => {
    const sql = QUERIES.find((q) => q.name.startsWith('credits by warehouse'))?.sql ?? '';
    const result = await client.query(sql);
    const expected = await emulator.queryRaw(`
      SELECT warehouse_name AS wh, SUM(credits_used)::DOUBLE AS credits
      FROM snowflake.account_usage.warehouse_metering_history
      WHERE start_time >= TIMESTAMPTZ '2026-11-13 15:00:00+00'
      GROUP BY 1`);
    const byName = new Map(expected.map((r) => [String(r['wh']), Number(r['credits'])]));
    expect(result.rows.length).toBe(byName.size);
    for (const row of result.rows) {
      expect(Number(row['credits'])).toBeCloseTo(byName.get(String(row['warehouse_name'])) ?? NaN, 6);
    }
  });
});
