/**
 * SHOW WAREHOUSES and SHOW RESOURCE MONITORS as Snowflake prints them: lower-case column names in Snowflake's
 * order, its string formats ('75%,90%', 'true', 'Y', the string 'null' for no monitor) and credits as
 * two-decimal numbers. Pure functions of the live account; the server turns the result into a rowset.
 */
import type { EmulatedAccount, ResourceMonitorState, WarehouseState } from './account-model.js';
import { holds, privilegesOf } from './role-privileges.js';
import { percentList } from './scenarios/percent-list.js';

export interface ShowColumn {
  readonly name: string;
  readonly type: 'text' | 'fixed' | 'real' | 'timestamp_ltz' | 'boolean';
  readonly scale?: number;
}

export interface ShowResult {
  readonly columns: readonly ShowColumn[];
  readonly rows: readonly (readonly (string | number | Date | boolean | null)[])[];
}

type Cell = string | number | Date | boolean | null;

/** A SHOW `LIKE` pattern as a case-insensitive full-match test (`%` any run, `_` one character, `\` escapes). */
export function likeMatcher(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  let source = '';
  for (let n = 0; n < pattern.length; n += 1) {
    const ch = pattern[n] ?? '';
    if (ch === '\\' && n + 1 < pattern.length) {
      n += 1;
      source += (pattern[n] ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const regex = new RegExp(`^${source}$`, 'i');
  return (name) => regex.test(name);
}

const text = (name: string): ShowColumn => ({ name, type: 'text' });
const fixed = (name: string, scale = 0): ShowColumn => ({ name, type: 'fixed', scale });
const ts = (name: string): ShowColumn => ({ name, type: 'timestamp_ltz' });

const WAREHOUSE_COLUMNS: readonly ShowColumn[] = Object.freeze([
  text('name'),
  text('state'),
  text('type'),
  text('size'),
  fixed('min_cluster_count'),
  fixed('max_cluster_count'),
  fixed('started_clusters'),
  fixed('running'),
  fixed('queued'),
  text('is_default'),
  text('is_current'),
  fixed('auto_suspend'),
  text('auto_resume'),
  text('available'),
  text('provisioning'),
  text('quiescing'),
  text('other'),
  ts('created_on'),
  ts('resumed_on'),
  ts('updated_on'),
  text('owner'),
  text('comment'),
  text('enable_query_acceleration'),
  fixed('query_acceleration_max_scale_factor'),
  text('resource_monitor'),
  fixed('actives'),
  fixed('pendings'),
  fixed('failed'),
  fixed('suspended'),
  text('uuid'),
  text('scaling_policy'),
  text('budget'),
  text('owner_role_type'),
  text('resource_constraint'),
]);

const MONITOR_COLUMNS: readonly ShowColumn[] = Object.freeze([
  text('name'),
  fixed('credit_quota', 2),
  fixed('used_credits', 2),
  fixed('remaining_credits', 2),
  text('level'),
  text('frequency'),
  text('start_time'),
  text('end_time'),
  text('notify_at'),
  text('suspend_at'),
  text('suspend_immediately_at'),
  ts('created_on'),
  text('owner'),
  text('comment'),
  text('notify_users'),
]);

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const credits = (value: number): number => Math.round(value * 100) / 100;

function warehouseRow(w: WarehouseState, currentWarehouse: string | null | undefined): Cell[] {
  const started = w.state === 'STARTED';
  const clusters = started ? Math.max(1, w.minClusterCount) : 0;
  return [
    w.name,
    w.state,
    w.type,
    w.size,
    w.minClusterCount,
    w.maxClusterCount,
    clusters,
    w.running,
    w.queued,
    'N',
    currentWarehouse !== undefined && currentWarehouse !== null && currentWarehouse.toUpperCase() === w.name ? 'Y' : 'N',
    w.autoSuspend,
    w.autoResume ? 'true' : 'false',
    started ? '100' : '',
    started ? '0' : '',
    started ? '0' : '',
    started ? '0' : '',
    w.createdOn,
    w.resumedOn,
    w.updatedOn,
    w.owner,
    w.comment,
    'false',
    8,
    w.resourceMonitor ?? 'null',
    clusters,
    0,
    0,
    started ? 0 : w.maxClusterCount,
    String(1_000_000 + w.id * 7919),
    w.scalingPolicy,
    null,
    'ROLE',
    'STANDARD_GEN_1',
  ];
}

/** `SHOW WAREHOUSES [LIKE '...']`, sorted by name: only those the session's role holds a privilege on. */
export function showWarehouses(
  account: EmulatedAccount,
  options: { readonly like?: string; readonly currentWarehouse?: string | null; readonly now: Date; readonly role?: string | null },
): ShowResult {
  const matches = likeMatcher(options.like);
  const privileges = privilegesOf(account.roles, options.role);
  const rows = [...account.warehouses.values()]
    .filter((w) => matches(w.name) && (privileges === undefined || holds(privileges.warehouses, w.name)))
    .sort(byName)
    .map((w) => warehouseRow(w, options.currentWarehouse));
  return { columns: WAREHOUSE_COLUMNS, rows };
}

/** A timestamp the way SHOW RESOURCE MONITORS prints start/end time: `2026-11-01 00:00:00.000 +0000` (UTC). */
export function formatShowTimestamp(at: Date): string {
  return `${at.toISOString().slice(0, 23).replace('T', ' ')} +0000`;
}

function monitorRow(m: ResourceMonitorState): Cell[] {
  return [
    m.name,
    m.creditQuota === null ? null : credits(m.creditQuota),
    credits(m.usedCredits),
    m.creditQuota === null ? null : credits(m.creditQuota - m.usedCredits),
    m.level,
    // A default-schedule monitor (no FREQUENCY / START_TIMESTAMP) shows as MONTHLY from its creation time,
    // though it resets on the 1st of each month (src/checks/monitor-schedule.ts reads it back).
    m.frequency ?? 'MONTHLY',
    formatShowTimestamp(m.frequency === null ? m.createdOn : m.startTime),
    m.endTime === null ? null : formatShowTimestamp(m.endTime),
    percentList(m.notifyAt),
    m.suspendAt === null ? null : percentList([m.suspendAt]),
    m.suspendImmediatelyAt === null ? null : percentList([m.suspendImmediatelyAt]),
    m.createdOn,
    m.owner,
    m.comment,
    m.notifyUsers.length === 0 ? null : m.notifyUsers.join(', '),
  ];
}

/**
 * `SHOW RESOURCE MONITORS [LIKE '...']`, sorted by name: only those the session's role holds MONITOR or
 * MODIFY on (SHOW WAREHOUSES still names an invisible monitor in its `resource_monitor` column).
 */
export function showResourceMonitors(
  account: EmulatedAccount,
  options: { readonly like?: string; readonly now: Date; readonly role?: string | null },
): ShowResult {
  const matches = likeMatcher(options.like);
  const privileges = privilegesOf(account.roles, options.role);
  const rows = [...account.monitors.values()]
    .filter((m) => matches(m.name) && (privileges === undefined || holds(privileges.resourceMonitors, m.name)))
    .sort(byName)
    .map(monitorRow);
  return { columns: MONITOR_COLUMNS, rows };
}
