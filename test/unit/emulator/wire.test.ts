import { describe, expect, it } from 'vitest';
import { encodePlain, epochFraction } from '../../../src/emulator/wire.js';
import { ResultCache } from '../../../src/emulator/result-cache.js';
import type { CachedQuery } from '../../../src/emulator/result-cache.js';

describe('wire encoding', () => {
  it('does write epoch seconds with nine fractional digits, flooring negatives', () => {
    expect(epochFraction(1_704_164_645_123_456n)).toBe('1704164645.123456000');
    expect(epochFraction(-1n)).toBe('-1.999999000');
    expect(epochFraction(0n)).toBe('0.000000000');
  });

  it('does encode plain SHOW values for their declared types', () => {
    expect(encodePlain('timestamp_ltz', new Date('2024-01-02T03:04:05.678Z'))).toBe('1704164645.678000000');
    expect(encodePlain('date', new Date('2024-01-02T00:00:00Z'))).toBe('19724');
    expect(encodePlain('boolean', true)).toBe('1');
    expect(encodePlain('text', true)).toBe('true');
    expect(encodePlain('fixed', 60)).toBe('60');
    expect(encodePlain('text', null)).toBeNull();
  });
});

describe('ResultCache', () => {
  const entry = (): CachedQuery => ({ status: 'SUCCESS', errorMessage: null, sqlState: null, response: Promise.resolve({}) });

  it('does evict the least recently used result when over capacity', () => {
    const cache = new ResultCache(2);
    const a = entry();
    cache.set('a', a);
    cache.set('b', entry());
    expect(cache.get('a')).toBe(a);
    cache.set('c', entry());
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(a);
    expect(cache.size).toBe(2);
  });
});
