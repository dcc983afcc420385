/**
 * Wall-clock reading in an IANA time zone, on the Temporal polyfill: the local date and minute of an
 * instant, the instant of a local date and minute, and calendar-day arithmetic. Our own small boundary
 * over Temporal (plain objects in, plain objects out); it knows nothing about intervals or business hours.
 */

import { Temporal } from 'temporal-polyfill';

/** A calendar date in some zone. `month` is 1..12. */
export interface LocalDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export interface LocalTime extends LocalDate {
  /** 0 = sunday ... 6 = saturday, as Go's time.Weekday and Alertmanager's weekdays count. */
  readonly weekday: number;
  /** Minutes after local midnight, 0..1439. */
  readonly minute: number;
}

/** The local date, weekday and minute of `instant` in `zone` (as Go's `t.In(location)` reads it). */
export function localTime(instant: Date, zone: string): LocalTime {
  const t = Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO(zone);
  return { year: t.year, month: t.month, day: t.day, weekday: t.dayOfWeek % 7, minute: t.hour * 60 + t.minute };
}

/** 0 = sunday ... 6 = saturday. */
export function weekdayOf(date: LocalDate): number {
  return plainDate(date).dayOfWeek % 7;
}

/** The date `days` after `date` (negative goes back). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return localDate(plainDate(date).add({ days }));
}

/** Calendar days in the month (31 for March, whatever a DST change does to its hours). */
export function daysInMonth(year: number, month: number): number {
  return plainDate({ year, month, day: 1 }).daysInMonth;
}

/** `2026-12-25`. */
export function formatDate(date: LocalDate): string {
  return plainDate(date).toString();
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return Temporal.PlainDate.compare(plainDate(a), plainDate(b));
}

/**
 * The instant at which the wall clock in `zone` shows `date` + `minute` (minute may be 1440 = next
 * midnight), with Temporal's `compatible` disambiguation: a repeated wall time (autumn) maps to the
 * earlier instant, a skipped one (spring gap) to the instant as if the jump had not happened yet (the
 * clock shows it one gap later).
 */
export function instantOf(date: LocalDate, minute: number, zone: string): Date {
  const wall = plainDate(date).toPlainDateTime().add({ minutes: minute });
  return new Date(wall.toZonedDateTime(zone, { disambiguation: 'compatible' }).epochMilliseconds);
}

/** True when `zone` is an IANA zone name this runtime knows (a bare offset such as `+05:00` is not). */
export function isValidZone(zone: string): boolean {
  if (/^[+-]/.test(zone)) return false;
  try {
    Temporal.Instant.fromEpochMilliseconds(0).toZonedDateTimeISO(zone);
    return true;
  } catch {
    return false;
  }
}

function plainDate(date: LocalDate): Temporal.PlainDate {
  return Temporal.PlainDate.from({ year: date.year, month: date.month, day: date.day }, { overflow: 'reject' });
}

function localDate(date: Temporal.PlainDate): LocalDate {
  return { year: date.year, month: date.month, day: date.day };
}
