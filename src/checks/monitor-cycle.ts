/**
 * Resource-monitor cycle math: where the current quota cycle started and ends, from `frequency` and
 * `start_time` (resets at 00:00 UTC; NULL frequency = calendar month; a start on the 31st resets on the
 * last day of shorter months), and the cycle-end projection. Pure; no SHOW parsing, no findings.
 */

export type MonitorFrequency = 'MONTHLY' | 'DAILY' | 'WEEKLY' | 'YEARLY' | 'NEVER';

export interface MonitorCycle {
  /** When the current cycle began (the monitor's start_time during its first cycle). */
  readonly start: Date;
  /** When it resets (or end_time when that comes first); null when it never resets. */
  readonly end: Date | null;
  /** false when `now` is before the monitor's start_time. */
  readonly started: boolean;
}

const DAY_MS = 86_400_000;

function utcMidnight(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** 00:00 UTC on `day` of the month `monthIndex` months after January of `year`, clamped to its last day. */
function clampedDate(year: number, monthIndex: number, day: number): Date {
  const last = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, monthIndex, Math.min(day, last)));
}

/** Parses SHOW's frequency text; '' / NULL / unknown → null (the default calendar-month schedule). */
export function parseFrequency(value: string | undefined): MonitorFrequency | null {
  const f = value?.trim().toUpperCase();
  return f === 'MONTHLY' || f === 'DAILY' || f === 'WEEKLY' || f === 'YEARLY' || f === 'NEVER' ? f : null;
}

/**
 * The cycle `now` falls in. `startTime` undefined with a custom frequency is treated as the calendar
 * month default. `endTime` (END_TIMESTAMP) caps the cycle's end.
 */
export function monitorCycle(frequency: MonitorFrequency | null, startTime: Date | undefined, now: Date, endTime?: Date): MonitorCycle {
  const cap = (end: Date | null): Date | null => (endTime && (end === null || endTime.getTime() < end.getTime()) ? endTime : end);

  if (frequency === null || startTime === undefined) {
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const start = startTime && startTime.getTime() > monthStart.getTime() ? startTime : monthStart;
    return { start, end: cap(next), started: !startTime || now.getTime() >= startTime.getTime() };
  }

  if (frequency === 'NEVER') {
    return { start: startTime, end: cap(null), started: now.getTime() >= startTime.getTime() };
  }

  const anchor = utcMidnight(startTime);
  const ay = anchor.getUTCFullYear();
  const am = anchor.getUTCMonth();
  const ad = anchor.getUTCDate();
  /** The k-th reset after the start (k ≥ 1); k = 0 is the start itself. */
  const boundary = (k: number): Date => {
    if (k <= 0) return startTime;
    switch (frequency) {
      case 'DAILY':
        return new Date(anchor.getTime() + k * DAY_MS);
      case 'WEEKLY':
        return new Date(anchor.getTime() + 7 * k * DAY_MS);
      case 'MONTHLY':
        return clampedDate(ay, am + k, ad);
      case 'YEARLY':
        return clampedDate(ay + k, am, ad);
    }
  };

  if (now.getTime() < startTime.getTime()) {
    return { start: startTime, end: cap(boundary(1)), started: false };
  }

  let k: number;
  const elapsedDays = Math.floor((now.getTime() - anchor.getTime()) / DAY_MS);
  const monthsApart = (now.getUTCFullYear() - ay) * 12 + (now.getUTCMonth() - am);
  switch (frequency) {
    case 'DAILY':
      k = elapsedDays;
      break;
    case 'WEEKLY':
      k = Math.floor(elapsedDays / 7);
      break;
    case 'MONTHLY':
      k = monthsApart;
      break;
    case 'YEARLY':
      k = Math.floor(monthsApart / 12);
      break;
  }
  k = Math.max(0, k);
  while (k > 0 && boundary(k).getTime() > now.getTime()) k--;
  while (boundary(k + 1).getTime() <= now.getTime()) k++;
  return { start: boundary(k), end: cap(boundary(k + 1)), started: true };
}

/** How far through its cycle the monitor is, 0–1; null when the cycle has no end. */
export function elapsedFraction(cycle: MonitorCycle, now: Date): number | null {
  if (cycle.end === null) return null;
  const total = cycle.end.getTime() - cycle.start.getTime();
  if (total <= 0) return 1;
  return Math.min(1, Math.max(0, (now.getTime() - cycle.start.getTime()) / total));
}

/** When a cycle-end projection has enough data behind it. */
export interface ProjectionRule {
  /** Share of the cycle (0–1) that must have passed. */
  readonly minElapsed: number;
  /** Hours of data needed as well, capped at half the cycle (a DAILY monitor needs 12 h, not 24). */
  readonly minDataHours: number;
}

/** A cycle-end projection and the data it stands on. */
export interface Projection {
  /** Percent of quota at cycle end at the cycle's average pace; undefined when too early or no end. */
  readonly pct?: number;
  /** How long the cycle has run: the data the projection is made from. */
  readonly dataMs: number;
  /** `from 3.2 days of data`, `too early to project: 0.9 days of data`, or `the cycle never resets`. */
  readonly basis: string;
}

/** A span of data as people say it: `15 min`, `4.8 hours`, `3.2 days`. */
export function describeSpan(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours < 2) return `${Math.round(ms / 60_000)} min`;
  if (hours < 12) return `${hours.toFixed(1)} hours`;
  return `${(hours / 24).toFixed(1)} days`;
}

/**
 * Projected percent of quota at cycle end: `pct / elapsed fraction`, made only once the cycle has run
 * long enough (`rule`) for its average pace to mean something; otherwise `basis` says how little data
 * there is.
 */
export function projectPercent(pct: number, cycle: MonitorCycle, now: Date, rule: ProjectionRule): Projection {
  const dataMs = Math.max(0, now.getTime() - cycle.start.getTime());
  const fraction = elapsedFraction(cycle, now);
  if (cycle.end === null || fraction === null) return { dataMs, basis: 'the cycle never resets' };
  const totalMs = cycle.end.getTime() - cycle.start.getTime();
  const neededMs = Math.max(totalMs * rule.minElapsed, Math.min(rule.minDataHours * 3_600_000, totalMs / 2));
  if (fraction <= 0 || dataMs < neededMs) return { dataMs, basis: `too early to project: ${describeSpan(dataMs)} of data` };
  return { pct: pct / fraction, dataMs, basis: `from ${describeSpan(dataMs)} of data` };
}
