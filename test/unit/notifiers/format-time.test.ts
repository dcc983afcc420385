import { describe, expect, it } from 'vitest';
import { formatClockTime, formatDuration, formatInstant, readableInstants } from '../../../src/notifiers/format-time.js';

describe('formatInstant', () => {
  it('does show weekday, date, time and UTC when no zone is given', () => {
    expect(formatInstant('2026-11-23T09:15:00Z', undefined)).toBe('Mon 23 Nov 09:15 UTC');
  });

  it('does convert to the zone when one is given', () => {
    expect(formatInstant('2026-11-20T23:30:00Z', 'America/New_York')).toBe('Fri 20 Nov 18:30 EST');
  });

  it('does name the zone by its short name, GMT or BST by season, when it has one', () => {
    expect(formatInstant('2026-11-23T09:00:00Z', 'Europe/London')).toBe('Mon 23 Nov 09:00 GMT');
    expect(formatInstant('2026-07-06T09:00:00Z', 'Europe/London')).toBe('Mon 6 Jul 10:00 BST');
    expect(formatInstant('2026-07-06T09:00:00Z', 'Europe/Paris')).toBe('Mon 6 Jul 11:00 CEST');
  });

  it('does fall back to a GMT offset when the zone has no common abbreviation', () => {
    expect(formatInstant('2026-11-23T09:00:00Z', 'Asia/Tokyo')).toBe('Mon 23 Nov 18:00 GMT+9');
  });

  it('does return the input unchanged when it is not a date', () => {
    expect(formatInstant('soon', undefined)).toBe('soon');
  });
});

describe('formatClockTime', () => {
  it('does show hours and minutes with the zone named as formatInstant names it', () => {
    expect(formatClockTime(new Date('2026-11-23T14:32:00Z'), 'UTC')).toBe('14:32 UTC');
    expect(formatClockTime(new Date('2026-07-06T08:05:00Z'), 'Europe/London')).toBe('09:05 BST');
    expect(formatClockTime(new Date('2026-11-20T23:30:00Z'), 'America/New_York')).toBe('18:30 EST');
    expect(formatClockTime(new Date('2026-11-23T09:00:00Z'), 'Asia/Tokyo')).toBe('18:00 GMT+9');
  });
});

describe('readableInstants', () => {
  it('does rewrite every zoned ISO instant in a text and leave the rest alone', () => {
    expect(readableInstants('failed 3 runs in a row since 2026-11-16T01:00:01.225Z; resets 2026-12-01T00:00:00+01:00', 'Europe/London')).toBe(
      'failed 3 runs in a row since Mon 16 Nov 01:00 GMT; resets Mon 30 Nov 23:00 GMT',
    );
  });

  it('does leave dates, bare local times and ids as they are', () => {
    const text = 'cycle 2026-11-01, at 2026-11-16T01:00 local, query 01b2-0000-aaaa';
    expect(readableInstants(text, 'UTC')).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [45_000, '45s'],
    [14 * 60_000, '14m'],
    [2 * 3_600_000, '2h'],
    [2 * 3_600_000 + 5 * 60_000, '2h 5m'],
    [3 * 86_400_000 + 4 * 3_600_000, '3d 4h'],
    [-5_000, '0s'],
  ])('does render %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
