import { describe, expect, it } from 'vitest';
import { dueAt } from '../../../src/router/business-clock.js';
import type { Calendar } from '../../../src/router/time-windows.js';
import type { ResponseSpec } from '../../../src/router/routing-config.js';

const calendar = (holidays: readonly string[] = []): Calendar => ({
  timezone: 'Europe/London',
  holidays,
  timeIntervals: {
    business_hours: {
      name: 'business_hours',
      specs: [
        {
          times: [{ startMinute: 540, endMinute: 1080 }],
          weekdays: [{ start: 1, end: 5 }],
          daysOfMonth: [],
          months: [],
          years: [],
          location: 'Europe/London',
        },
      ],
    },
  },
});

const night = (location: string): Calendar => ({
  timezone: location,
  holidays: [],
  timeIntervals: {
    night: { name: 'night', specs: [{ times: [{ startMinute: 60, endMinute: 240 }], weekdays: [], daysOfMonth: [], months: [], years: [], location }] },
  },
});
const nightWork = (minutes: number): ResponseSpec => ({ kind: 'within', withinMs: minutes * 60_000, clock: 'night' });

const business30m: ResponseSpec = { kind: 'within', withinMs: 30 * 60_000, clock: 'business_hours' };
const due = (response: ResponseSpec, firedAt: string, holidays: readonly string[] = []) => dueAt(response, new Date(firedAt), calendar(holidays)).toISOString();

describe('dueAt', () => {
  it('does add wall-clock time for within without a clock', () => {
    expect(due({ kind: 'within', withinMs: 3_600_000 }, '2026-10-25T00:30:00Z')).toBe('2026-10-25T01:30:00.000Z');
  });

  it('does return the firing time for immediate', () => {
    expect(due({ kind: 'immediate' }, '2026-11-28T03:00:00Z')).toBe('2026-11-28T03:00:00.000Z');
  });

  it('does count only working minutes when fired late on a Friday', () => {
    // Friday 27 November 17:45 → 15 minutes on Friday, 15 on Monday.
    expect(due(business30m, '2026-11-27T17:45:00Z')).toBe('2026-11-30T09:15:00.000Z');
  });

  it('does move to Tuesday when the Monday is a holiday', () => {
    expect(due(business30m, '2026-11-27T17:45:00Z', ['2026-11-30'])).toBe('2026-12-01T09:15:00.000Z');
  });

  it('does count working minutes on the local clock across the spring DST change', () => {
    // Friday 27 March 17:45 GMT; Monday 30 March 09:15 BST is 08:15Z.
    expect(due(business30m, '2026-03-27T17:45:00Z')).toBe('2026-03-30T08:15:00.000Z');
  });

  it('does count working minutes on the local clock across the autumn DST change', () => {
    // Friday 23 October 17:45 BST (16:45Z); Monday 26 October 09:15 GMT.
    expect(due(business30m, '2026-10-23T16:45:00Z')).toBe('2026-10-26T09:15:00.000Z');
  });

  it('does start counting at the next opening when fired outside the window', () => {
    expect(due(business30m, '2026-11-28T12:00:00Z')).toBe('2026-11-30T09:30:00.000Z');
    expect(due(business30m, '2026-11-24T17:30:00Z')).toBe('2026-11-24T18:00:00.000Z');
  });

  it('does end same_day responses at the end of the current window, or of the next when outside', () => {
    const sameDay: ResponseSpec = { kind: 'by', by: 'same_day', clock: 'business_hours' };
    expect(due(sameDay, '2026-11-24T10:00:00Z')).toBe('2026-11-24T18:00:00.000Z');
    expect(due(sameDay, '2026-11-24T19:00:00Z')).toBe('2026-11-25T18:00:00.000Z');
    expect(due(sameDay, '2026-11-24T07:00:00Z')).toBe('2026-11-24T18:00:00.000Z');
    expect(due(sameDay, '2026-11-28T10:00:00Z', ['2026-11-30'])).toBe('2026-12-01T18:00:00.000Z');
  });

  it('does end next_business_day responses at the close of the next working day', () => {
    const nextDay: ResponseSpec = { kind: 'by', by: 'next_business_day', clock: 'business_hours' };
    expect(due(nextDay, '2026-11-24T10:00:00Z')).toBe('2026-11-25T18:00:00.000Z');
    expect(due(nextDay, '2026-11-27T17:45:00Z')).toBe('2026-11-30T18:00:00.000Z');
    expect(due(nextDay, '2026-11-27T17:45:00Z', ['2026-11-30'])).toBe('2026-12-01T18:00:00.000Z');
    // Thursday 26 March fired; Friday 27 March 18:00 GMT.
    expect(due(nextDay, '2026-03-26T23:30:00Z')).toBe('2026-03-27T18:00:00.000Z');
    // Friday 27 March fired; Monday 30 March 18:00 BST is 17:00Z.
    expect(due(nextDay, '2026-03-27T12:00:00Z')).toBe('2026-03-30T17:00:00.000Z');
  });

  it('does count the repeated autumn hour as working time in Sydney and New York', () => {
    // Sydney's 01:00-04:00 on 5 April 2026 lasts four hours (01:00 AEDT 14:00Z to 04:00 AEST 18:00Z).
    expect(dueAt(nightWork(210), new Date('2026-04-04T14:00:00Z'), night('Australia/Sydney')).toISOString()).toBe('2026-04-04T17:30:00.000Z');
    // New York's on 1 November 2026: 01:00 EDT (05:00Z) to 04:00 EST (09:00Z).
    expect(dueAt(nightWork(210), new Date('2026-11-01T05:00:00Z'), night('America/New_York')).toISOString()).toBe('2026-11-01T08:30:00.000Z');
  });

  it('does count the spring-forward gap as no working time in New York and London', () => {
    // New York's 01:00-04:00 on 8 March 2026 lasts two hours (06:00Z to 08:00Z): 30 minutes are left for 9 March.
    expect(dueAt(nightWork(150), new Date('2026-03-08T06:00:00Z'), night('America/New_York')).toISOString()).toBe('2026-03-09T05:30:00.000Z');
    // London's 01:00-04:00 on 29 March 2026 is 01:00Z to 03:00Z; 30 March 01:00 BST is 00:00Z.
    expect(dueAt(nightWork(150), new Date('2026-03-29T01:00:00Z'), night('Europe/London')).toISOString()).toBe('2026-03-30T00:30:00.000Z');
  });
});
