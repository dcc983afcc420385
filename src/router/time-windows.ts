/**
 * Named time intervals evaluated against an instant (Alertmanager semantics, wall clocks read through
 * zoned-time.ts, DST-correct), with holidays counting as outside: whether `now` is inside, the window
 * segments ahead, and when the next window opens (so deferred notifications go out then). Business
 * clocks are business-clock.ts.
 */

import type { RoutingConfig, TimeInterval, TimeIntervalSpec, IntRange } from './routing-config.js';
import { addDays, daysInMonth, formatDate, instantOf, localTime, weekdayOf } from './zoned-time.js';
import type { LocalDate } from './zoned-time.js';

/** The parts of the config that time decisions read. */
export type Calendar = Pick<RoutingConfig, 'timeIntervals' | 'holidays' | 'timezone'>;

/** One stretch of an interval on one local day: [start, end). */
export interface WindowSegment {
  readonly start: Date;
  readonly end: Date;
  /** The local day (in the spec's location) it belongs to. */
  readonly date: LocalDate;
}

/**
 * Alertmanager's time muting of a route at `now`: why its notifications are dropped (inside a
 * `mute_time_intervals` entry, or outside every `active_time_intervals` entry), or undefined. Unlike
 * `deliver_during`, nothing is deferred.
 */
export function timeMuteReason(
  calendar: Calendar,
  route: { readonly muteTimeIntervals?: readonly string[]; readonly activeTimeIntervals?: readonly string[] },
  now: Date,
): string | undefined {
  const mute = route.muteTimeIntervals?.find((name) => isInside(calendar, name, now));
  if (mute !== undefined) return `muted by time interval ${mute}`;
  const active = route.activeTimeIntervals ?? [];
  if (active.length > 0 && !active.some((name) => isInside(calendar, name, now))) return `outside active time intervals ${active.join(', ')}`;
  return undefined;
}

/** True when `now` is inside the named interval and its local date is not a holiday. */
export function isInside(calendar: Calendar, name: string, now: Date): boolean {
  return intervalOf(calendar, name).specs.some((spec) => {
    const t = localTime(now, spec.location);
    if (isHoliday(calendar, t)) return false;
    if (!dateMatches(spec, t)) return false;
    return spec.times.length === 0 || spec.times.some((r) => t.minute >= r.startMinute && t.minute < r.endMinute);
  });
}

/**
 * The interval's segments on local days from the day before `from` through `days` days after it, in
 * start order, holidays left out. Not merged: touching segments stay apart.
 */
export function windowSegments(calendar: Calendar, name: string, from: Date, days: number): WindowSegment[] {
  const out: WindowSegment[] = [];
  for (const spec of intervalOf(calendar, name).specs) {
    const first = addDays(localTime(from, spec.location), -1);
    for (let i = 0; i <= days + 1; i++) {
      const date = addDays(first, i);
      if (isHoliday(calendar, date) || !dateMatches(spec, date)) continue;
      const ranges = spec.times.length > 0 ? spec.times : [{ startMinute: 0, endMinute: 1440 }];
      for (const r of ranges) {
        const start = instantOf(date, r.startMinute, spec.location);
        const end = instantOf(date, r.endMinute, spec.location);
        if (end > start) out.push({ start, end, date });
      }
    }
  }
  return out.sort((a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime());
}

/** How far ahead the searches look, in days, before giving up (years: may never come). */
export const SEARCH_HORIZONS_DAYS: readonly number[] = [8, 60, 800];

/**
 * When the named window next opens: `now` when inside, else the first segment start after `now`;
 * undefined when nothing opens within the search horizon (e.g. `years: ['2020']`).
 */
export function nextWindowStart(calendar: Calendar, name: string, now: Date): Date | undefined {
  if (isInside(calendar, name, now)) return now;
  for (const days of SEARCH_HORIZONS_DAYS) {
    const next = windowSegments(calendar, name, now, days).find((s) => s.start > now);
    if (next) return next.start;
  }
  return undefined;
}

export function intervalOf(calendar: Calendar, name: string): TimeInterval {
  const interval = calendar.timeIntervals[name];
  if (!interval) throw new Error(`unknown time interval ${JSON.stringify(name)} (config validation should have caught it)`);
  return interval;
}

export function isHoliday(calendar: Calendar, date: LocalDate): boolean {
  return calendar.holidays.includes(formatDate(date));
}

/** True when the date fields (weekdays, days_of_month, months, years) of a spec accept the local date. */
export function dateMatches(spec: TimeIntervalSpec, date: LocalDate): boolean {
  const inAny = (ranges: readonly IntRange[], value: number) => ranges.length === 0 || ranges.some((r) => value >= r.start && value <= r.end);
  const dim = daysInMonth(date.year, date.month);
  const positive = (v: number) => (v < 0 ? dim + v + 1 : v);
  const dayOk = spec.daysOfMonth.length === 0 || spec.daysOfMonth.some((r) => date.day >= positive(r.start) && date.day <= Math.min(positive(r.end), dim));
  return inAny(spec.weekdays, weekdayOf(date)) && dayOk && inAny(spec.months, date.month) && inAny(spec.years, date.year);
}

/** Whether a route may deliver now: always without `deliver_during`; else inside, or when it opens next. */
export type WindowState = { readonly open: true } | { readonly open: false; readonly interval: string; readonly nextOpen: Date | undefined };

export function windowState(calendar: Calendar, deliverDuring: string | undefined, now: Date): WindowState {
  if (deliverDuring === undefined || isInside(calendar, deliverDuring, now)) return { open: true };
  return { open: false, interval: deliverDuring, nextOpen: nextWindowStart(calendar, deliverDuring, now) };
}
