/**
 * The shape of a fleet account other than the first: which warehouses it has (names, sizes, auto_suspend,
 * clusters), its resource monitors (frequencies, quotas through their fill, triggers) and the workloads on
 * its warehouses, all drawn from the account's seed so a fleet of emulated accounts looks like a fleet and
 * an account is the same wherever it is served. The default shape is the scenario's own (seed-scenario.ts);
 * this only chooses specs, the seed turns them into history.
 *
 * What a varied account keeps: LOADING_WH, TRANSFORM_WH, BI_WH and SNOWMON_WH (snowmon's own, exactly as in
 * the default shape: X-Small, 60 s), ACCOUNT_MONTHLY, LOADING_MONITOR and BI_MONITOR. ADHOC_WH (runaway),
 * DEV_WH (never suspends), UNUSED_WH and DATASCIENCE_WH (with its monitor, suspended) are each there or not;
 * zero to three more warehouses from a pool run office or ad hoc work, some under their own monitor.
 * Sizes and monitor frequencies are Snowflake's (X-Small … 2X-Large here; MONTHLY, WEEKLY, DAILY or the
 * default schedule).
 */
import type { WarehouseSize } from '../account-model.js';
import { WAREHOUSE_SIZES } from '../warehouse-sizes.js';
import { januaryLastYear, MONITOR_SPECS, type MonitorSpec } from './monitors.js';
import { SeededRandom } from './random.js';
import { DAY_MS } from './time-slots.js';
import { WAREHOUSE_SPECS, type WarehouseSpec } from './warehouses.js';
import { WORKLOAD_TEMPLATES, type WorkloadTemplate } from './workload-templates.js';

export interface ScenarioShape {
  readonly warehouses: readonly WarehouseSpec[];
  readonly monitors: readonly MonitorSpec[];
  readonly templates: readonly WorkloadTemplate[];
}

/** The scenario as documented in seed-scenario.ts: the single and the first account's shape. */
export const DEFAULT_SHAPE: ScenarioShape = Object.freeze({ warehouses: WAREHOUSE_SPECS, monitors: MONITOR_SPECS, templates: WORKLOAD_TEMPLATES });

/** Chance each optional warehouse of the default shape is in a varied account. */
const OPTIONAL: Readonly<Record<string, number>> = { ADHOC_WH: 0.7, DEV_WH: 0.6, UNUSED_WH: 0.5, DATASCIENCE_WH: 0.6 };

/** Warehouses a varied account may add, with the template their work is cloned from. */
const EXTRA_POOL = [
  { name: 'MARKETING_WH', comment: 'marketing dashboards', donor: 'looker_customers' },
  { name: 'FINANCE_WH', comment: 'finance reporting', donor: 'looker_revenue' },
  { name: 'ML_WH', comment: 'model training', donor: 'adhoc_explore' },
  { name: 'REPORTING_WH', comment: 'scheduled reports', donor: 'looker_revenue' },
  { name: 'SANDBOX_WH', comment: 'analyst sandbox', donor: 'adhoc_explore' },
  { name: 'PARTNER_WH', comment: 'partner data share', donor: 'looker_customers' },
] as const;

/** A size `step` sizes from `size`, kept within [lo, hi]. */
function shiftSize(size: WarehouseSize, step: number, lo: WarehouseSize, hi: WarehouseSize): WarehouseSize {
  const index = WAREHOUSE_SIZES.indexOf(size) + step;
  const clamped = Math.min(WAREHOUSE_SIZES.indexOf(hi), Math.max(WAREHOUSE_SIZES.indexOf(lo), index));
  return WAREHOUSE_SIZES[clamped] ?? size;
}

/** The default shape's warehouse `spec`, resized and retuned for a varied account (SNOWMON_WH unchanged). */
function varyWarehouse(spec: WarehouseSpec, random: SeededRandom): WarehouseSpec {
  const step = random.int(-1, 1);
  switch (spec.name) {
    case 'LOADING_WH':
      return { ...spec, size: shiftSize(spec.size, step, 'X-Small', 'Large'), autoSuspend: random.pick([60, 60, 120, 300]) };
    case 'TRANSFORM_WH':
      return { ...spec, size: shiftSize(spec.size, step, 'Medium', '2X-Large'), autoSuspend: random.pick([60, 300, 600]) };
    case 'BI_WH':
      return { ...spec, size: shiftSize(spec.size, step, 'X-Small', 'Medium'), autoSuspend: random.pick([300, 600, 900]), maxClusterCount: random.int(1, 4) };
    case 'ADHOC_WH': {
      const hours = random.int(2, 12);
      return {
        ...spec,
        size: shiftSize(spec.size, step, 'Large', '2X-Large'),
        autoSuspend: random.pick([600, 1800, 3600]),
        lastResumedHoursAgo: hours,
        live: { kind: 'started', sinceHours: hours, running: 1 },
      };
    }
    case 'DEV_WH': {
      const hours = random.int(3, 12) * 24;
      return {
        ...spec,
        size: random.pick(['X-Small', 'Small'] as const),
        lastResumedHoursAgo: hours,
        live: { kind: 'started', sinceHours: hours, running: 0 },
      };
    }
    case 'UNUSED_WH':
      return { ...spec, size: shiftSize(spec.size, step, 'X-Small', 'Medium') };
    case 'DATASCIENCE_WH': {
      const hours = random.int(6, 30);
      return {
        ...spec,
        size: shiftSize(spec.size, step, 'Small', 'Large'),
        lastResumedHoursAgo: hours + 4,
        live: { kind: 'suspended-by-monitor', monitor: 'DATASCIENCE_MONITOR', sinceHours: hours },
      };
    }
    default:
      return spec;
  }
}

/** Up to three extra warehouses (ids from 109), each with its work and, half the time, its own monitor. */
function extraWarehouses(random: SeededRandom): { warehouses: WarehouseSpec[]; monitors: MonitorSpec[]; templates: WorkloadTemplate[] } {
  const pool: (typeof EXTRA_POOL)[number][] = [...EXTRA_POOL];
  const count = random.int(0, 3);
  const result = { warehouses: [] as WarehouseSpec[], monitors: [] as MonitorSpec[], templates: [] as WorkloadTemplate[] };
  for (let n = 0; n < count; n += 1) {
    const [extra] = pool.splice(random.int(0, pool.length - 1), 1);
    const donor = WORKLOAD_TEMPLATES.find((t) => t.key === extra?.donor);
    if (extra === undefined || donor === undefined) continue;
    const monitor = random.chance(0.5) ? `${extra.name.replace(/_WH$/, '')}_MONITOR` : null;
    result.warehouses.push({
      name: extra.name,
      id: 109 + n,
      size: random.pick(['X-Small', 'Small', 'Medium', 'Large'] as const),
      autoSuspend: random.pick([60, 300, 600, 1800]),
      autoResume: true,
      minClusterCount: 1,
      maxClusterCount: random.pick([1, 1, 2]),
      scalingPolicy: random.pick(['STANDARD', 'ECONOMY'] as const),
      resourceMonitor: monitor,
      comment: extra.comment,
      createdDaysAgo: random.int(60, 700),
      resumesPerHourCap: 2,
      lastResumedHoursAgo: random.int(1, 30),
      live: { kind: 'suspended' },
    });
    if (monitor !== null) result.monitors.push(extraMonitor(monitor, random));
    const share = 'share' in donor.volume ? donor.volume.share : 0.02;
    result.templates.push({
      ...donor,
      key: `${donor.key}_${extra.name.toLowerCase()}`,
      warehouse: extra.name,
      volume: { share: share * random.between(0.3, 1) },
    });
  }
  return result;
}

const NOTIFY_SETS: readonly (readonly number[])[] = [[75, 90], [50, 75, 90], [80], [90], []];

function extraMonitor(name: string, random: SeededRandom): MonitorSpec {
  const frequency = random.pick(['MONTHLY', 'WEEKLY', 'DAILY', null] as const);
  const createdDaysAgo = random.int(20, 200);
  return {
    name,
    level: 'WAREHOUSE',
    frequency,
    start: frequency === null ? (_p, today) => new Date(today - createdDaysAgo * DAY_MS + 9 * 3_600_000) : januaryLastYear,
    targetFill: Math.round(random.between(0.2, 0.9) * 100) / 100,
    notifyAt: random.pick(NOTIFY_SETS),
    suspendAt: random.pick([100, null]),
    suspendImmediatelyAt: null,
    comment: `${name.toLowerCase().replace(/_monitor$/, '')} budget`,
    notifyUsers: [],
  };
}

/** The default shape's monitors a varied account has, with their fills, triggers and frequencies redrawn. */
function varyMonitors(random: SeededRandom, warehouses: readonly WarehouseSpec[]): MonitorSpec[] {
  const monitors: MonitorSpec[] = [];
  const fill = (lo: number, hi: number): number => Math.round(random.between(lo, hi) * 100) / 100;
  for (const spec of MONITOR_SPECS) {
    switch (spec.name) {
      case 'ACCOUNT_MONTHLY':
        monitors.push({ ...spec, targetFill: fill(0.35, 0.95), notifyAt: random.pick(NOTIFY_SETS), suspendImmediatelyAt: random.pick([110, null]) });
        break;
      case 'TRANSFORM_WEEKLY': {
        const frequency = random.pick(['WEEKLY', 'DAILY', 'MONTHLY'] as const);
        monitors.push({ ...spec, name: `TRANSFORM_${frequency}`, frequency, start: januaryLastYear, targetFill: fill(0.5, 0.98) });
        break;
      }
      case 'DATASCIENCE_MONITOR':
        if (warehouses.some((w) => w.resourceMonitor === spec.name)) monitors.push(spec);
        break;
      case 'BI_MONITOR':
        monitors.push(random.chance(0.5) ? spec : { ...spec, targetFill: fill(0.2, 0.8), notifyAt: [75], comment: 'BI budget' });
        break;
      case 'LOADING_MONITOR':
        monitors.push({ ...spec, targetFill: fill(0.3, 0.97) });
        break;
      default:
        if (random.chance(0.5)) monitors.push({ ...spec, fixedQuota: random.int(50, 500) });
    }
  }
  return monitors;
}

/** A varied account's shape, the same for the same seed. */
export function accountVariant(seed: number): ScenarioShape {
  const random = new SeededRandom(seed ^ 0xf1ee7);
  const kept = WAREHOUSE_SPECS.filter((w) => random.chance(OPTIONAL[w.name] ?? 1)).map((w) => varyWarehouse(w, random));
  const monitors = varyMonitors(random, kept);
  const transform = monitors.find((m) => m.name.startsWith('TRANSFORM_'))?.name ?? null;
  const base = kept.map((w) => (w.name === 'TRANSFORM_WH' ? { ...w, resourceMonitor: transform } : w));
  const extra = extraWarehouses(random);
  const warehouses = [...base, ...extra.warehouses];
  const names = new Set(warehouses.map((w) => w.name));
  return {
    warehouses,
    monitors: [...monitors, ...extra.monitors],
    templates: [...WORKLOAD_TEMPLATES.filter((t) => names.has(t.warehouse)), ...extra.templates],
  };
}
