/**
 * The scenario's warehouses: their configuration (what SHOW WAREHOUSES reports), how their history behaves
 * (resume pattern) and their live state at `now`. Specs and the builder of live state only; history rows
 * are derived from query history in derive-metering.ts.
 */
import type { WarehouseSize, WarehouseState } from '../account-model.js';

const HOUR_MS = 3_600_000;

/** The live state a warehouse is in when the scenario starts. */
export type LiveState =
  | { readonly kind: 'suspended' }
  /** Running since `sinceHours` before now, with `running` statements in flight. */
  | { readonly kind: 'started'; readonly sinceHours: number; readonly running: number }
  /** Suspended by its resource monitor `sinceHours` before now; refuses to resume until the cycle resets. */
  | { readonly kind: 'suspended-by-monitor'; readonly monitor: string; readonly sinceHours: number };

export interface WarehouseSpec {
  readonly name: string;
  readonly id: number;
  readonly size: WarehouseSize;
  /** Seconds; null = never suspends. */
  readonly autoSuspend: number | null;
  readonly autoResume: boolean;
  readonly minClusterCount: number;
  readonly maxClusterCount: number;
  readonly scalingPolicy: 'STANDARD' | 'ECONOMY';
  /** Warehouse-level monitor, or null. */
  readonly resourceMonitor: string | null;
  readonly comment: string;
  readonly createdDaysAgo: number;
  /** Most resumes one hour of history can have: 1 for steady workloads, ~30 for the thrashing loader. */
  readonly resumesPerHourCap: number;
  /** SHOW's resumed_on for a warehouse suspended now: roughly its last resume in the history. */
  readonly lastResumedHoursAgo: number;
  readonly live: LiveState;
}

/** Per-warehouse facts of the scenario, in id order. */
export const WAREHOUSE_SPECS: readonly WarehouseSpec[] = Object.freeze([
  {
    name: 'LOADING_WH',
    id: 101,
    size: 'Medium',
    autoSuspend: 60,
    autoResume: true,
    minClusterCount: 1,
    maxClusterCount: 1,
    scalingPolicy: 'STANDARD',
    resourceMonitor: 'LOADING_MONITOR',
    comment: 'Fivetran and COPY loads',
    createdDaysAgo: 400,
    resumesPerHourCap: 30,
    lastResumedHoursAgo: 1,
    live: { kind: 'suspended' },
  },
  {
    name: 'TRANSFORM_WH',
    id: 102,
    size: 'Large',
    autoSuspend: 300,
    autoResume: true,
    minClusterCount: 1,
    maxClusterCount: 1,
    scalingPolicy: 'STANDARD',
    resourceMonitor: 'TRANSFORM_WEEKLY',
    comment: 'dbt production runs',
    createdDaysAgo: 400,
    resumesPerHourCap: 1,
    lastResumedHoursAgo: 10,
    live: { kind: 'suspended' },
  },
  {
    name: 'BI_WH',
    id: 103,
    size: 'Small',
    autoSuspend: 600,
    autoResume: true,
    minClusterCount: 1,
    maxClusterCount: 3,
    scalingPolicy: 'STANDARD',
    resourceMonitor: 'BI_MONITOR',
    comment: 'Looker dashboards',
    createdDaysAgo: 380,
    resumesPerHourCap: 2,
    lastResumedHoursAgo: 3,
    live: { kind: 'suspended' },
  },
  {
    name: 'ADHOC_WH',
    id: 104,
    size: 'X-Large',
    autoSuspend: 3600,
    autoResume: true,
    minClusterCount: 1,
    maxClusterCount: 1,
    scalingPolicy: 'STANDARD',
    resourceMonitor: null,
    comment: 'analysts, ad hoc',
    createdDaysAgo: 300,
    resumesPerHourCap: 1,
    lastResumedHoursAgo: 9,
    live: { kind: 'started', sinceHours: 9, running: 1 },
  },
  {
    name: 'DEV_WH',
    id: 105,
    size: 'X-Small',
    autoSuspend: null,
    autoResume: true,
    minClusterCount: 1,
    maxClusterCount: 1,
    scalingPolicy: 'STANDARD',
    resourceMonitor: null,
    comment: 'developer sandbox',
    createdDaysAgo: 200,
    resumesPerHourCap: 1,
    lastResumedHoursAgo: 288,
    live: { kind: 'started', sinceHours: 12 * 24, running: 0 },
  },
  {
    name: 'UNUSED_WH',
    id: 106,
    size: 'Small',
    autoSuspend: 600,
    autoResume: false,
    minClusterCount: 1,
    maxClusterCount: 1,
    scalingPolicy: 'STANDARD',
    resourceMonitor: null,
    comment: 'old reporting project',
    createdDaysAgo: 500,
    resumesPerHourCap: 1,
    lastResumedHoursAgo: 864,
    live: { kind: 'suspended' },
  },
  {
    name: 'SNOWMON_WH',
    id: 107,
    size: 'X-Small',
    autoSuspend: 60,
    autoResume: true,
    minClusterCount: 1,
    maxClusterCount: 1,
    scalingPolicy: 'STANDARD',
    resourceMonitor: null,
    comment: 'snowmon checks',
    createdDaysAgo: 120,
    resumesPerHourCap: 1,
    lastResumedHoursAgo: 8,
    live: { kind: 'suspended' },
  },
  {
    name: 'DATASCIENCE_WH',
    id: 108,
    size: 'Medium',
    autoSuspend: 300,
    autoResume: true,
    minClusterCount: 1,
    maxClusterCount: 1,
    scalingPolicy: 'STANDARD',
    resourceMonitor: 'DATASCIENCE_MONITOR',
    comment: 'notebooks',
    createdDaysAgo: 150,
    resumesPerHourCap: 2,
    lastResumedHoursAgo: 24,
    live: { kind: 'suspended-by-monitor', monitor: 'DATASCIENCE_MONITOR', sinceHours: 20 },
  },
] satisfies WarehouseSpec[]);

/** The pseudo-warehouse of cloud-services-only usage in WAREHOUSE_METERING_HISTORY. */
export const CLOUD_SERVICES_ONLY = Object.freeze({ name: 'CLOUD_SERVICES_ONLY', id: 0 });

/** Builds the live warehouse objects of the account model at `now` (default: the scenario's warehouses). */
export function buildWarehouseStates(now: Date, specs: readonly WarehouseSpec[] = WAREHOUSE_SPECS): Map<string, WarehouseState> {
  const floorHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const states = new Map<string, WarehouseState>();
  for (const spec of specs) {
    const createdOn = new Date(floorHour - spec.createdDaysAgo * 24 * HOUR_MS + 37 * 60_000);
    const started = spec.live.kind === 'started';
    const resumedOn = started
      ? new Date(floorHour - spec.live.sinceHours * HOUR_MS + 4 * 60_000)
      : new Date(floorHour - spec.lastResumedHoursAgo * HOUR_MS + 2 * 60_000);
    states.set(spec.name, {
      name: spec.name,
      id: spec.id,
      size: spec.size,
      type: 'STANDARD',
      minClusterCount: spec.minClusterCount,
      maxClusterCount: spec.maxClusterCount,
      autoSuspend: spec.autoSuspend,
      autoResume: spec.autoResume,
      state: started ? 'STARTED' : 'SUSPENDED',
      resourceMonitor: spec.resourceMonitor,
      suspendedByMonitor: spec.live.kind === 'suspended-by-monitor' ? spec.live.monitor : null,
      createdOn,
      resumedOn,
      updatedOn: new Date(createdOn.getTime() + 30 * 24 * HOUR_MS),
      owner: 'SYSADMIN',
      comment: spec.comment,
      scalingPolicy: spec.scalingPolicy,
      running: spec.live.kind === 'started' ? spec.live.running : 0,
      queued: 0,
    });
  }
  return states;
}
