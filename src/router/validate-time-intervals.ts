/**
 * Validates `time_intervals:` (Alertmanager syntax: times [start, end) with 24:00, weekday ranges,
 * days_of_month with negatives, months, years, location) and `holidays:` of routing.yaml into typed,
 * unfrozen values. Reports through the RoutingValidator; evaluation is time-windows.ts.
 */

import { quote } from '../config/errors.js';
import type { IntRange, TimeInterval, TimeIntervalSpec, TimeRange } from './routing-config.js';
import type { Mapping, RoutingValidator } from './routing-validator.js';
import { isValidZone } from './zoned-time.js';

const SPEC_KEYS = ['times', 'weekdays', 'days_of_month', 'months', 'years', 'location'] as const;
const TIME_KEYS = ['start_time', 'end_time'] as const;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'] as const;

export function validateTimeIntervals(v: RoutingValidator, value: unknown, defaultZone: string): Record<string, TimeInterval> {
  // fromEntries, not assignment: an interval named __proto__ stays an interval, not the object's prototype.
  const out: [string, TimeInterval][] = [];
  const map = v.section(value, ['time_intervals']);
  for (const [name, specsValue] of Object.entries(map ?? {})) {
    const path = ['time_intervals', name];
    if (!Array.isArray(specsValue)) {
      v.report('SM103', path, `expected a list of time ranges, got ${quote(specsValue)}`);
      continue;
    }
    const specs: TimeIntervalSpec[] = [];
    specsValue.forEach((item, i) => {
      const spec = validateSpec(v, item, [...path, String(i)], name, defaultZone);
      if (spec) specs.push(spec);
    });
    out.push([name, { name, specs }]);
  }
  return Object.fromEntries(out);
}

function validateSpec(v: RoutingValidator, value: unknown, path: readonly string[], name: string, defaultZone: string): TimeIntervalSpec | undefined {
  const map = v.mapping(value, path);
  if (!map) return undefined;
  v.knownKeys(map, path, SPEC_KEYS);
  const location = v.string(map, [...path, 'location']) ?? defaultZone;
  if (!isValidZone(location)) v.report('SM129', [...path, 'location'], `unknown time zone ${quote(location)}`);
  return {
    times: times(v, map, [...path, 'times'], name),
    weekdays: ranges(v, map, [...path, 'weekdays'], 'weekday', (t) => namedOrNumber(t, WEEKDAYS, 0, 0, 6)),
    daysOfMonth: ranges(v, map, [...path, 'days_of_month'], 'day of month', dayOfMonth),
    months: ranges(v, map, [...path, 'months'], 'month', (t) => namedOrNumber(t, MONTHS, 1, 1, 12)),
    years: ranges(v, map, [...path, 'years'], 'year', (t) => (/^\d{4}$/.test(t) ? Number(t) : undefined)),
    location,
  };
}

function times(v: RoutingValidator, map: Mapping, path: readonly string[], name: string): TimeRange[] {
  const out: { range: TimeRange; text: string }[] = [];
  v.list(map, path).forEach((item, i) => {
    const at = [...path, String(i)];
    const m = v.mapping(item, at);
    if (!m) return;
    v.knownKeys(m, at, TIME_KEYS);
    const start = timeOfDay(v, m, [...at, 'start_time'], true);
    const end = timeOfDay(v, m, [...at, 'end_time'], false);
    if (start === undefined || end === undefined) return;
    if (end <= start) {
      v.report('SM125', [...at, 'end_time'], `end_time ${quote(m.end_time)} must be after start_time ${quote(m.start_time)}`);
      return;
    }
    const range = { startMinute: start, endMinute: end };
    const text = `${String(m.start_time)}-${String(m.end_time)}`;
    const clash = out.find((o) => o.range.startMinute < end && start < o.range.endMinute);
    if (clash) {
      v.report('SM124', at, `times overlap in time interval ${quote(name)}: ${quote(clash.text)} and ${quote(text)}`);
      return;
    }
    out.push({ range, text });
  });
  return out.map((o) => o.range);
}

function timeOfDay(v: RoutingValidator, map: Mapping, path: readonly string[], isStart: boolean): number | undefined {
  const key = path[path.length - 1] as string;
  const value = map[key];
  if (value === undefined || value === null) {
    v.report('SM110', path, `missing ${key}`);
    return undefined;
  }
  const m = typeof value === 'string' ? /^(\d{2}):(\d{2})$/.exec(value) : null;
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  if (!m || Number(m[2]) > 59 || minutes > 1440) {
    v.report('SM125', path, `invalid time of day ${quote(value)} (expected HH:MM from 00:00 to 24:00)`);
    return undefined;
  }
  if (isStart && minutes === 1440) {
    v.report('SM125', path, `"24:00" cannot be a start time`);
    return undefined;
  }
  return minutes;
}

/** A list of `a` or `a:b` elements, each end parsed by `parse`; reports bad ones. */
function ranges(v: RoutingValidator, map: Mapping, path: readonly string[], what: string, parse: (text: string) => number | undefined): IntRange[] {
  const out: IntRange[] = [];
  v.list(map, path).forEach((item, i) => {
    const at = [...path, String(i)];
    const text = typeof item === 'number' ? String(item) : typeof item === 'string' ? item.trim().toLowerCase() : undefined;
    const parts = text?.split(':') ?? [];
    const [start, end] = parts.length === 1 || parts.length === 2 ? [parse(parts[0] ?? ''), parse(parts[parts.length - 1] ?? '')] : [];
    if (start === undefined || end === undefined) {
      v.report('SM108', at, `invalid ${what} ${quote(item)}`);
      return;
    }
    const comparable = (n: number) => (what === 'day of month' && n < 0 ? n + 100 : n);
    if (comparable(start) > comparable(end)) {
      v.report('SM108', at, `invalid ${what} range ${quote(item)}: start is after end`);
      return;
    }
    out.push({ start, end });
  });
  return out;
}

function namedOrNumber(text: string, names: readonly string[], base: number, min: number, max: number): number | undefined {
  const index = names.indexOf(text);
  if (index >= 0) return index + base;
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= min && n <= max ? n : undefined;
}

function dayOfMonth(text: string): number | undefined {
  if (!/^-?\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n !== 0 && n >= -31 && n <= 31 ? n : undefined;
}

/** `holidays:` — a list of `YYYY-MM-DD` calendar dates. */
export function validateHolidays(v: RoutingValidator, root: Mapping): string[] {
  const out: string[] = [];
  v.list(root, ['holidays']).forEach((item, i) => {
    const text = item instanceof Date ? item.toISOString().slice(0, 10) : item;
    const m = typeof text === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : null;
    const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
    if (!m || !date || date.toISOString().slice(0, 10) !== text) {
      v.report('SM108', ['holidays', String(i)], `invalid date ${quote(item)} (expected YYYY-MM-DD)`);
      return;
    }
    out.push(text);
  });
  return out;
}
