import { describe, expect, it } from 'vitest';
import { isInside, nextWindowStart, windowState } from '../../../src/router/time-windows.js';
import type { Calendar } from '../../../src/router/time-windows.js';
import type { TimeIntervalSpec } from '../../../src/router/routing-config.js';

const spec = (over: Partial<TimeIntervalSpec>): TimeIntervalSpec => ({
  times: [], weekdays: [], daysOfMonth: [], months: [], years: [], location: 'Europe/London', ...over,
});

const calendar: Calendar = {
  timezone: 'Europe/London',
  holidays: ['2026-11-30', '2026-12-25', '2026-12-28'],
  timeIntervals: {
    business_hours: { name: 'business_hours', specs: [spec({ weekdays: [{ start: 1, end: 5 }], times: [{ startMinute: 540, endMinute: 1080 }] })] },
    daily_nine_to_six: { name: 'daily_nine_to_six', specs: [spec({ times: [{ startMinute: 540, endMinute: 1080 }] })] },
    month_end: { name: 'month_end', specs: [spec({ daysOfMonth: [{ start: -1, end: -1 }] })] },
    new_york_evening: { name: 'new_york_evening', specs: [spec({ times: [{ startMinute: 1200, endMinute: 1440 }], location: 'America/New_York' })] },
    past: { name: 'past', specs: [spec({ years: [{ start: 2020, end: 2020 }] })] },
  },
};

const at = (iso: string) => new Date(iso);

describe('isInside', () => {
  it('does treat start as inside and end as outside', () => {
    expect(isInside(calendar, 'business_hours', at('2026-11-24T09:00:00Z'))).toBe(true);
    expect(isInside(calendar, 'business_hours', at('2026-11-24T17:59:59Z'))).toBe(true);
    expect(isInside(calendar, 'business_hours', at('2026-11-24T18:00:00Z'))).toBe(false);
    expect(isInside(calendar, 'business_hours', at('2026-11-28T12:00:00Z'))).toBe(false);
  });

  it('does read times on the local clock on both sides of the spring DST change', () => {
    // Saturday 28 March 2026 is GMT, Sunday 29 March is BST (UTC+1).
    expect(isInside(calendar, 'daily_nine_to_six', at('2026-03-28T08:30:00Z'))).toBe(false);
    expect(isInside(calendar, 'daily_nine_to_six', at('2026-03-29T08:30:00Z'))).toBe(true);
    expect(isInside(calendar, 'daily_nine_to_six', at('2026-03-29T17:30:00Z'))).toBe(false);
  });

  it('does count a holiday as outside', () => {
    expect(isInside(calendar, 'business_hours', at('2026-11-30T10:00:00Z'))).toBe(false);
    expect(isInside(calendar, 'daily_nine_to_six', at('2026-12-25T10:00:00Z'))).toBe(false);
  });

  it('does count negative days of month from the end of the month', () => {
    expect(isInside(calendar, 'month_end', at('2027-02-28T12:00:00Z'))).toBe(true);
    expect(isInside(calendar, 'month_end', at('2027-02-27T12:00:00Z'))).toBe(false);
    expect(isInside(calendar, 'month_end', at('2026-12-31T12:00:00Z'))).toBe(true);
  });

  it('does use the interval location rather than the config time zone', () => {
    // 20:30 in New York (EST, UTC-5) is 01:30 UTC the next day.
    expect(isInside(calendar, 'new_york_evening', at('2026-11-25T01:30:00Z'))).toBe(true);
    expect(isInside(calendar, 'new_york_evening', at('2026-11-24T20:30:00Z'))).toBe(false);
  });
});

describe('nextWindowStart', () => {
  it('does return now when already inside', () => {
    const now = at('2026-11-24T10:00:00Z');
    expect(nextWindowStart(calendar, 'business_hours', now)).toEqual(now);
  });

  it('does find Monday 09:00 on the local clock across the autumn DST change', () => {
    // Friday 23 October 2026 18:30 BST; clocks go back on Sunday 25th, so Monday 09:00 is 09:00Z.
    expect(nextWindowStart(calendar, 'business_hours', at('2026-10-23T17:30:00Z'))?.toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });

  it('does skip holidays when looking for the next opening', () => {
    // Thursday 24 December 18:00; Friday 25th and Monday 28th are holidays.
    expect(nextWindowStart(calendar, 'business_hours', at('2026-12-24T18:00:00Z'))?.toISOString()).toBe('2026-12-29T09:00:00.000Z');
  });

  it('does return undefined when the interval never opens again', () => {
    expect(nextWindowStart(calendar, 'past', at('2026-11-24T10:00:00Z'))).toBeUndefined();
  });

  it('does report a closed window with its next opening', () => {
    expect(windowState(calendar, undefined, at('2026-11-28T12:00:00Z'))).toEqual({ open: true });
    expect(windowState(calendar, 'business_hours', at('2026-11-28T12:00:00Z'))).toEqual({
      open: false,
      interval: 'business_hours',
      nextOpen: at('2026-12-01T09:00:00Z'),
    });
  });
});
