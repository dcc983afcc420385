import { describe, expect, it } from 'vitest';
import { instantOf, localTime } from '../../../src/router/zoned-time.js';

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
});
