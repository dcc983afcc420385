import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../../src/config/parse-duration.js';

describe('parseDuration', () => {
  it('does convert units to milliseconds when the text has a unit', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1d')).toBe(86_400_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1.5s')).toBe(1500);
  });

  it('does return undefined when the unit is missing or unknown', () => {
    for (const text of ['120', '', '12 parsecs', 's', '5 m', '-5s', '1w']) expect(parseDuration(text)).toBeUndefined();
  });
});
