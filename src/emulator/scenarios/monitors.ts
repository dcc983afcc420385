/**
 * The scenario's resource monitors: each with the fill level it should be at `now`. Its used_credits are
 * summed from the generated WAREHOUSE_METERING_HISTORY of the warehouses it covers since its cycle start,
 * and its quota is set so used/quota lands on the target. Builds the live monitors and the RESOURCE_MONITORS
 * view rows; not the billing that moves them afterwards.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ResourceMonitorState } from '../account-model.js';
import { insertRows } from './insert-rows.js';
import { cycleStart } from './monitor-cycle.js';
import { percentList } from './percent-list.js';
import { DAY_MS, type ScenarioPeriod } from './time-slots.js';
import type { WarehouseSpec } from './warehouses.js';

export interface MonitorSpec {
  readonly name: string;
  readonly level: ResourceMonitorState['level'];
  readonly frequency: ResourceMonitorState['frequency'];
  /** Start time from the period: the anchor of the cycles (the creation time for the default schedule). */
  readonly start: (period: ScenarioPeriod, today: number) => Date;
  /** used / quota to aim at; null = no quota. */
  readonly targetFill: number | null;
  /** Used only when the monitor covers nothing (level null). */
  readonly fixedQuota?: number;
  readonly notifyAt: readonly number[];
  readonly suspendAt: number | null;
  readonly suspendImmediatelyAt: number | null;
  readonly comment: string;
  readonly notifyUsers: readonly string[];
}

export const januaryLastYear = (_p: ScenarioPeriod, today: number): Date => new Date(Date.UTC(new Date(today).getUTCFullYear() - 1, 0, 1));

export const MONITOR_SPECS: readonly MonitorSpec[] = Object.freeze([
  {
    name: 'ACCOUNT_MONTHLY',
    level: 'ACCOUNT',
    frequency: 'MONTHLY',
    start: januaryLastYear,
    targetFill: 0.82,
    notifyAt: [75, 90],
    suspendAt: 100,
    suspendImmediatelyAt: 110,
    comment: 'account budget',
    notifyUsers: [],
  },
  {
    name: 'TRANSFORM_WEEKLY',
    level: 'WAREHOUSE',
    frequency: 'WEEKLY',
    start: (_p, today) => new Date(today - 6 * DAY_MS - 20 * 7 * DAY_MS),
    targetFill: 0.93,
    notifyAt: [50, 75, 90],
    suspendAt: 100,
    suspendImmediatelyAt: null,
    comment: 'dbt weekly budget',
    notifyUsers: ['BOB_ADMIN'],
  },
  {
    name: 'DATASCIENCE_MONITOR',
    level: 'WAREHOUSE',
    frequency: 'MONTHLY',
    start: (_p, today) => new Date(today - 10 * DAY_MS),
    targetFill: 1.04,
    notifyAt: [80],
    suspendAt: 100,
    suspendImmediatelyAt: null,
    comment: 'notebooks budget',
    notifyUsers: ['DAVE'],
  },
  {
    name: 'BI_MONITOR',
    level: 'WAREHOUSE',
    frequency: null,
    start: januaryLastYear,
    targetFill: null,
    notifyAt: [],
    suspendAt: null,
    suspendImmediatelyAt: null,
    comment: 'tracks BI spend, no quota',
    notifyUsers: [],
  },
  {
    // The default schedule, created mid-month: SHOW says MONTHLY from its creation, yet it resets on the 1st.
    name: 'LOADING_MONITOR',
    level: 'WAREHOUSE',
    frequency: null,
    start: (_p, today) => new Date(today - 47 * DAY_MS + 14 * 3_600_000 + 23 * 60_000 + 5_120),
    targetFill: 0.85,
    notifyAt: [50, 80, 95],
    suspendAt: null,
    suspendImmediatelyAt: null,
    comment: 'notify only',
    notifyUsers: [],
  },
  {
    name: 'OLD_MONITOR',
    level: null,
    frequency: 'MONTHLY',
    start: januaryLastYear,
    targetFill: null,
    fixedQuota: 200,
    notifyAt: [90],
    suspendAt: 100,
    suspendImmediatelyAt: null,
    comment: 'assigned to nothing',
    notifyUsers: [],
  },
] satisfies MonitorSpec[]);

/** The warehouses a monitor covers: all for ACCOUNT, its own for WAREHOUSE, none for null. */
export function coveredWarehouses(
  monitor: Pick<ResourceMonitorState, 'name' | 'level'>,
  warehouses: readonly Pick<WarehouseSpec, 'name' | 'resourceMonitor'>[],
): string[] {
  if (monitor.level === 'ACCOUNT') return warehouses.map((w) => w.name);
  if (monitor.level === 'WAREHOUSE') return warehouses.filter((w) => w.resourceMonitor === monitor.name).map((w) => w.name);
  return [];
}

/** Sums each monitor's (default: the scenario's) cycle usage from the metering table and builds the live monitors. */
export async function buildMonitors(
  connection: DuckDBConnection,
  warehouses: readonly WarehouseSpec[],
  period: ScenarioPeriod,
  now: Date,
  specs: readonly MonitorSpec[] = MONITOR_SPECS,
): Promise<Map<string, ResourceMonitorState>> {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const monitors = new Map<string, ResourceMonitorState>();
  for (const spec of specs) {
    const startTime = spec.start(period, today);
    const from = cycleStart(spec.frequency, startTime, now);
    const covered = coveredWarehouses(spec, warehouses);
    let used = 0;
    if (covered.length > 0) {
      const reader = await connection.runAndReadAll(`
SELECT coalesce(sum(CREDITS_USED), 0)::DOUBLE AS used FROM snowflake.account_usage.WAREHOUSE_METERING_HISTORY
WHERE START_TIME >= TIMESTAMPTZ '${from.toISOString()}' AND WAREHOUSE_ID > 0
  AND WAREHOUSE_NAME IN (${covered.map((n) => `'${n}'`).join(', ')})`);
      used = Number(reader.getRowObjectsJS()[0]?.['used'] ?? 0);
    }
    used = Math.round(used * 100) / 100;
    const quota = spec.targetFill === null ? (spec.fixedQuota ?? null) : Math.max(10, Math.round(used / spec.targetFill));
    monitors.set(spec.name, {
      name: spec.name,
      creditQuota: quota,
      usedCredits: used,
      level: spec.level,
      frequency: spec.frequency,
      startTime,
      endTime: null,
      notifyAt: [...spec.notifyAt],
      suspendAt: spec.suspendAt,
      suspendImmediatelyAt: spec.suspendImmediatelyAt,
      // A default-schedule monitor starts when it is created; a custom one was created before its start.
      createdOn: spec.frequency === null ? startTime : new Date(Math.min(startTime.getTime(), today - 90 * DAY_MS) + 11 * 60_000),
      owner: 'ACCOUNTADMIN',
      comment: spec.comment,
      notifyUsers: [...spec.notifyUsers],
    });
  }
  return monitors;
}

/** Fills the RESOURCE_MONITORS view table from the live monitors (a snapshot at seed time). */
export async function insertResourceMonitorsView(
  connection: DuckDBConnection,
  monitors: ReadonlyMap<string, ResourceMonitorState>,
  warehouses: readonly WarehouseSpec[],
): Promise<void> {
  const rows = [...monitors.values()].map((m) => [
    m.name,
    m.createdOn,
    m.creditQuota,
    m.usedCredits,
    m.creditQuota === null ? null : Math.round((m.creditQuota - m.usedCredits) * 100) / 100,
    m.owner,
    m.level === 'WAREHOUSE' ? coveredWarehouses(m, warehouses).join(',') : null,
    percentList(m.notifyAt),
    percentList(m.suspendAt === null ? [] : [m.suspendAt]),
    percentList(m.suspendImmediatelyAt === null ? [] : [m.suspendImmediatelyAt]),
    m.level,
  ]);
  await insertRows(
    connection,
    'RESOURCE_MONITORS',
    ['NAME', 'CREATED', 'CREDIT_QUOTA', 'USED_CREDITS', 'REMAINING_CREDITS', 'OWNER', 'WAREHOUSES', 'NOTIFY', 'SUSPEND', 'SUSPEND_IMMEDIATE', 'LEVEL'],
    rows,
  );
}
