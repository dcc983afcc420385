import { describe, expect, it } from 'vitest';
import { bool, creditsPerHour, num, percentages, str, time } from '../../../src/checks/row-values.js';

describe('row values', () => {
  it('does read SHOW timestamps with their offset', () => {
    expect(time('2001-01-01 00:00:00.000 -0700')?.toISOString()).toBe('2001-01-01T07:00:00.000Z');
    expect(time('2026-11-20T12:00:00.000Z')?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
    expect(time('2026-11-20 12:00:00')?.toISOString()).toBe('2026-11-20T12:00:00.000Z');
    expect(time('')).toBeUndefined();
    expect(time('null')).toBeUndefined();
  });

  it('does read SHOW trigger percentages and placeholders', () => {
    expect(percentages('75%,88%')).toEqual([75, 88]);
    expect(percentages('99%')).toEqual([99]);
    expect(percentages('')).toEqual([]);
    expect(percentages(null)).toEqual([]);
    expect(str('null')).toBeUndefined();
    expect(num('100.00')).toBe(100);
    expect(num('')).toBeUndefined();
    expect([bool('true'), bool('N'), bool('YES'), bool(null)]).toEqual([true, false, true, undefined]);
  });

  it('does map Snowflake size names to credits per hour, including the gotcha spellings', () => {
    expect([creditsPerHour('X-Small'), creditsPerHour('XSMALL'), creditsPerHour('2X-Large'), creditsPerHour('6X-Large'), creditsPerHour('Huge')]).toEqual([
      1,
      1,
      32,
      512,
      undefined,
    ]);
  });
});
