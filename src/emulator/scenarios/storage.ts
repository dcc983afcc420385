/**
 * Storage history: TABLES and TABLE_STORAGE_METRICS for the scenario's tables, and per-day
 * DATABASE_STORAGE_USAGE_HISTORY and STORAGE_USAGE whose latest day equals the tables' sums and which grow
 * back in time at each database's rate. ANALYTICS carries the big time-travel / fail-safe share (dbt churn).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { insertRows, type SqlValue } from './insert-rows.js';
import type { SeededRandom } from './random.js';
import { DAY_MS } from './time-slots.js';

const GB = 1024 ** 3;

interface DatabaseSpec {
  readonly name: string;
  readonly id: number;
  /** Daily growth rate of its bytes. */
  readonly growth: number;
  readonly droppedDaysAgo?: number;
}

export const DATABASES: readonly DatabaseSpec[] = Object.freeze([
  { name: 'RAW', id: 11, growth: 0.012 },
  { name: 'ANALYTICS', id: 12, growth: 0.02 },
  { name: 'SANDBOX', id: 13, growth: 0.001 },
  { name: 'LEGACY_DW', id: 14, growth: 0, droppedDaysAgo: 20 },
]);

interface TableSpec {
  readonly path: string; // DB.SCHEMA.TABLE
  readonly transient: boolean;
  readonly retention: number;
  readonly activeGb: number;
  /** time-travel and fail-safe bytes as multiples of active bytes. */
  readonly timeTravel: number;
  readonly failsafe: number;
  readonly rows: number;
  readonly droppedDaysAgo?: number;
  readonly clustering?: string;
}

const TABLES: readonly TableSpec[] = Object.freeze([
  {
    path: 'RAW.EVENTS.PAGE_VIEWS',
    transient: false,
    retention: 1,
    activeGb: 12_000,
    timeTravel: 0.01,
    failsafe: 0.05,
    rows: 41_000_000_000,
    clustering: 'LINEAR(received_at)',
  },
  { path: 'RAW.SHOP.ORDERS', transient: false, retention: 1, activeGb: 600, timeTravel: 0.02, failsafe: 0.08, rows: 900_000_000 },
  { path: 'RAW.SHOP.CUSTOMERS', transient: false, retention: 1, activeGb: 40, timeTravel: 0.02, failsafe: 0.1, rows: 12_000_000 },
  { path: 'ANALYTICS.MARTS.FCT_ORDERS', transient: false, retention: 30, activeGb: 800, timeTravel: 1.8, failsafe: 1.5, rows: 880_000_000 },
  { path: 'ANALYTICS.MARTS.FCT_EVENTS', transient: false, retention: 7, activeGb: 5_000, timeTravel: 0.15, failsafe: 0.2, rows: 40_000_000_000 },
  { path: 'ANALYTICS.MARTS.DIM_CUSTOMERS', transient: true, retention: 0, activeGb: 35, timeTravel: 0, failsafe: 0, rows: 12_000_000 },
  { path: 'ANALYTICS.STAGING.STG_ORDERS', transient: false, retention: 1, activeGb: 300, timeTravel: 1, failsafe: 6.5, rows: 900_000_000 },
  { path: 'ANALYTICS.STAGING.STG_CUSTOMERS', transient: true, retention: 1, activeGb: 30, timeTravel: 1, failsafe: 0, rows: 12_000_000 },
  { path: 'ANALYTICS.FINANCE.REVENUE_DAILY', transient: false, retention: 90, activeGb: 2, timeTravel: 85, failsafe: 7, rows: 4_000 },
  { path: 'ANALYTICS.ML.FEATURES_2024', transient: false, retention: 1, activeGb: 120, timeTravel: 0.1, failsafe: 0.5, rows: 12_000_000 },
  { path: 'ANALYTICS.MARTS.FCT_ORDERS_BACKUP', transient: false, retention: 1, activeGb: 0, timeTravel: 0, failsafe: 0, rows: 0, droppedDaysAgo: 3 },
  { path: 'SANDBOX.PUBLIC.SCRATCH_1', transient: true, retention: 0, activeGb: 4, timeTravel: 0, failsafe: 0, rows: 1_000_000 },
  { path: 'SANDBOX.PUBLIC.SCRATCH_2', transient: true, retention: 0, activeGb: 9, timeTravel: 0, failsafe: 0, rows: 3_000_000 },
  { path: 'SANDBOX.PUBLIC.COPY_OF_ORDERS', transient: false, retention: 1, activeGb: 580, timeTravel: 0.01, failsafe: 0.05, rows: 850_000_000 },
  { path: 'LEGACY_DW.REPORTS.MONTHLY', transient: false, retention: 1, activeGb: 0, timeTravel: 0, failsafe: 0, rows: 0, droppedDaysAgo: 20 },
]);

export async function generateStorage(connection: DuckDBConnection, random: SeededRandom, now: Date, days: number): Promise<void> {
  const t = now.getTime();
  const ago = (d: number): Date => new Date(t - d * DAY_MS);
  const tableRows: SqlValue[][] = [];
  const metricRows: SqlValue[][] = [];
  const latest = new Map<string, { bytes: number; failsafe: number }>();
  TABLES.forEach((spec, n) => {
    const [db = '', schema = '', name = ''] = spec.path.split('.');
    const jitter = random.between(0.95, 1.05);
    const active = Math.round(spec.activeGb * GB * jitter);
    const dropped = spec.droppedDaysAgo === undefined ? null : ago(spec.droppedDaysAgo);
    // a table dropped within the last 7 + retention days is still billed in fail-safe
    const droppedFailsafe = dropped !== null && (spec.droppedDaysAgo ?? 99) <= 7 ? Math.round(450 * GB * jitter) : 0;
    const timeTravel = Math.round(active * spec.timeTravel);
    const failsafe = spec.transient ? 0 : Math.round(active * spec.failsafe) + droppedFailsafe;
    const id = 50_400 + n;
    const createdAt = ago(300 - n * 7);
    const schemaId = 2000 + ((db.length * 31 + schema.length) % 500);
    const dbId = DATABASES.find((d) => d.name === db)?.id ?? 0;
    tableRows.push([
      id,
      name,
      schemaId,
      schema,
      dbId,
      db,
      'TRANSFORMER',
      'BASE TABLE',
      spec.transient ? 'YES' : 'NO',
      spec.clustering ?? null,
      spec.rows,
      active,
      spec.retention,
      spec.clustering === undefined ? 'NO' : 'YES',
      createdAt,
      ago(random.between(0, 2)),
      createdAt,
      dropped,
      '',
      'ROLE',
    ]);
    metricRows.push([
      id,
      name,
      schemaId,
      schema,
      dbId,
      db,
      id,
      spec.transient ? 'YES' : 'NO',
      active,
      timeTravel,
      failsafe,
      0,
      dropped !== null,
      createdAt,
      dropped,
      dropped,
      ago(400),
      null,
      ago(400),
      null,
      '',
      null,
    ]);
    const sum = latest.get(db) ?? { bytes: 0, failsafe: 0 };
    latest.set(db, { bytes: sum.bytes + active + timeTravel, failsafe: sum.failsafe + failsafe });
  });
  await insertRows(
    connection,
    'TABLES',
    [
      'TABLE_ID',
      'TABLE_NAME',
      'TABLE_SCHEMA_ID',
      'TABLE_SCHEMA',
      'TABLE_CATALOG_ID',
      'TABLE_CATALOG',
      'TABLE_OWNER',
      'TABLE_TYPE',
      'IS_TRANSIENT',
      'CLUSTERING_KEY',
      'ROW_COUNT',
      'BYTES',
      'RETENTION_TIME',
      'AUTO_CLUSTERING_ON',
      'CREATED',
      'LAST_ALTERED',
      'LAST_DDL',
      'DELETED',
      'COMMENT',
      'OWNER_ROLE_TYPE',
    ],
    tableRows,
  );
  await insertRows(
    connection,
    'TABLE_STORAGE_METRICS',
    [
      'ID',
      'TABLE_NAME',
      'TABLE_SCHEMA_ID',
      'TABLE_SCHEMA',
      'TABLE_CATALOG_ID',
      'TABLE_CATALOG',
      'CLONE_GROUP_ID',
      'IS_TRANSIENT',
      'ACTIVE_BYTES',
      'TIME_TRAVEL_BYTES',
      'FAILSAFE_BYTES',
      'RETAINED_FOR_CLONE_BYTES',
      'DELETED',
      'TABLE_CREATED',
      'TABLE_DROPPED',
      'TABLE_ENTERED_FAILSAFE',
      'CATALOG_CREATED',
      'CATALOG_DROPPED',
      'SCHEMA_CREATED',
      'SCHEMA_DROPPED',
      'COMMENT',
      'INSTANCE_ID',
    ],
    metricRows,
  );

  const today = Math.floor(t / DAY_MS) * DAY_MS;
  const dbRows: SqlValue[][] = [];
  const accountRows: SqlValue[][] = [];
  for (let d = days; d >= 1; d -= 1) {
    const date = new Date(today - d * DAY_MS).toISOString().slice(0, 10);
    let storage = 0;
    let failsafeTotal = 0;
    for (const db of DATABASES) {
      const droppedAt = db.droppedDaysAgo === undefined ? null : ago(db.droppedDaysAgo);
      // before its drop, the legacy database held a steady 1.5 TB; afterwards 7 days of fail-safe
      let bytes: number;
      let failsafe: number;
      if (db.droppedDaysAgo !== undefined) {
        if (d > db.droppedDaysAgo) {
          bytes = 1_500 * GB;
          failsafe = 40 * GB;
        } else if (d > db.droppedDaysAgo - 7) {
          bytes = 0;
          failsafe = 1_540 * GB;
        } else continue;
      } else {
        const end = latest.get(db.name) ?? { bytes: 0, failsafe: 0 };
        const factor = Math.pow(1 + db.growth, -(d - 1)) * random.between(0.995, 1.005);
        bytes = Math.round(end.bytes * factor);
        failsafe = Math.round(end.failsafe * factor);
      }
      storage += bytes;
      failsafeTotal += failsafe;
      dbRows.push([date, db.id, db.name, droppedAt, bytes, failsafe, 0, 0, 0]);
    }
    accountRows.push([date, storage, Math.round((300 + (days - d) * 2) * GB), failsafeTotal, 0, 0, 0]);
  }
  await insertRows(
    connection,
    'DATABASE_STORAGE_USAGE_HISTORY',
    [
      'USAGE_DATE',
      'DATABASE_ID',
      'DATABASE_NAME',
      'DELETED',
      'AVERAGE_DATABASE_BYTES',
      'AVERAGE_FAILSAFE_BYTES',
      'AVERAGE_HYBRID_TABLE_STORAGE_BYTES',
      'AVERAGE_ARCHIVE_STORAGE_COOL_BYTES',
      'AVERAGE_ARCHIVE_STORAGE_COLD_BYTES',
    ],
    dbRows,
  );
  await insertRows(
    connection,
    'STORAGE_USAGE',
    ['USAGE_DATE', 'STORAGE_BYTES', 'STAGE_BYTES', 'FAILSAFE_BYTES', 'HYBRID_TABLE_STORAGE_BYTES', 'ARCHIVE_STORAGE_COOL_BYTES', 'ARCHIVE_STORAGE_COLD_BYTES'],
    accountRows,
  );
}
