/**
 * The response SLA's due time (reference/routing.md §7.2 point 7): wall-clock `within`, `within` counted
 * in working minutes of a time interval, `by: same_day`, `by: next_business_day` and `immediate`. Pure;
 * escalation decisions are escalate.ts.
 */

import type { ResponseSpec } from './routing-config.js';
import { SEARCH_HORIZONS_DAYS, windowSegments } from './time-windows.js';
import type { Calendar, WindowSegment } from './time-windows.js';
import { compareDates, localTime } from './zoned-time.js';

/**
 * When a person must respond by, for an alert group that fired at `firedAt`. Throws a plain Error when
 * the clock interval never opens within the search horizon (a config that validation lets through only
 * with `years` in the past).
 */
export function dueAt(response: ResponseSpec, firedAt: Date, calendar: Calendar): Date {
  switch (response.kind) {
    case 'immediate':
      return firedAt;
    case 'within':
      return response.clock === undefined
        ? new Date(firedAt.getTime() + response.withinMs)
        : addWorkingTime(calendar, response.clock, firedAt, response.withinMs);
    case 'by':
      return response.by === 'same_day'
        ? endOfDay(calendar, response.clock, firedAt, 'current-or-next')
        : endOfDay(calendar, response.clock, firedAt, 'next-day');
  }
}

/** `from` plus `ms` of time spent inside the interval (Fri 17:45 + 30m in 09–18 → Mon 09:15). */
export function addWorkingTime(calendar: Calendar, clock: string, from: Date, ms: number): Date {
  if (ms <= 0) return from;
  for (const days of SEARCH_HORIZONS_DAYS) {
    let remaining = ms;
    for (const s of merged(windowSegments(calendar, clock, from, days))) {
      const start = Math.max(s.start.getTime(), from.getTime());
      if (start >= s.end.getTime()) continue;
      const available = s.end.getTime() - start;
      if (remaining <= available) return new Date(start + remaining);
      remaining -= available;
    }
  }
  throw new Error(`time interval ${JSON.stringify(clock)} has no working time ahead of ${from.toISOString()}`);
}

/**
 * The end of a business day's last window. `current-or-next`: the day whose window contains `from`, or
 * the next day with a window; `next-day`: the first day with a window after `from`'s local date.
 */
function endOfDay(calendar: Calendar, clock: string, from: Date, which: 'current-or-next' | 'next-day'): Date {
  for (const days of SEARCH_HORIZONS_DAYS) {
    const segments = windowSegments(calendar, clock, from, days);
    const today = localTime(from, calendar.timezone);
    const chosen = which === 'current-or-next' ? segments.find((s) => s.end > from) : segments.find((s) => compareDates(s.date, today) > 0 && s.start > from);
    if (!chosen) continue;
    const sameDay = segments.filter((s) => compareDates(s.date, chosen.date) === 0);
    if (sameDay.length > 0) return new Date(Math.max(...sameDay.map((s) => s.end.getTime())));
  }
  throw new Error(`time interval ${JSON.stringify(clock)} has no business day ahead of ${from.toISOString()}`);
}

/** Overlapping or touching segments joined into one. */
function merged(segments: readonly WindowSegment[]): WindowSegment[] {
  const out: WindowSegment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) {
      if (s.end > last.end) out[out.length - 1] = { ...last, end: s.end };
    } else out.push(s);
  }
  return out;
}
