/**
 * Decides how a `SHOW RESOURCE MONITORS` row resets: on the calendar month (Snowflake's default schedule)
 * or anchored on its `start_time` (a custom FREQUENCY + START_TIMESTAMP), and returns the cycle `at` falls in.
 * SHOW prints a default-schedule monitor as `MONTHLY` with `start_time` = its creation time, so a MONTHLY
 * monitor whose start_time is its created_on (within a minute) is read as the default; config overrides
 * win. Pure; the cycle arithmetic is `monitor-cycle.ts`'s.
 */

import type { Row } from '../sources/snowflake-client.js';
import type { ChecksConfig, MonitorCycleAnchor } from './checks-config.js';
import { monitorCycle, parseFrequency, type MonitorCycle, type MonitorFrequency } from './monitor-cycle.js';
import { str, time } from './row-values.js';

/** `checks.resource_monitors.monitors.<NAME>.cycle` from config, by monitor name. */
export type MonitorCycleOverrides = Readonly<Record<string, MonitorCycleAnchor>>;

/** The configured anchors of `checks.resource_monitors.monitors`, flattened to name → anchor. */
export function monitorCyclesFrom(checks: ChecksConfig): MonitorCycleOverrides {
  const monitors = checks.resource_monitors.monitors ?? {};
  return Object.fromEntries(Object.entries(monitors).map(([name, m]) => [name, m.cycle]));
}

/** A start_time this close to created_on is the creation instant (the default schedule or IMMEDIATELY). */
export const CREATED_ON_TOLERANCE_MS = 60_000;

export interface MonitorSchedule {
  /** The frequency SHOW printed (null when empty). */
  readonly frequency: MonitorFrequency | null;
  /** How the cycles are anchored. */
  readonly anchor: MonitorCycleAnchor;
  /** Why: config said so, SHOW gave no frequency, start_time is the creation time, or a custom start. */
  readonly reason: 'config' | 'no frequency' | 'start_time is created_on' | 'custom start_time';
}

/** The configured anchor for `name`: exact name first, then case-insensitively (unquoted identifiers). */
function overrideFor(name: string | undefined, overrides: MonitorCycleOverrides): MonitorCycleAnchor | undefined {
  if (name === undefined) return undefined;
  if (Object.hasOwn(overrides, name)) return overrides[name];
  const upper = name.toUpperCase();
  const key = Object.keys(overrides).find((k) => k.toUpperCase() === upper);
  return key === undefined ? undefined : overrides[key];
}

/** How the monitor in `row` resets (see the header comment for the rule). */
export function monitorSchedule(row: Row, overrides: MonitorCycleOverrides = {}): MonitorSchedule {
  const frequency = parseFrequency(str(row['frequency']));
  const configured = overrideFor(str(row['name']), overrides);
  if (configured !== undefined) return { frequency, anchor: configured, reason: 'config' };
  const startTime = time(row['start_time']);
  if (frequency === null || startTime === undefined) return { frequency, anchor: 'calendar_month', reason: 'no frequency' };
  const createdOn = time(row['created_on']);
  if (frequency === 'MONTHLY' && createdOn !== undefined && Math.abs(startTime.getTime() - createdOn.getTime()) <= CREATED_ON_TOLERANCE_MS) {
    return { frequency, anchor: 'calendar_month', reason: 'start_time is created_on' };
  }
  return { frequency, anchor: 'start_time', reason: 'custom start_time' };
}

/** The cycle the monitor in `row` is in at `at`, by its schedule. */
export function cycleOfMonitor(row: Row, at: Date, overrides: MonitorCycleOverrides = {}): MonitorCycle {
  const schedule = monitorSchedule(row, overrides);
  const startTime = time(row['start_time']);
  const endTime = time(row['end_time']);
  const frequency = schedule.anchor === 'calendar_month' ? null : (schedule.frequency ?? 'MONTHLY');
  return monitorCycle(frequency, startTime, at, endTime);
}

/** The schedule as the report shows it in the `frequency` column, e.g. `MONTHLY (calendar month)`. */
export function describeSchedule(schedule: MonitorSchedule): string {
  if (schedule.anchor === 'calendar_month') return `${schedule.frequency ?? 'MONTHLY'} (calendar month)`;
  return `${schedule.frequency ?? 'MONTHLY'} (from start_time)`;
}
