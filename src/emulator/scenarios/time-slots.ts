/**
 * When statements of each schedule kind run: one weight per (kind, hour) over the scenario's period,
 * turned into cumulative ranges the SQL generator maps a uniform draw onto. Pure; no SQL here.
 */
import type { ScheduleKind } from './workload-templates.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The scenario's calendar: hours [start, end), end = `now` floored to the hour. */
export interface ScenarioPeriod {
  readonly start: Date;
  readonly end: Date;
  readonly days: number;
  /** 00:00 UTC of the day with the transform backfill spike. */
  readonly spikeDay: Date;
  /** When the resource monitor suspended DATASCIENCE_WH (its statements stop here). */
  readonly scienceSuspendedAt: Date;
  /** History older than this is the only use of UNUSED_WH. */
  readonly unusedSince: Date;
}

export interface TimeSlot {
  readonly kind: ScheduleKind;
  readonly hourStart: Date;
  /** Lower bound of this hour's range in [0, 1) among the kind's hours. */
  readonly cumulativeLow: number;
  /** Multiplier on execution time (the spike day runs longer). */
  readonly execFactor: number;
}

export function scenarioPeriod(now: Date, days: number, scienceSuspendedHoursAgo: number): ScenarioPeriod {
  const end = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return {
    start: new Date(end - days * DAY_MS),
    end: new Date(end),
    days,
    spikeDay: new Date(today - 3 * DAY_MS),
    scienceSuspendedAt: new Date(end - scienceSuspendedHoursAgo * HOUR_MS),
    unusedSince: new Date(today - 35 * DAY_MS),
  };
}

const isWeekday = (d: Date): boolean => d.getUTCDay() >= 1 && d.getUTCDay() <= 5;
const isOffice = (d: Date): boolean => isWeekday(d) && d.getUTCHours() >= 8 && d.getUTCHours() < 18;

/** Weight and execution factor of one hour for one kind. */
function weightOf(kind: ScheduleKind, hour: Date, period: ScenarioPeriod): { weight: number; execFactor: number } {
  const h = hour.getUTCHours();
  const t = hour.getTime();
  const onSpikeDay = t >= period.spikeDay.getTime() && t < period.spikeDay.getTime() + DAY_MS;
  const office = isOffice(hour) ? 1 : isWeekday(hour) ? 0.04 : 0.015;
  switch (kind) {
    case 'sporadic': {
      const hourIndex = Math.floor(t / HOUR_MS);
      return { weight: Math.imul(hourIndex, 2654435761) >>> 30 === 0 ? office : 0, execFactor: 1 };
    }
    case 'office':
    case 'dev':
      return { weight: office, execFactor: 1 };
    case 'science':
      return { weight: t < period.scienceSuspendedAt.getTime() ? office : 0, execFactor: 1 };
    case 'nightly':
      if (onSpikeDay) return { weight: 2, execFactor: 3 };
      return { weight: h >= 1 && h < 6 ? 1 : 0, execFactor: 1 };
    case 'loads':
      return { weight: t >= period.end.getTime() - 48 * HOUR_MS ? 20 : 1, execFactor: 1 };
    case 'morning':
      return { weight: isWeekday(hour) && h === 7 ? 1 : 0, execFactor: 1 };
    case 'snowmon':
      return { weight: h === 6 ? 1 : 0, execFactor: 1 };
    case 'early':
      return { weight: t < period.unusedSince.getTime() && isWeekday(hour) && h === 9 ? 1 : 0, execFactor: 1 };
  }
}

export const SCHEDULE_KINDS: readonly ScheduleKind[] = Object.freeze([
  'office',
  'sporadic',
  'nightly',
  'loads',
  'morning',
  'snowmon',
  'early',
  'science',
  'dev',
]);

/** Every hour with a positive weight, per kind, with cumulative ranges; kinds with no hours are absent. */
export function buildTimeSlots(period: ScenarioPeriod): TimeSlot[] {
  const slots: TimeSlot[] = [];
  for (const kind of SCHEDULE_KINDS) {
    const hours: { hourStart: Date; weight: number; execFactor: number }[] = [];
    for (let t = period.start.getTime(); t < period.end.getTime(); t += HOUR_MS) {
      const hourStart = new Date(t);
      const { weight, execFactor } = weightOf(kind, hourStart, period);
      if (weight > 0) hours.push({ hourStart, weight, execFactor });
    }
    const total = hours.reduce((sum, x) => sum + x.weight, 0);
    let cumulative = 0;
    for (const x of hours) {
      slots.push({ kind, hourStart: x.hourStart, cumulativeLow: cumulative / total, execFactor: x.execFactor });
      cumulative += x.weight;
    }
  }
  return slots;
}

/** Number of hours with a positive weight for a kind (0 = the kind cannot run in this period). */
export function activeKinds(slots: readonly TimeSlot[]): ReadonlySet<ScheduleKind> {
  return new Set(slots.map((s) => s.kind));
}
