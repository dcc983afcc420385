/**
 * Derives the warehouse-side history from the generated query history, so the two agree: an hourly
 * warehouse model (busy seconds, resumes, billed seconds) → WAREHOUSE_METERING_HISTORY, METERING_HISTORY,
 * METERING_DAILY_HISTORY, WAREHOUSE_EVENTS_HISTORY and WAREHOUSE_LOAD_HISTORY. Model (per warehouse-hour):
 * busy = min(3600, Σ execution s); resumes = min(statements, resume cap), 0 when a steady warehouse was
 * already up the hour before; up = min(3600, max(60 × resumes, busy + max(resumes, 1) × auto_suspend));
 * hours a warehouse was held up (never-suspending, runaway) are billed whole. Credits = up × size rate.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { insertRows, type SqlValue } from './insert-rows.js';
import { insertTemp } from './temp-tables.js';
import { HOUR_MS, type ScenarioPeriod } from './time-slots.js';
import { CLOUD_SERVICES_ONLY, type WarehouseSpec } from './warehouses.js';

/** Builds `_scn_wh_hours`, the hourly model every warehouse history table is derived from. */
export async function buildWarehouseHours(
  connection: DuckDBConnection,
  warehouses: readonly WarehouseSpec[],
  period: ScenarioPeriod,
): Promise<void> {
  const forced: SqlValue[][] = [];
  for (const w of warehouses) {
    if (w.live.kind !== 'started') continue;
    const from = Math.max(period.start.getTime(), period.end.getTime() - w.live.sinceHours * HOUR_MS);
    for (let t = from; t < period.end.getTime(); t += HOUR_MS) forced.push([w.name, new Date(t)]);
  }
  await insertTemp(connection, '_scn_forced', ['name VARCHAR', 'h TIMESTAMPTZ'], forced);
  await connection.run(`
CREATE OR REPLACE TEMP TABLE _scn_wh_hours AS
WITH q AS (
  SELECT WAREHOUSE_NAME AS wh, date_trunc('hour', START_TIME) AS h, count(*) AS n,
         sum(EXECUTION_TIME) AS exec_ms, sum(CREDITS_USED_CLOUD_SERVICES) AS cs,
         sum(QUEUED_OVERLOAD_TIME) AS queued_ms
  FROM snowflake.account_usage.QUERY_HISTORY WHERE WAREHOUSE_NAME IS NOT NULL GROUP BY ALL
), grid AS (
  SELECT coalesce(q.wh, f.name) AS wh, coalesce(q.h, f.h) AS h, coalesce(q.n, 0) AS n,
         coalesce(q.exec_ms, 0) AS exec_ms, coalesce(q.cs, 0) AS cs, f.name IS NOT NULL AS held_up
  FROM q FULL JOIN _scn_forced f ON q.wh = f.name AND q.h = f.h
), prev AS (
  SELECT g.*, lag(g.h) OVER (PARTITION BY g.wh ORDER BY g.h) AS prev_h FROM grid g
), modelled AS (
  SELECT p.wh, p.h, p.n, p.cs, p.held_up, w.id, w.size, w.rate, w.auto_suspend,
         least(3600.0, p.exec_ms / 1000.0) AS busy_s,
         CASE WHEN p.held_up THEN 0
              WHEN w.resume_cap <= 1 AND p.prev_h = p.h - INTERVAL 1 HOUR THEN 0
              ELSE least(p.n, w.resume_cap) END AS resumes
  FROM prev p JOIN _scn_wh w ON w.name = p.wh
)
SELECT m.*,
       CASE WHEN m.held_up THEN 3600.0
            ELSE least(3600.0, greatest(60.0 * m.resumes,
                 m.busy_s + greatest(m.resumes, 1) * CASE WHEN m.auto_suspend = 0 THEN 3600 ELSE m.auto_suspend END))
       END AS up_s
FROM modelled m`);
}

/** WAREHOUSE_METERING_HISTORY and METERING_HISTORY (warehouses, the CLOUD_SERVICES_ONLY row, serverless). */
export async function generateMetering(connection: DuckDBConnection, seed: number, period: ScenarioPeriod): Promise<void> {
  const cloudOnlyDay = new Date(period.end.getTime() - 10 * 24 * HOUR_MS);
  await connection.run(`
CREATE OR REPLACE TEMP TABLE _scn_hours AS
SELECT h FROM generate_series(TIMESTAMPTZ '${period.start.toISOString()}',
                              TIMESTAMPTZ '${new Date(period.end.getTime() - HOUR_MS).toISOString()}', INTERVAL 1 HOUR) t(h)`);
  await connection.run(`
INSERT INTO snowflake.account_usage.WAREHOUSE_METERING_HISTORY BY NAME
SELECT h AS START_TIME, h + INTERVAL 1 HOUR AS END_TIME, id AS WAREHOUSE_ID, wh AS WAREHOUSE_NAME,
       round(rate * up_s / 3600, 9) + round(cs, 9) AS CREDITS_USED,
       round(rate * up_s / 3600, 9) AS CREDITS_USED_COMPUTE,
       round(cs, 9) AS CREDITS_USED_CLOUD_SERVICES,
       round(rate * busy_s / 3600, 9) AS CREDITS_ATTRIBUTED_COMPUTE_QUERIES
FROM _scn_wh_hours
UNION ALL
SELECT h, h + INTERVAL 1 HOUR, ${CLOUD_SERVICES_ONLY.id}, '${CLOUD_SERVICES_ONLY.name}',
       cs, 0, cs, 0
FROM (SELECT h, round(CASE WHEN date_trunc('day', h) = TIMESTAMPTZ '${cloudOnlyDay.toISOString().slice(0, 10)} 00:00:00+00'
                           THEN 2.2 + (hash(h, ${seed}, 21) % 100) / 100.0
                           ELSE 0.004 + (hash(h, ${seed}, 21) % 100) / 4000.0 END, 9) AS cs
      FROM _scn_hours)`);
  await connection.run(`
INSERT INTO snowflake.account_usage.METERING_HISTORY BY NAME
SELECT 'WAREHOUSE_METERING' AS SERVICE_TYPE, START_TIME, END_TIME, WAREHOUSE_ID AS ENTITY_ID,
       'WAREHOUSE' AS ENTITY_TYPE, WAREHOUSE_NAME AS NAME, CREDITS_USED_COMPUTE, CREDITS_USED_CLOUD_SERVICES,
       CREDITS_USED
FROM snowflake.account_usage.WAREHOUSE_METERING_HISTORY
UNION ALL
SELECT 'AUTO_CLUSTERING', h, h + INTERVAL 1 HOUR, 50412, 'TABLE', 'PAGE_VIEWS',
       round(0.2 + (hash(h, ${seed}, 22) % 100) / 250.0, 9), 0, round(0.2 + (hash(h, ${seed}, 22) % 100) / 250.0, 9)
FROM _scn_hours WHERE hour(h) IN (2, 14)
UNION ALL
SELECT 'PIPE', h, h + INTERVAL 1 HOUR, 7001, 'PIPE', 'RAW.EVENTS.CLICKSTREAM_PIPE',
       round(0.03 + (hash(h, ${seed}, 23) % 100) / 5000.0, 9), 0, round(0.03 + (hash(h, ${seed}, 23) % 100) / 5000.0, 9)
FROM _scn_hours`);
  await connection.run(`
INSERT INTO snowflake.account_usage.METERING_DAILY_HISTORY BY NAME
WITH d AS (
  SELECT SERVICE_TYPE, CAST(date_trunc('day', START_TIME) AS DATE) AS USAGE_DATE,
         sum(CREDITS_USED_COMPUTE) AS compute, sum(CREDITS_USED_CLOUD_SERVICES) AS cs
  FROM snowflake.account_usage.METERING_HISTORY GROUP BY ALL
), day_total AS (
  SELECT USAGE_DATE, sum(compute) AS compute, sum(cs) AS cs FROM d GROUP BY ALL
)
SELECT d.SERVICE_TYPE, 'EMUORG' AS ORGANIZATION_NAME, 'EMU12345' AS ACCOUNT_NAME, d.USAGE_DATE,
       d.compute AS CREDITS_USED_COMPUTE, d.cs AS CREDITS_USED_CLOUD_SERVICES, d.compute + d.cs AS CREDITS_USED,
       CASE WHEN d.SERVICE_TYPE = 'WAREHOUSE_METERING' THEN -least(t.cs, 0.1 * t.compute) ELSE 0 END
         AS CREDITS_ADJUSTMENT_CLOUD_SERVICES,
       d.compute + d.cs + CASE WHEN d.SERVICE_TYPE = 'WAREHOUSE_METERING' THEN -least(t.cs, 0.1 * t.compute) ELSE 0 END
         AS CREDITS_BILLED
FROM d JOIN day_total t USING (USAGE_DATE)`);
}

/** WAREHOUSE_EVENTS_HISTORY: a resume/suspend pair per modelled resume, plus the live states' own events. */
export async function generateWarehouseEvents(
  connection: DuckDBConnection,
  seed: number,
  warehouses: readonly WarehouseSpec[],
  period: ScenarioPeriod,
): Promise<void> {
  await connection.run(`
INSERT INTO snowflake.account_usage.WAREHOUSE_EVENTS_HISTORY BY NAME
WITH e AS (
  SELECT wh, id, size, h, resumes, busy_s, auto_suspend, unnest(range(resumes)) AS k FROM _scn_wh_hours WHERE resumes > 0
), t AS (
  SELECT *, h + to_milliseconds((k * 3600000 / resumes + hash(wh, h, k, ${seed}) % 20000)::BIGINT) AS resumed_at,
         least(3600.0 / resumes - 25, greatest(60.0, busy_s / resumes + CASE WHEN auto_suspend = 0 THEN 3600 ELSE auto_suspend END)) AS up_s
  FROM e
)
SELECT resumed_at AS TIMESTAMP, id AS WAREHOUSE_ID, wh AS WAREHOUSE_NAME, NULL AS CLUSTER_NUMBER,
       'RESUME_WAREHOUSE' AS EVENT_NAME, 'WAREHOUSE_AUTORESUME' AS EVENT_REASON, 'COMPLETED' AS EVENT_STATE,
       NULL AS USER_NAME, NULL AS ROLE_NAME, NULL AS QUERY_ID, size AS SIZE, 1 AS CLUSTER_COUNT,
       'STANDARD' AS WAREHOUSE_TYPE, 'STANDARD_GEN_1' AS RESOURCE_CONSTRAINT
FROM t
UNION ALL
SELECT resumed_at + to_milliseconds((up_s * 1000)::BIGINT), id, wh, NULL, 'SUSPEND_WAREHOUSE', 'WAREHOUSE_AUTOSUSPEND',
       'COMPLETED', NULL, NULL, NULL, size, 1, 'STANDARD', 'STANDARD_GEN_1'
FROM t`);
  const rows: SqlValue[][] = [];
  for (const w of warehouses) {
    if (w.live.kind === 'started') {
      const at = new Date(Math.max(period.start.getTime(), period.end.getTime() - w.live.sinceHours * HOUR_MS) + 4 * 60_000);
      const manual = w.autoSuspend === null;
      rows.push([at, w.id, w.name, null, 'RESUME_WAREHOUSE', manual ? 'WAREHOUSE_RESUME' : 'WAREHOUSE_AUTORESUME',
        'COMPLETED', manual ? 'FRANK' : null, manual ? 'DEV_ROLE' : null, null, w.size, 1, 'STANDARD', 'STANDARD_GEN_1']);
    } else if (w.live.kind === 'suspended-by-monitor') {
      const at = new Date(period.end.getTime() - w.live.sinceHours * HOUR_MS);
      rows.push([at, w.id, w.name, null, 'SUSPEND_WAREHOUSE', 'WAREHOUSE_RESOURCE_MONITOR', 'COMPLETED', null, null,
        null, w.size, 1, 'STANDARD', 'STANDARD_GEN_1']);
    }
  }
  await insertRows(connection, 'WAREHOUSE_EVENTS_HISTORY', [
    'TIMESTAMP', 'WAREHOUSE_ID', 'WAREHOUSE_NAME', 'CLUSTER_NUMBER', 'EVENT_NAME', 'EVENT_REASON', 'EVENT_STATE',
    'USER_NAME', 'ROLE_NAME', 'QUERY_ID', 'SIZE', 'CLUSTER_COUNT', 'WAREHOUSE_TYPE', 'RESOURCE_CONSTRAINT',
  ], rows);
}

/** WAREHOUSE_LOAD_HISTORY in 5-minute buckets for the last 28 days (or the whole period if shorter). */
export async function generateLoadHistory(connection: DuckDBConnection, period: ScenarioPeriod): Promise<void> {
  const from = new Date(Math.max(period.start.getTime(), period.end.getTime() - 28 * 24 * HOUR_MS));
  await connection.run(`
INSERT INTO snowflake.account_usage.WAREHOUSE_LOAD_HISTORY BY NAME
SELECT b AS START_TIME, b + INTERVAL 5 MINUTE AS END_TIME, any_value(WAREHOUSE_ID) AS WAREHOUSE_ID,
       WAREHOUSE_NAME, round(sum(EXECUTION_TIME) / 300000.0, 3) AS AVG_RUNNING,
       round(sum(QUEUED_OVERLOAD_TIME) / 300000.0, 3) AS AVG_QUEUED_LOAD,
       round(sum(QUEUED_PROVISIONING_TIME) / 300000.0, 3) AS AVG_QUEUED_PROVISIONING, 0 AS AVG_BLOCKED
FROM (SELECT *, time_bucket(INTERVAL 5 MINUTE, START_TIME) AS b FROM snowflake.account_usage.QUERY_HISTORY
      WHERE START_TIME >= TIMESTAMPTZ '${from.toISOString()}' AND WAREHOUSE_NAME IS NOT NULL)
GROUP BY b, WAREHOUSE_NAME`);
}
