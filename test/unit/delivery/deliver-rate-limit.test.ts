/**
 * The per-channel token bucket the delivery pass uses for Slack (1 message per second per channel),
 * driven only by the instants passed in.
 */

import { describe, expect, it } from 'vitest';
import { ChannelRateLimit } from '../../../src/delivery/channel-rate-limit.js';

const T0 = new Date('2026-11-16T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

describe('ChannelRateLimit', () => {
  it('does allow one message per second per channel and says how long to wait when a second comes sooner', () => {
    const limit = new ChannelRateLimit();
    expect(limit.take('#data-costs', T0)).toEqual({ allowed: true, waitMs: 0 });
    expect(limit.take('#data-costs', T0)).toEqual({ allowed: false, waitMs: 1000 });
    expect(limit.take('#data-costs', at(400))).toEqual({ allowed: false, waitMs: 600 });
    expect(limit.take('#data-costs', at(1000))).toEqual({ allowed: true, waitMs: 0 });
    expect(limit.take('#data-costs', at(1999)).allowed).toBe(false);
    expect(limit.take('#data-costs', at(2000)).allowed).toBe(true);
  });

  it('does keep channels apart when two channels post at the same instant', () => {
    const limit = new ChannelRateLimit();
    expect(limit.take('#data-costs', T0).allowed).toBe(true);
    expect(limit.take('#data-alerts', T0).allowed).toBe(true);
    expect(limit.take('#data-costs', T0).allowed).toBe(false);
  });

  it('does not bank more than its burst when a channel was idle for long', () => {
    const limit = new ChannelRateLimit(1, 2);
    expect(limit.take('c', T0).allowed).toBe(true);
    const later = at(60_000);
    expect(limit.take('c', later).allowed).toBe(true);
    expect(limit.take('c', later).allowed).toBe(true);
    expect(limit.take('c', later)).toEqual({ allowed: false, waitMs: 1000 });
  });

  it('does not hand out tokens when the clock goes backwards', () => {
    const limit = new ChannelRateLimit();
    expect(limit.take('c', at(5000)).allowed).toBe(true);
    expect(limit.take('c', at(1000)).allowed).toBe(false);
  });

  it('does refuse a rate that is not positive', () => {
    expect(() => new ChannelRateLimit(0)).toThrow(/rate > 0/);
  });
});
