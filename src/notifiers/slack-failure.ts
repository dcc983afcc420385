/**
 * Classifies what `@slack/web-api` threw into a notifier failure: rate limits carry Retry-After, HTTP 5xx,
 * timeouts and network errors are retryable, platform errors (`ok: false`) are not, except `ratelimited`
 * and Slack's transient server errors (`internal_error`, `service_unavailable`).
 * Never includes the token: only error codes and Slack's own error names reach the message.
 */

import { ErrorCode } from '@slack/web-api';
import type { SendResult } from './notifier.js';

type Failure = Extract<SendResult, { ok: false }>;

/** Platform errors that mean "the parent cannot be edited": fall back to a thread reply. */
export const UNEDITABLE_PARENT = Object.freeze(['message_not_found', 'cant_update_message', 'edit_window_closed']);

/** The platform error name (`channel_not_found`) of a web-api error, if it is one. */
export function platformError(error: unknown): string | undefined {
  const e = error as { code?: unknown; data?: { error?: unknown } } | null;
  if (e?.code === ErrorCode.PlatformError && typeof e.data?.error === 'string') return e.data.error;
  return undefined;
}

export function classifySlackError(error: unknown, method: string): Failure {
  const e = (error ?? {}) as { code?: unknown; retryAfter?: unknown; statusCode?: unknown; original?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  switch (e.code) {
    case ErrorCode.RateLimitedError: {
      const seconds = typeof e.retryAfter === 'number' ? e.retryAfter : undefined;
      return {
        ok: false,
        retryable: true,
        ...(seconds === undefined ? {} : { retryAfterMs: seconds * 1000 }),
        error: `slack ${method}: rate limited (429)${seconds === undefined ? '' : `, retry after ${seconds}s`}`,
      };
    }
    case ErrorCode.HTTPError: {
      const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
      return { ok: false, retryable: status >= 500 || status === 408, error: `slack ${method}: HTTP ${status}` };
    }
    case ErrorCode.RequestError: {
      const original = e.original as { name?: unknown; message?: unknown; cause?: { code?: unknown } } | undefined;
      const why =
        original?.name === 'TimeoutError'
          ? 'timed out'
          : typeof original?.cause?.code === 'string'
            ? original.cause.code
            : String(original?.message ?? 'request failed');
      return { ok: false, retryable: true, error: `slack ${method}: ${why}` };
    }
    case ErrorCode.PlatformError: {
      const name = platformError(error) ?? 'unknown_error';
      return { ok: false, retryable: name === 'ratelimited' || name === 'internal_error' || name === 'service_unavailable', error: `slack ${method}: ${name}` };
    }
    default:
      // A 429 without a usable Retry-After arrives as a plain Error from the client.
      if (message.includes('Retry header did not contain a valid timeout')) {
        return { ok: false, retryable: true, error: `slack ${method}: rate limited (429) without Retry-After` };
      }
      return { ok: false, retryable: false, error: `slack ${method}: ${message.replace(/xox[a-z]-[\w-]+/g, '[redacted]')}` };
  }
}
