import { describe, expect, it } from 'vitest';
import { isInside, nextWindowStart, windowState } from '../../../src/router/time-windows.js';
import type { Calendar } from '../../../src/router/time-windows.js';
import type { TimeIntervalSpec } from '../../../src/router/routing-config.js';

const spec = (over: Partial<TimeIntervalSpec>): TimeIntervalSpec => ({
  times: [],
  weekdays: [],
  daysOfMonth: [],
  months: [],
  years: [],
  location: 'Europe/London',
  ...over,
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
    new_york_small_hours: { name: 'new_york_small_hours', specs: [spec({ times: [{ startMinute: 60, endMinute: 180 }], location: 'America/New_York' })] },
    new_york_two_am: { name: 'new_york_two_am', specs: [spec({ times: [{ startMinute: 120, endMinute: 180 }], location: 'America/New_York' })] },
    new_york_month_end: { name: 'new_york_month_end', specs: [spec({ daysOfMonth: [{ start: -1, end: -1 }], location: 'America/New_York' })] },
    sydney_small_hours: { name: 'sydney_small_hours', specs: [spec({ times: [{ startMinute: 120, endMinute: 180 }], location: 'Australia/Sydney' })] },
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

describe('isInside across DST changes', () => {
  it('does count both passes of a repeated autumn hour as inside', () => {
    // 01:30 New York happens at 05:30Z (EDT) and again at 06:30Z (EST) on 1 November 2026.
    expect(isInside(calendar, 'new_york_small_hours', at('2026-11-01T05:30:00Z'))).toBe(true);
    expect(isInside(calendar, 'new_york_small_hours', at('2026-11-01T06:30:00Z'))).toBe(true);
    // 02:30 AEDT, then 02:30 AEST, on Sunday 5 April 2026 in Sydney.
    expect(isInside(calendar, 'sydney_small_hours', at('2026-04-04T15:30:00Z'))).toBe(true);
    expect(isInside(calendar, 'sydney_small_hours', at('2026-04-04T16:30:00Z'))).toBe(true);
  });

  it('does never count an instant inside a window that lies wholly in the spring-forward gap', () => {
    // New York's clocks go 01:59 EST -> 03:00 EDT on 8 March 2026 (06:59Z -> 07:00Z): 02:00-03:00 never shows.
    for (const iso of ['2026-03-08T06:59:00Z', '2026-03-08T07:00:00Z', '2026-03-08T07:30:00Z']) {
      expect(isInside(calendar, 'new_york_two_am', at(iso))).toBe(false);
    }
    // Sydney: 01:59 AEST -> 03:00 AEDT on 4 October 2026 (15:59Z -> 16:00Z on the 3rd).
    for (const iso of ['2026-10-03T15:59:00Z', '2026-10-03T16:00:00Z', '2026-10-03T16:30:00Z']) {
      expect(isInside(calendar, 'sydney_small_hours', at(iso))).toBe(false);
    }
  });

  it('does count -1 as the 31st of a spring-forward March in a DST location', () => {
    // Alertmanager once counted March 2021 as 30 days in New York (743 hours) and fixed it (PR 5447).
    expect(isInside(calendar, 'new_york_month_end', at('2021-03-31T16:00:00Z'))).toBe(true);
    expect(isInside(calendar, 'new_york_month_end', at('2021-03-30T16:00:00Z'))).toBe(false);
  });
});

describe('nextWindowStart across DST changes', () => {
  it('does skip a day whose window lies wholly in the spring-forward gap', () => {
    // From 00:00 EST on 8 March, the next 02:00 New York shows is 9 March 02:00 EDT (06:00Z).
    expect(nextWindowStart(calendar, 'new_york_two_am', at('2026-03-08T05:00:00Z'))?.toISOString()).toBe('2026-03-09T06:00:00.000Z');
    // From 00:00 AEST on 4 October, Sydney's next 02:00 is 5 October 02:00 AEDT (15:00Z on the 4th).
    expect(nextWindowStart(calendar, 'sydney_small_hours', at('2026-10-03T14:00:00Z'))?.toISOString()).toBe('2026-10-04T15:00:00.000Z');
  });

  it('does open at the first pass of a repeated autumn hour', () => {
    expect(nextWindowStart(calendar, 'new_york_small_hours', at('2026-11-01T04:00:00Z'))?.toISOString()).toBe('2026-11-01T05:00:00.000Z');
    expect(nextWindowStart(calendar, 'sydney_small_hours', at('2026-04-04T14:00:00Z'))?.toISOString()).toBe('2026-04-04T15:00:00.000Z');
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
