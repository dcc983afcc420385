/**
 * The one retry policy for delivery: exponential backoff with full jitter (base 30 s, factor 2, capped at
 * 30 min), a provider's Retry-After as a floor, and a dead letter after a maximum of attempts or on a
 * permanent failure. Pure: the random source is passed in. Receivers only classify failures.
 */

export interface BackoffPolicy {
  /** The first retry's ceiling, ms. */
  readonly baseMs: number;
  /** How much the ceiling grows per attempt. */
  readonly factor: number;
  /** The largest ceiling, ms. */
  readonly capMs: number;
  /** Attempts (sends tried) after which a failure is final. */
  readonly maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = Object.freeze({
  baseMs: 30_000,
  factor: 2,
  capMs: 30 * 60_000,
  maxAttempts: 10,
});

/** How a send failed, as the notifier classified it. */
export interface DeliveryFailure {
  /** True when trying again later may succeed. */
  readonly retryable: boolean;
  /** The provider asked to wait at least this long (Slack Retry-After), ms. */
  readonly retryAfterMs?: number;
}

/** What to do after a failed attempt. */
export type RetryDecision =
  { readonly action: 'retry'; readonly delayMs: number } | { readonly action: 'dead'; readonly reason: 'permanent failure' | 'max attempts reached' };

/**
 * The wait before the retry that follows failed attempt number `attempt` (1 for the first failure):
 * a uniform draw in [0, min(cap, base × factor^(attempt-1))), and never less than `retryAfterMs`.
 */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number, retryAfterMs?: number): number {
  if (!Number.isInteger(attempt) || attempt < 1) throw new Error(`attempt must be a positive integer, got ${attempt}`);
  const ceiling = Math.min(policy.capMs, policy.baseMs * policy.factor ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterMs !== undefined && retryAfterMs > jittered ? Math.ceil(retryAfterMs) : jittered;
}

/** Retry or give up, after `attempts` attempts of which the last failed as `failure` says. */
export function decideRetry(attempts: number, failure: DeliveryFailure, policy: BackoffPolicy, random: () => number): RetryDecision {
  if (!failure.retryable) return { action: 'dead', reason: 'permanent failure' };
  if (attempts >= policy.maxAttempts) return { action: 'dead', reason: 'max attempts reached' };
  return { action: 'retry', delayMs: backoffDelayMs(attempts, policy, random, failure.retryAfterMs) };
}
