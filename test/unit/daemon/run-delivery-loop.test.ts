/**
 * The delivery loop's one timer under fake timers: a pass as soon as poked, the next one when alerting
 * says something is due (never later than 30 s, never sooner than 1 s), a poke during a pass runs another
 * right after it, and stop() waits for the pass in flight and arms nothing more.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeliveryLoop } from '../../../src/daemon/delivery-loop.js';

const T0 = new Date('2026-11-22T10:00:00.000Z');

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('DeliveryLoop', () => {
  it('does wake when the next thing is due, bounded to 1-30 s, and stop arming when stopped', async () => {
    const passes: string[] = [];
    const due = [new Date(T0.getTime() + 5_000), new Date(T0.getTime() + 3_600_000), new Date(T0.getTime() - 60_000), undefined];
    let i = 0;
    const loop = new DeliveryLoop({
      now: () => new Date(),
      pass: async () => {
        passes.push(new Date().toISOString().slice(11, 19));
        return due[i++];
      },
      onError: () => undefined,
    });
    loop.poke();
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toEqual(['10:00:00']);
    await vi.advanceTimersByTimeAsync(5_000); // due in 5 s
    expect(passes).toEqual(['10:00:00', '10:00:05']);
    await vi.advanceTimersByTimeAsync(30_000); // due in an hour: wakes after 30 s anyway
    expect(passes).toEqual(['10:00:00', '10:00:05', '10:00:35']);
    await vi.advanceTimersByTimeAsync(1_000); // due in the past: after the 1 s floor
    expect(passes).toEqual(['10:00:00', '10:00:05', '10:00:35', '10:00:36']);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(passes).toHaveLength(4);
    expect(loop.armed()).toBe(false);
  });

  it('does run another pass right after the current one when poked during it, and report errors', async () => {
    const errors: unknown[] = [];
    let release: () => void = () => undefined;
    let count = 0;
    const loop = new DeliveryLoop({
      now: () => new Date(),
      pass: async () => {
        count++;
        if (count === 1)
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        if (count === 2) throw new Error('store locked');
        return undefined;
      },
      onError: (error) => errors.push(error),
    });
    loop.poke();
    await vi.advanceTimersByTimeAsync(0);
    loop.poke(); // during the first pass
    release();
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(0);
    expect(count).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['store locked']);
    await loop.stop();
  });
});
