import { describe, expect, it } from 'vitest';
import { firstNotificationLatencies, percentile, summarize } from '../../../bench/alertmanager/latency-stats.js';

describe('percentile', () => {
  it('does use the nearest rank when the values are unsorted', () => {
    const values = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100];
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(100);
    expect(percentile(values, 10)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
  });

  it('does return nothing for no values and refuse p outside (0, 100]', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(() => percentile([1], 0)).toThrow('percentile 0 is not in (0, 100]');
    expect(summarize([])).toEqual({ count: 0 });
    expect(summarize([3, 1, 2])).toEqual({ count: 3, p50: 2, p95: 3, max: 3 });
  });
});

describe('firstNotificationLatencies', () => {
  it('does take the earliest arrival per group at or after its first alert when groups get several', () => {
    const first = new Map([
      ['a', 1000],
      ['b', 2000],
      ['c', 3000],
    ]);
    const latencies = firstNotificationLatencies(first, [
      { group: 'a', at: 2500 },
      { group: 'a', at: 1800 },
      { group: 'b', at: 1500 }, // before its first alert: a stale notification, ignored
      { group: 'b', at: 7000 },
      { group: 'x', at: 1000 }, // unknown group
    ]);
    expect([...latencies].sort()).toEqual([
      ['a', 800],
      ['b', 5000],
    ]);
  });
});
