/**
 * closeWithin and untilDeadline on fake timers: a hung lease release or store close is abandoned at the
 * deadline (the steps after it still started), failures move on, and nothing waits past the deadline.
 */

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeWithin, untilDeadline } from '../../../src/daemon/close-within.js';

const hang = (): Promise<never> => new Promise<never>(() => undefined);

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-20T12:00:00Z') });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('closeWithin', () => {
  it('does resolve at the deadline and name the hung step and those after it when the lease release hangs', async () => {
    const started: string[] = [];
    const step = (name: string, run: () => Promise<unknown>) => ({
      name,
      run: () => {
        started.push(name);
        return run();
      },
    });
    let settled = false;
    const closing = closeWithin([step('lease', hang), step('snowflake', async () => undefined), step('store', hang)], Date.now() + 5_000, () => undefined).then(
      (r) => {
        settled = true;
        return r;
      },
    );
    await vi.advanceTimersByTimeAsync(4_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(settled).toBe(true);
    expect(await closing).toEqual({ abandoned: ['lease', 'snowflake', 'store'] });
    expect(started).toEqual(['lease', 'snowflake', 'store']); // the later ones still started, best effort
  });

  it('does wait for each step in turn and abandon only the store when the store close hangs', async () => {
    const errors: string[] = [];
    let leaseReleased = false;
    const closing = closeWithin(
      [
        {
          name: 'lease',
          run: async () => {
            await new Promise((r) => setTimeout(r, 1_000));
            leaseReleased = true;
          },
        },
        {
          name: 'alerting',
          run: async () => {
            throw new Error('already closed');
          },
        },
        { name: 'store', run: hang },
      ],
      Date.now() + 3_000,
      (name, error) => errors.push(`${name}: ${(error as Error).message}`),
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(leaseReleased).toBe(true);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await closing).toEqual({ abandoned: ['store'] });
    expect(errors).toEqual(['alerting: already closed']);
  });

  it('does abandon nothing when every step finishes in time', async () => {
    expect(await closeWithin([{ name: 'store', run: async () => undefined }], Date.now() + 1_000, () => undefined)).toEqual({ abandoned: [] });
  });
});

describe('untilDeadline', () => {
  it('does resolve false at the deadline when the work hangs and true when it settles first', async () => {
    const hung = untilDeadline(hang(), Date.now() + 2_000);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await hung).toBe(false);
    expect(await untilDeadline(Promise.reject(new Error('x')), Date.now() + 2_000)).toBe(true);
    expect(await untilDeadline(Promise.resolve(), Date.now() - 1)).toBe(true); // already settled wins even past the deadline
  });
});
