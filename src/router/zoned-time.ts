/**
 * Wall-clock arithmetic in an IANA time zone through Intl, DST-correct: the local date and minute of an
 * instant, and the instant of a local date and minute. Knows nothing about intervals or business hours.
 */

/** A calendar date in some zone. `month` is 1..12; `weekday` 0 = sunday. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface LocalTime extends LocalDate {
  readonly weekday: number;
  /** Minutes after local midnight, 0..1439. */
  readonly minute: number;
}

/** The local date, weekday and minute of `instant` in `zone`. */
export function localTime(instant: Date, zone: string): LocalTime {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const date = { year: get('year'), month: get('month'), day: get('day') };
  return { ...date, weekday: weekdayOf(date), minute: get('hour') * 60 + get('minute') };
}

/** 0 = sunday ... 6 = saturday. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** The date `days` after `date` (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `2026-12-25`. */
export function formatDate(date: LocalDate): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * The instant at which the wall clock in `zone` shows `date` + `minute` (minute may be 1440 = next
 * midnight). Like Temporal's `compatible`: a repeated wall time (autumn) maps to the earlier instant, a
 * skipped one (spring gap) to the instant as if the jump had not happened yet (shown one gap later).
 */
export function instantOf(date: LocalDate, minute: number, zone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day) + minute * 60_000;
  const before = offsetMs(new Date(wall - 86_400_000), zone);
  const after = offsetMs(new Date(wall + 86_400_000), zone);
  const valid = [wall - before, wall - after].filter((t) => localWallMs(new Date(t), zone) === wall);
  if (valid.length > 0) return new Date(Math.min(...valid));
  return new Date(wall - before);
}

/** The zone's offset from UTC at `instant`, in ms (BST = +3_600_000). */
function offsetMs(instant: Date, zone: string): number {
  return localWallMs(instant, zone) - Math.floor(instant.getTime() / 60_000) * 60_000;
}

/** The wall clock in `zone` at `instant`, as if it were UTC, to the minute. */
function localWallMs(instant: Date, zone: string): number {
  const t = localTime(instant, zone);
  return Date.UTC(t.year, t.month - 1, t.day) + t.minute * 60_000;
}

/** True when `zone` is an IANA zone this runtime knows. */
export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
