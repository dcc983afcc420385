/**
 * Generates QUERY_HISTORY and QUERY_ATTRIBUTION_HISTORY in SQL from the workload templates and time slots:
 * one row per range() index, every random choice a hash of (index, seed, purpose), so a million rows take
 * seconds and the same seed gives the same rows. Metering is derived from these rows elsewhere.
 */
import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import { creditsPerHour } from '../warehouse-sizes.js';
import { insertTemp } from './temp-tables.js';
import type { TimeSlot } from './time-slots.js';
import type { WarehouseSpec } from './warehouses.js';
import type { WorkloadTemplate } from './workload-templates.js';
import { DATABASES } from './storage.js';
import type { ScheduleKind } from './workload-templates.js';

/** How many statements each template gets; fixed per-day volumes first, shares split the rest. */
export function allocateCounts(templates: readonly WorkloadTemplate[], total: number, days: number, activeKinds: ReadonlySet<ScheduleKind>): number[] {
  const fixed = templates.map((t) => (activeKinds.has(t.schedule) && 'perDay' in t.volume ? Math.round(t.volume.perDay * days) : 0));
  const fixedSum = fixed.reduce((a, b) => a + b, 0);
  const scale = fixedSum > total / 4 ? total / 4 / fixedSum : 1;
  const counts = fixed.map((n) => Math.floor(n * scale));
  const rest = total - counts.reduce((a, b) => a + b, 0);
  const shares = templates.map((t) => (activeKinds.has(t.schedule) && 'share' in t.volume ? t.volume.share : 0));
  const shareSum = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (rest * s) / shareSum);
  exact.forEach((x, n) => {
    counts[n] = (counts[n] ?? 0) + Math.floor(x);
  });
  let missing = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, n) => ({ n, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.n - b.n);
  for (const { n } of byRemainder) {
    if (missing <= 0) break;
    if ((shares[n] ?? 0) > 0) {
      counts[n] = (counts[n] ?? 0) + 1;
      missing -= 1;
    }
  }
  return counts;
}

const md5 = (text: string): string => createHash('md5').update(text).digest('hex');

/** Loads the helper tables `_scn_tpl`, `_scn_slot`, `_scn_wh` the generator joins on. */
export async function loadGeneratorInputs(
  connection: DuckDBConnection,
  templates: readonly WorkloadTemplate[],
  counts: readonly number[],
  slots: readonly TimeSlot[],
  warehouses: readonly WarehouseSpec[],
): Promise<void> {
  let first = 0;
  const tplRows = templates.flatMap((t, n) => {
    const count = counts[n] ?? 0;
    const row = [
      first,
      t.key,
      t.warehouse,
      t.users.join(','),
      t.users.length,
      t.role,
      t.database,
      t.schema,
      t.queryType,
      t.text,
      md5(t.text),
      t.param,
      t.tag,
      t.execMs[0],
      t.execMs[1],
      t.partitionsTotal,
      t.scanRatio[0],
      t.scanRatio[1],
      t.failRate,
      t.errorCode,
      t.errorMessage,
      t.queueRate,
      t.spillRate,
      t.schedule,
    ] as const;
    first += count;
    return count > 0 ? [row] : [];
  });
  await insertTemp(
    connection,
    '_scn_tpl',
    [
      'first_i BIGINT',
      'tpl_key VARCHAR',
      'warehouse VARCHAR',
      'users VARCHAR',
      'n_users INTEGER',
      'role VARCHAR',
      'db VARCHAR',
      'sch VARCHAR',
      'query_type VARCHAR',
      'text VARCHAR',
      'phash VARCHAR',
      'param VARCHAR',
      'tag VARCHAR',
      'exec_lo DOUBLE',
      'exec_hi DOUBLE',
      'partitions_total BIGINT',
      'scan_lo DOUBLE',
      'scan_hi DOUBLE',
      'fail_rate DOUBLE',
      'error_code VARCHAR',
      'error_message VARCHAR',
      'queue_rate DOUBLE',
      'spill_rate DOUBLE',
      'schedule VARCHAR',
    ],
    tplRows,
  );
  await insertTemp(
    connection,
    '_scn_slot',
    ['kind VARCHAR', 'hour_start TIMESTAMPTZ', 'cum_low DOUBLE', 'exec_factor DOUBLE'],
    slots.map((s) => [s.kind, s.hourStart, s.cumulativeLow, s.execFactor]),
  );
  await insertTemp(
    connection,
    '_scn_wh',
    ['name VARCHAR', 'id BIGINT', 'size VARCHAR', 'rate DOUBLE', 'auto_suspend BIGINT', 'resume_cap INTEGER'],
    warehouses.map((w) => [w.name, w.id, w.size, creditsPerHour(w.size), w.autoSuspend ?? 0, w.resumesPerHourCap]),
  );
}

/**
 * A uniform draw in [0, 1) for one purpose from the row's base hash h0 = hash(i × 2654435761 + seed).
 * (DuckDB's multi-argument hash() combines weakly: hash(i, s, 1) and hash(i, s, 2) correlate, so each
 * purpose re-hashes h0 XOR purpose instead.)
 */
const u = (purpose: number): string => `((hash(xor(h0, ${purpose}::UBIGINT)) >> 11)::DOUBLE / 9007199254740992.0)`;

/** Fills QUERY_HISTORY with `total` rows (needs the `_scn_*` inputs and the UTC session time zone). */
export async function generateQueryHistory(connection: DuckDBConnection, seed: number, total: number): Promise<void> {
  await connection.run(`
INSERT INTO snowflake.account_usage.QUERY_HISTORY BY NAME
WITH base AS (
  SELECT i, hash(i * 2654435761 + ${seed}) AS h0 FROM range(${total}) t(i)
), r AS (
  SELECT i, ${u(1)} AS u_slot, ${u(2)} AS u_sec, ${u(4)} AS u_fail, ${u(5)} AS u_exec,
         ${u(6)} AS u_comp, ${u(7)} AS u_queue, ${u(8)} AS u_scan, ${u(9)} AS u_spill,
         ${u(10)} AS u_rows, hash(xor(h0, 3::UBIGINT)) AS h_user, hash(xor(h0, 11::UBIGINT)) AS h_param
  FROM base
), rt AS (
  SELECT r.*, t.* FROM r ASOF JOIN _scn_tpl t ON r.i >= t.first_i
), placed AS (
  SELECT rt.*, s.hour_start + to_microseconds((rt.u_sec * 3599000000)::BIGINT) AS start_time, s.exec_factor
  FROM rt ASOF JOIN _scn_slot s ON rt.schedule = s.kind AND rt.u_slot >= s.cum_low
), shaped AS (
  SELECT p.*, p.u_fail < p.fail_rate AS failed,
         split_part(p.users, ',', (1 + p.h_user % p.n_users)::INTEGER) AS user_name,
         greatest(1, round(p.exec_lo * exp(ln(p.exec_hi / p.exec_lo) * p.u_exec) * p.exec_factor
                  * CASE WHEN p.u_fail < p.fail_rate THEN 0.3 ELSE 1 END))::BIGINT AS exec_ms,
         (40 + p.u_comp * 600)::BIGINT AS compile_ms,
         CASE WHEN p.u_queue < p.queue_rate THEN (p.u_queue / p.queue_rate * 30000)::BIGINT ELSE 0 END AS queued_ms,
         CASE WHEN p.u_comp < 0.03 THEN 1200 ELSE 0 END AS provisioning_ms,
         round(p.partitions_total * (p.scan_lo + (p.scan_hi - p.scan_lo) * p.u_scan))::BIGINT AS partitions_scanned,
         CASE p.param WHEN 'date' THEN strftime(make_timestamp(epoch_us(p.start_time)) - INTERVAL 1 DAY, '%Y-%m-%d')
                      WHEN 'int' THEN (p.h_param % 1000)::VARCHAR ELSE '' END AS param_value,
         md5(p.i::VARCHAR || '-' || ${seed}) AS id_hash
  FROM placed p
), q AS (
  SELECT s.*, w.id AS warehouse_id, w.size AS warehouse_size, w.rate,
         replace(s.text, '{p}', s.param_value) AS query_text,
         compile_ms + queued_ms + provisioning_ms + exec_ms AS total_ms
  FROM shaped s JOIN _scn_wh w ON w.name = s.warehouse
)
SELECT
  substr(id_hash, 1, 8) || '-' || substr(id_hash, 9, 4) || '-' || substr(id_hash, 13, 4) || '-0000-' || substr(id_hash, 17, 12) AS QUERY_ID,
  query_text AS QUERY_TEXT, CASE db ${DATABASES.map((d) => `WHEN '${d.name}' THEN ${d.id}`).join(' ')} ELSE 1 END AS DATABASE_ID, db AS DATABASE_NAME, (2000 + hash(db, sch) % 500)::BIGINT AS SCHEMA_ID,
  sch AS SCHEMA_NAME, query_type AS QUERY_TYPE,
  (100000000 + hash(user_name, date_trunc('day', start_time)) % 900000000)::BIGINT AS SESSION_ID,
  user_name AS USER_NAME, role AS ROLE_NAME, warehouse_id AS WAREHOUSE_ID, warehouse AS WAREHOUSE_NAME,
  warehouse_size AS WAREHOUSE_SIZE, 'STANDARD' AS WAREHOUSE_TYPE, 1 AS CLUSTER_NUMBER, tag AS QUERY_TAG,
  CASE WHEN failed THEN 'FAIL' ELSE 'SUCCESS' END AS EXECUTION_STATUS,
  CASE WHEN failed THEN error_code END AS ERROR_CODE, CASE WHEN failed THEN error_message END AS ERROR_MESSAGE,
  start_time AS START_TIME, start_time + to_milliseconds(total_ms) AS END_TIME, total_ms AS TOTAL_ELAPSED_TIME,
  CASE WHEN partitions_total = 0 AND query_type = 'COPY' THEN exec_ms * 200000 ELSE partitions_scanned * 12000000 END AS BYTES_SCANNED,
  CASE WHEN query_type = 'SELECT' THEN round(u_scan * 60, 1) ELSE 0 END AS PERCENTAGE_SCANNED_FROM_CACHE,
  CASE WHEN query_type = 'SELECT' THEN 0 ELSE exec_ms * 150000 END AS BYTES_WRITTEN,
  CASE WHEN query_type = 'SELECT' THEN (u_rows * 10000)::BIGINT * 120 ELSE 0 END AS BYTES_WRITTEN_TO_RESULT,
  0 AS BYTES_READ_FROM_RESULT,
  CASE WHEN query_type = 'SELECT' THEN (u_rows * 10000)::BIGINT ELSE 1 END AS ROWS_PRODUCED,
  CASE WHEN query_type IN ('INSERT', 'MERGE', 'CREATE_TABLE_AS_SELECT', 'COPY') AND NOT failed THEN (u_rows * 2000000)::BIGINT ELSE 0 END AS ROWS_INSERTED,
  CASE WHEN query_type = 'MERGE' AND NOT failed THEN (u_rows * 50000)::BIGINT ELSE 0 END AS ROWS_UPDATED,
  0 AS ROWS_DELETED, 0 AS ROWS_UNLOADED, 0 AS BYTES_DELETED,
  partitions_scanned AS PARTITIONS_SCANNED, partitions_total AS PARTITIONS_TOTAL,
  CASE WHEN u_spill < spill_rate * 2 THEN exec_ms * 300000 ELSE 0 END AS BYTES_SPILLED_TO_LOCAL_STORAGE,
  CASE WHEN u_spill < spill_rate THEN exec_ms * 80000 ELSE 0 END AS BYTES_SPILLED_TO_REMOTE_STORAGE,
  0 AS BYTES_SENT_OVER_THE_NETWORK, compile_ms AS COMPILATION_TIME, exec_ms AS EXECUTION_TIME,
  provisioning_ms AS QUEUED_PROVISIONING_TIME, 0 AS QUEUED_REPAIR_TIME, queued_ms AS QUEUED_OVERLOAD_TIME,
  0 AS TRANSACTION_BLOCKED_TIME, 0 AS OUTBOUND_DATA_TRANSFER_BYTES, 0 AS INBOUND_DATA_TRANSFER_BYTES,
  0 AS LIST_EXTERNAL_FILES_TIME, round(compile_ms * 0.000004, 9) AS CREDITS_USED_CLOUD_SERVICES,
  '9.38.2' AS RELEASE_VERSION, 100 AS QUERY_LOAD_PERCENT, FALSE AS IS_CLIENT_GENERATED_STATEMENT,
  0 AS QUERY_ACCELERATION_BYTES_SCANNED, 0 AS QUERY_ACCELERATION_PARTITIONS_SCANNED,
  0 AS QUERY_ACCELERATION_UPPER_LIMIT_SCALE_FACTOR, 0 AS CHILD_QUERIES_WAIT_TIME, 'ROLE' AS ROLE_TYPE,
  md5(query_text) AS QUERY_HASH, 2 AS QUERY_HASH_VERSION, phash AS QUERY_PARAMETERIZED_HASH,
  1 AS QUERY_PARAMETERIZED_HASH_VERSION, 0 AS QUERY_RETRY_TIME, 0 AS FAULT_HANDLING_TIME
FROM q`);
}

/**
 * Fills QUERY_ATTRIBUTION_HISTORY: each statement's execution time × the warehouse's credits per hour, scaled
 * down in an hour whose summed execution exceeds the hour (concurrency), so a warehouse-hour's attributed
 * credits never exceed what it metered.
 */
export async function generateQueryAttribution(connection: DuckDBConnection): Promise<void> {
  await connection.run(`
INSERT INTO snowflake.account_usage.QUERY_ATTRIBUTION_HISTORY BY NAME
SELECT q.QUERY_ID, NULL AS PARENT_QUERY_ID, q.QUERY_ID AS ROOT_QUERY_ID, q.WAREHOUSE_ID, q.WAREHOUSE_NAME,
       q.QUERY_HASH, q.QUERY_PARAMETERIZED_HASH, q.QUERY_TAG, q.USER_NAME, q.START_TIME, q.END_TIME,
       round(w.rate * q.EXECUTION_TIME / 3600000.0
             * least(1.0, 3600000.0 / sum(q.EXECUTION_TIME) OVER (PARTITION BY q.WAREHOUSE_NAME, epoch_us(q.START_TIME) // 3600000000)), 9)
         AS CREDITS_ATTRIBUTED_COMPUTE,
       0 AS CREDITS_USED_QUERY_ACCELERATION
FROM snowflake.account_usage.QUERY_HISTORY q JOIN _scn_wh w ON w.name = q.WAREHOUSE_NAME
WHERE q.WAREHOUSE_NAME IS NOT NULL`);
}
