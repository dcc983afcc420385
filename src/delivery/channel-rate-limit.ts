/**
 * A token bucket per key (a Slack channel): `rate` messages per second with a burst of `burst`, driven
 * by the instants passed in (no timers, no wall clock). It answers "send now" or "wait this long";
 * releasing the outbox row for that long is the delivery loop's job.
 */

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** When not allowed: how long until a token is there, ms. */
  readonly waitMs: number;
}

interface Bucket {
  readonly tokens: number;
  readonly at: number;
}

export class ChannelRateLimit {
  readonly #buckets = new Map<string, Bucket>();

  /** Default: Slack's 1 message per second per channel, no burst. */
  constructor(
    private readonly ratePerSecond = 1,
    private readonly burst = 1,
  ) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new Error(`rate limit needs rate > 0 and burst >= 1, got ${ratePerSecond}/${burst}`);
  }

  /** Takes a token for `key` at `now` when one is there; otherwise says how long to wait. */
  take(key: string, now: Date): RateLimitDecision {
    const t = now.getTime();
    const before = this.#buckets.get(key) ?? { tokens: this.burst, at: t };
    const elapsed = Math.max(0, t - before.at);
    const tokens = Math.min(this.burst, before.tokens + (elapsed * this.ratePerSecond) / 1000);
    if (tokens >= 1) {
      this.#buckets.set(key, { tokens: tokens - 1, at: Math.max(t, before.at) });
      return { allowed: true, waitMs: 0 };
    }
    this.#buckets.set(key, { tokens, at: Math.max(t, before.at) });
    return { allowed: false, waitMs: Math.ceil(((1 - tokens) * 1000) / this.ratePerSecond) };
  }
}
