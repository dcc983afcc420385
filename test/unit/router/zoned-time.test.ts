import { describe, expect, it } from 'vitest';
import { instantOf, isValidZone, localTime } from '../../../src/router/zoned-time.js';

describe('zoned time', () => {
  it('does read the local date, weekday and minute in a zone', () => {
    expect(localTime(new Date('2026-03-29T08:30:00Z'), 'Europe/London')).toEqual({ year: 2026, month: 3, day: 29, weekday: 0, minute: 570 });
    expect(localTime(new Date('2026-11-25T01:30:00Z'), 'America/New_York')).toMatchObject({ day: 24, weekday: 2, minute: 1230 });
  });

  it('does map a local time to its instant on both sides of a DST change', () => {
    expect(instantOf({ year: 2026, month: 3, day: 28 }, 540, 'Europe/London').toISOString()).toBe('2026-03-28T09:00:00.000Z');
    expect(instantOf({ year: 2026, month: 3, day: 29 }, 540, 'Europe/London').toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(instantOf({ year: 2026, month: 3, day: 29 }, 1440, 'Europe/London').toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it('does map a skipped spring time past the gap and a repeated autumn time to the earlier instant', () => {
    expect(instantOf({ year: 2026, month: 3, day: 29 }, 90, 'Europe/London').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(instantOf({ year: 2026, month: 10, day: 25 }, 90, 'Europe/London').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('does map a skipped spring time one gap later in New York and Sydney', () => {
    // New York springs forward at 02:00 EST on Sunday 8 March 2026; Sydney at 02:00 AEST on Sunday 4 October.
    expect(instantOf({ year: 2026, month: 3, day: 8 }, 150, 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(instantOf({ year: 2026, month: 10, day: 4 }, 150, 'Australia/Sydney').toISOString()).toBe('2026-10-03T16:30:00.000Z');
  });

  it('does map a repeated autumn time to the earlier instant in New York and Sydney', () => {
    // New York falls back at 02:00 EDT on Sunday 1 November 2026; Sydney at 03:00 AEDT on Sunday 5 April.
    expect(instantOf({ year: 2026, month: 11, day: 1 }, 90, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(instantOf({ year: 2026, month: 4, day: 5 }, 150, 'Australia/Sydney').toISOString()).toBe('2026-04-04T15:30:00.000Z');
  });

  it('does read both passes of a repeated autumn hour as the same local minute', () => {
    for (const iso of ['2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z']) {
      expect(localTime(new Date(iso), 'America/New_York')).toEqual({ year: 2026, month: 11, day: 1, weekday: 0, minute: 90 });
    }
    for (const iso of ['2026-04-04T15:30:00Z', '2026-04-04T16:30:00Z']) {
      expect(localTime(new Date(iso), 'Australia/Sydney')).toEqual({ year: 2026, month: 4, day: 5, weekday: 0, minute: 150 });
    }
  });

  it('does map local midnight after a change to the next day in the new offset', () => {
    expect(instantOf({ year: 2026, month: 3, day: 8 }, 1440, 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(instantOf({ year: 2026, month: 4, day: 5 }, 1440, 'Australia/Sydney').toISOString()).toBe('2026-04-05T14:00:00.000Z');
  });

  it('does know IANA zones and refuse unknown names and bare offsets', () => {
    expect(isValidZone('Europe/London')).toBe(true);
    expect(isValidZone('UTC')).toBe(true);
    expect(isValidZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidZone('')).toBe(false);
    expect(isValidZone('+05:00')).toBe(false);
  });
});
