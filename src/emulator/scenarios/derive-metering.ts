/**
 * Derives the warehouse-side history from the generated query history, so the two agree: an hourly
 * warehouse model (busy seconds, resumes, billed seconds) → WAREHOUSE_METERING_HISTORY, METERING_HISTORY,
 * METERING_DAILY_HISTORY, WAREHOUSE_EVENTS_HISTORY and WAREHOUSE_LOAD_HISTORY. Model (per warehouse-hour):
 * busy = min(3600, Σ execution s); resumes = min(statements, resume cap), 0 when a steady warehouse was
 * already up the hour before; up = min(3600, max(60 × resumes, busy + max(resumes, 1) × auto_suspend));
 * hours a warehouse was held up (never-suspending, runaway) are billed whole. A multi-cluster warehouse
 * scales out once per run in an hour whose statements queued: one more cluster for SCALE_OUT_S seconds.
 * Credits = (up + scale-outs × SCALE_OUT_S) × size rate.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SqlValue } from './insert-rows.js';
import { insertTemp } from './temp-tables.js';
import { HOUR_MS, type ScenarioPeriod } from './time-slots.js';
import { CLOUD_SERVICES_ONLY, type WarehouseSpec } from './warehouses.js';

/** How long the extra cluster of a scale-out runs (STANDARD policy: shut down after a few idle checks). */
const SCALE_OUT_S = 120;
/** A scale-out starts 30-89 s into a run and must end before the run does, so runs shorter than this never scale. */
const SCALE_OUT_MIN_RUN_S = 240;

/** Builds `_scn_wh_hours`, the hourly model every warehouse history table is derived from. */
export async function buildWarehouseHours(connection: DuckDBConnection, warehouses: readonly WarehouseSpec[], period: ScenarioPeriod): Promise<void> {
  const forced: SqlValue[][] = [];
  for (const w of warehouses) {
    if (w.live.kind !== 'started') continue;
    const from = Math.max(period.start.getTime(), period.end.getTime() - w.live.sinceHours * HOUR_MS);
    for (let t = from; t < period.end.getTime(); t += HOUR_MS) forced.push([w.name, new Date(t)]);
  }
  await insertTemp(connection, '_scn_forced', ['name VARCHAR', 'h TIMESTAMPTZ'], forced);
  await insertTemp(
    connection,
    '_scn_wh_clusters',
    ['name VARCHAR', 'min_c INTEGER', 'max_c INTEGER'],
    warehouses.map((w) => [w.name, w.minClusterCount, w.maxClusterCount]),
  );
  await connection.run(`
CREATE OR REPLACE TEMP TABLE _scn_wh_hours AS
WITH q AS (
  SELECT WAREHOUSE_NAME AS wh, date_trunc('hour', START_TIME) AS h, count(*) AS n,
         sum(EXECUTION_TIME) AS exec_ms, sum(CREDITS_USED_CLOUD_SERVICES) AS cs,
         sum(QUEUED_OVERLOAD_TIME) AS queued_ms
  FROM snowflake.account_usage.QUERY_HISTORY WHERE WAREHOUSE_NAME IS NOT NULL GROUP BY ALL
), grid AS (
  SELECT coalesce(q.wh, f.name) AS wh, coalesce(q.h, f.h) AS h, coalesce(q.n, 0) AS n,
         coalesce(q.exec_ms, 0) AS exec_ms, coalesce(q.cs, 0) AS cs, coalesce(q.queued_ms, 0) AS queued_ms,
         f.name IS NOT NULL AS held_up
  FROM q FULL JOIN _scn_forced f ON q.wh = f.name AND q.h = f.h
), prev AS (
  SELECT g.*, lag(g.h) OVER (PARTITION BY g.wh ORDER BY g.h) AS prev_h FROM grid g
), modelled AS (
  SELECT p.wh, p.h, p.n, p.cs, p.held_up, p.queued_ms, w.id, w.size, w.rate, w.auto_suspend, c.min_c, c.max_c,
         least(3600.0, p.exec_ms / 1000.0) AS busy_s,
         CASE WHEN p.held_up THEN 0
              WHEN w.resume_cap <= 1 AND p.prev_h = p.h - INTERVAL 1 HOUR THEN 0
              ELSE least(p.n, w.resume_cap) END AS resumes
  FROM prev p JOIN _scn_wh w ON w.name = p.wh JOIN _scn_wh_clusters c ON c.name = p.wh
)
SELECT m.*,
       CASE WHEN m.held_up THEN 3600.0
            ELSE least(3600.0, greatest(60.0 * m.resumes,
                 m.busy_s + greatest(m.resumes, 1) * CASE WHEN m.auto_suspend = 0 THEN 3600 ELSE m.auto_suspend END))
       END AS up_s,
       -- Each run of the hour is at least min(3600 / resumes - 25, auto_suspend) long (see the events' up_s).
       CASE WHEN m.max_c > m.min_c AND m.queued_ms > 0 AND m.resumes > 0
                 AND least(3600.0 / m.resumes - 25, CASE WHEN m.auto_suspend = 0 THEN 3600 ELSE m.auto_suspend END) >= ${SCALE_OUT_MIN_RUN_S}
            THEN m.resumes ELSE 0 END AS scale_outs
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
       round(rate * (up_s + scale_outs * ${SCALE_OUT_S}) / 3600, 9) + round(cs, 9) AS CREDITS_USED,
       round(rate * (up_s + scale_outs * ${SCALE_OUT_S}) / 3600, 9) AS CREDITS_USED_COMPUTE,
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

/**
 * WAREHOUSE_EVENTS_HISTORY as logged since behaviour change 2024_04 (bcr-1616): each modelled run is a
 * resume, an optional scale-out/scale-in and a suspend, plus the live states' own resume or monitor suspend.
 * A warehouse resume or suspend is one RESUME_/SUSPEND_WAREHOUSE row (STARTED, never COMPLETED, CLUSTER_NUMBER
 * NULL), a RESUME_/SUSPEND_CLUSTER row per running cluster (COMPLETED) and a WAREHOUSE_CONSISTENT row; a
 * scale-out is SPINUP_CLUSTER + RESUME_CLUSTER (STARTED, MULTICLUSTER_SPINUP) on the added cluster, a scale-in
 * SUSPEND_CLUSTER (MULTICLUSTER_SPINDOWN), each followed by WAREHOUSE_CONSISTENT. Only WAREHOUSE_CONSISTENT
 * carries SIZE, CLUSTER_COUNT, WAREHOUSE_TYPE and RESOURCE_CONSTRAINT (NULL elsewhere) and has a NULL reason.
 */
export async function generateWarehouseEvents(
  connection: DuckDBConnection,
  seed: number,
  warehouses: readonly WarehouseSpec[],
  period: ScenarioPeriod,
): Promise<void> {
  const live: SqlValue[][] = [];
  for (const w of warehouses) {
    if (w.live.kind === 'started') {
      const at = new Date(Math.max(period.start.getTime(), period.end.getTime() - w.live.sinceHours * HOUR_MS) + 4 * 60_000);
      const manual = w.autoSuspend === null;
      live.push([
        at,
        w.name,
        w.id,
        w.size,
        w.minClusterCount,
        'resume',
        manual ? 'WAREHOUSE_RESUME' : 'WAREHOUSE_AUTORESUME',
        manual ? 'FRANK' : null,
        manual ? 'DEV_ROLE' : null,
      ]);
    } else if (w.live.kind === 'suspended-by-monitor') {
      const at = new Date(period.end.getTime() - w.live.sinceHours * HOUR_MS);
      live.push([at, w.name, w.id, w.size, w.minClusterCount, 'suspend', 'RESOURCE_MONITOR_SUSPEND', null, null]);
    }
  }
  // One row per warehouse state change: resume, suspend, scale_out, scale_in.
  await insertTemp(
    connection,
    '_scn_transitions',
    [
      'event_at TIMESTAMPTZ',
      'wh VARCHAR',
      'id BIGINT',
      'size VARCHAR',
      'min_c INTEGER',
      'kind VARCHAR',
      'reason VARCHAR',
      'user_name VARCHAR',
      'role_name VARCHAR',
    ],
    live,
  );
  await connection.run(`
INSERT INTO _scn_transitions
WITH e AS (
  SELECT wh, id, size, min_c, h, resumes, scale_outs, busy_s, auto_suspend, unnest(range(resumes)) AS k
  FROM _scn_wh_hours WHERE resumes > 0
), t AS (
  SELECT *, h + to_milliseconds((k * 3600000 / resumes + hash(wh, h, k, ${seed}) % 20000)::BIGINT) AS resumed_at,
         least(3600.0 / resumes - 25, greatest(60.0, busy_s / resumes + CASE WHEN auto_suspend = 0 THEN 3600 ELSE auto_suspend END)) AS up_s,
         to_milliseconds((30000 + hash(wh, h, k, ${seed}, 'scale') % 60000)::BIGINT) AS scale_after
  FROM e
)
SELECT resumed_at, wh, id, size, min_c, 'resume', 'WAREHOUSE_AUTORESUME', NULL, NULL FROM t
UNION ALL
SELECT resumed_at + to_milliseconds((up_s * 1000)::BIGINT), wh, id, size, min_c, 'suspend', 'WAREHOUSE_AUTOSUSPEND', NULL, NULL FROM t
UNION ALL
SELECT resumed_at + scale_after, wh, id, size, min_c, 'scale_out', 'MULTICLUSTER_SPINUP', NULL, NULL FROM t WHERE scale_outs > 0
UNION ALL
SELECT resumed_at + scale_after + INTERVAL ${SCALE_OUT_S} SECOND, wh, id, size, min_c, 'scale_in', 'MULTICLUSTER_SPINDOWN', NULL, NULL
FROM t WHERE scale_outs > 0`);
  await connection.run(`
INSERT INTO snowflake.account_usage.WAREHOUSE_EVENTS_HISTORY BY NAME
WITH warehouse_level AS (
  SELECT event_at AS TIMESTAMP, id AS WAREHOUSE_ID, wh AS WAREHOUSE_NAME, NULL::INTEGER AS CLUSTER_NUMBER,
         CASE kind WHEN 'resume' THEN 'RESUME_WAREHOUSE' ELSE 'SUSPEND_WAREHOUSE' END AS EVENT_NAME,
         reason AS EVENT_REASON, 'STARTED' AS EVENT_STATE, user_name AS USER_NAME, role_name AS ROLE_NAME
  FROM _scn_transitions WHERE kind IN ('resume', 'suspend')
), per_cluster AS (
  SELECT event_at + INTERVAL 1 SECOND AS TIMESTAMP, id AS WAREHOUSE_ID, wh AS WAREHOUSE_NAME,
         unnest(range(1, min_c + 1))::INTEGER AS CLUSTER_NUMBER,
         CASE kind WHEN 'resume' THEN 'RESUME_CLUSTER' ELSE 'SUSPEND_CLUSTER' END AS EVENT_NAME,
         reason AS EVENT_REASON, 'COMPLETED' AS EVENT_STATE
  FROM _scn_transitions WHERE kind IN ('resume', 'suspend')
), scaling AS (
  SELECT event_at AS TIMESTAMP, id AS WAREHOUSE_ID, wh AS WAREHOUSE_NAME, min_c + 1 AS CLUSTER_NUMBER,
         'SPINUP_CLUSTER' AS EVENT_NAME, reason AS EVENT_REASON, 'STARTED' AS EVENT_STATE
  FROM _scn_transitions WHERE kind = 'scale_out'
  UNION ALL
  SELECT event_at + INTERVAL 40 MILLISECOND, id, wh, min_c + 1, 'RESUME_CLUSTER', reason, 'STARTED'
  FROM _scn_transitions WHERE kind = 'scale_out'
  UNION ALL
  SELECT event_at, id, wh, min_c + 1, 'SUSPEND_CLUSTER', reason, 'STARTED' FROM _scn_transitions WHERE kind = 'scale_in'
), consistent AS (
  SELECT event_at + CASE kind WHEN 'scale_out' THEN INTERVAL 40 MILLISECOND ELSE INTERVAL 1 SECOND END AS TIMESTAMP,
         id AS WAREHOUSE_ID, wh AS WAREHOUSE_NAME, 'WAREHOUSE_CONSISTENT' AS EVENT_NAME, 'COMPLETED' AS EVENT_STATE,
         upper(replace(size, '-', '')) AS SIZE,
         CASE kind WHEN 'suspend' THEN 0 WHEN 'scale_out' THEN min_c + 1 ELSE min_c END AS CLUSTER_COUNT,
         'STANDARD' AS WAREHOUSE_TYPE, 'STANDARD_GEN_1' AS RESOURCE_CONSTRAINT
  FROM _scn_transitions
)
SELECT * FROM warehouse_level
UNION ALL BY NAME SELECT * FROM per_cluster
UNION ALL BY NAME SELECT * FROM scaling
UNION ALL BY NAME SELECT * FROM consistent`);
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
