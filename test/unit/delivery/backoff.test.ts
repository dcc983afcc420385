import { describe, expect, it } from 'vitest';
import { backoffDelayMs, decideRetry, DEFAULT_BACKOFF } from '../../../src/delivery/backoff.js';

/** mulberry32: a small seeded generator, so the jitter is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('backoff', () => {
  it('does grow the ceiling from 30 s by a factor of 2 up to 30 min', () => {
    const ceilings = Array.from({ length: 9 }, (_, i) => backoffDelayMs(i + 1, DEFAULT_BACKOFF, () => 0.999999999));
    expect(ceilings.map((ms) => Math.round(ms / 1000))).toEqual([30, 60, 120, 240, 480, 960, 1800, 1800, 1800]);
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0)).toBe(0);
  });

  it('does draw each delay uniformly below its ceiling with full jitter when the random source is seeded', () => {
    const random = seeded(42);
    const schedule = Array.from({ length: 9 }, (_, i) => backoffDelayMs(i + 1, DEFAULT_BACKOFF, random));
    const again = seeded(42);
    expect(Array.from({ length: 9 }, (_, i) => backoffDelayMs(i + 1, DEFAULT_BACKOFF, again))).toEqual(schedule);
    schedule.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(Math.min(1_800_000, 30_000 * 2 ** i));
    });
    // Full jitter, not equal jitter: over many draws some delays fall in the lower half of the ceiling.
    const r = seeded(7);
    const draws = Array.from({ length: 200 }, () => backoffDelayMs(3, DEFAULT_BACKOFF, r));
    expect(draws.some((ms) => ms < 60_000)).toBe(true);
    expect(draws.some((ms) => ms >= 60_000)).toBe(true);
  });

  it('does honour Retry-After as a floor when it asks for longer than the jitter', () => {
    expect(backoffDelayMs(1, DEFAULT_BACKOFF, () => 0.5, 120_000)).toBe(120_000);
    expect(backoffDelayMs(5, DEFAULT_BACKOFF, () => 0.5, 1_000)).toBe(240_000);
  });

  it('does give up after the maximum attempts and at once on a permanent failure', () => {
    const random = seeded(1);
    expect(decideRetry(9, { retryable: true }, DEFAULT_BACKOFF, random).action).toBe('retry');
    expect(decideRetry(10, { retryable: true }, DEFAULT_BACKOFF, random)).toEqual({ action: 'dead', reason: 'max attempts reached' });
    expect(decideRetry(1, { retryable: false }, DEFAULT_BACKOFF, random)).toEqual({ action: 'dead', reason: 'permanent failure' });
  });

  it('does refuse an attempt number below 1', () => {
    expect(() => backoffDelayMs(0, DEFAULT_BACKOFF, Math.random)).toThrow('attempt must be a positive integer, got 0');
  });
});
