/**
 * Resource-monitor cycles: when the current cycle of a monitor started and when the next one starts.
 * Resets happen at 00:00 UTC, anchored on the monitor's start time; a null frequency is the default schedule
 * (calendar month: resets on the 1st whatever day the monitor was created, its start time = its creation). Pure functions of (frequency, start time, now); the billing model and the scenario use them.
 */
import type { ResourceMonitorState } from '../account-model.js';

const DAY_MS = 86_400_000;

type Frequency = ResourceMonitorState['frequency'];

const utcMidnight = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** 00:00 UTC of `day` (clamped to the month's last day) in the given year/month. */
function anchoredDay(year: number, month: number, day: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(day, last));
}

/** Start of the cycle that contains `now` (the start time itself if `now` is before it). */
export function cycleStart(frequency: Frequency, startTime: Date, now: Date): Date {
  const t = now.getTime();
  if (frequency === null) {
    // The default schedule: 00:00 UTC on the 1st; the first, partial cycle runs from the monitor's creation.
    return new Date(Math.max(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1), startTime.getTime()));
  }
  const anchor = utcMidnight(startTime.getTime());
  if (t < startTime.getTime()) return new Date(startTime.getTime());
  switch (frequency) {
    case 'NEVER':
      return new Date(startTime.getTime());
    case 'DAILY':
      return new Date(Math.max(utcMidnight(t), startTime.getTime()));
    case 'WEEKLY': {
      const weeks = Math.floor((t - anchor) / (7 * DAY_MS));
      return new Date(Math.max(anchor + weeks * 7 * DAY_MS, startTime.getTime()));
    }
    case 'MONTHLY': {
      const day = startTime.getUTCDate();
      let year = now.getUTCFullYear();
      let month = now.getUTCMonth();
      let candidate = anchoredDay(year, month, day);
      if (candidate > t) {
        month -= 1;
        if (month < 0) {
          month = 11;
          year -= 1;
        }
        candidate = anchoredDay(year, month, day);
      }
      return new Date(Math.max(candidate, startTime.getTime()));
    }
    case 'YEARLY': {
      const month = startTime.getUTCMonth();
      const day = startTime.getUTCDate();
      let candidate = anchoredDay(now.getUTCFullYear(), month, day);
      if (candidate > t) candidate = anchoredDay(now.getUTCFullYear() - 1, month, day);
      return new Date(Math.max(candidate, startTime.getTime()));
    }
  }
}

/** Start of the cycle after the one containing `now`, or null for NEVER. */
export function nextCycleStart(frequency: Frequency, startTime: Date, now: Date): Date | null {
  const start = cycleStart(frequency, startTime, now);
  if (now.getTime() < startTime.getTime() && frequency !== null) return new Date(startTime.getTime());
  switch (frequency) {
    case null:
      return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    case 'NEVER':
      return null;
    case 'DAILY':
      return new Date(utcMidnight(start.getTime()) + DAY_MS);
    case 'WEEKLY':
      return new Date(utcMidnight(start.getTime()) + 7 * DAY_MS);
    case 'MONTHLY': {
      const s = new Date(utcMidnight(start.getTime()));
      return new Date(anchoredDay(s.getUTCFullYear(), s.getUTCMonth() + 1, startTime.getUTCDate()));
    }
    case 'YEARLY':
      return new Date(anchoredDay(start.getUTCFullYear() + 1, startTime.getUTCMonth(), startTime.getUTCDate()));
  }
}
