/**
 * The dead-man's switch: pings an external URL (healthchecks.io, Cronitor, an uptime monitor) after each
 * good cycle, so silence from snowmon itself raises an alarm elsewhere. Never throws; the result says what
 * happened, with the URL kept out of it (a ping URL is a credential).
 */

import { scrubSecrets } from '../config/scrub-secrets.js';

export interface HeartbeatOptions {
  readonly url: string;
  /** Default GET. */
  readonly method?: 'GET' | 'POST';
  /** POST body (e.g. a short status line); ignored for GET. */
  readonly body?: string;
  /** Default 10 s. */
  readonly timeoutMs?: number;
  /** Injected for tests; default global fetch. */
  readonly fetch?: typeof fetch;
}

export type HeartbeatResult = { readonly ok: true; readonly status: number } | { readonly ok: false; readonly status?: number; readonly error: string };

/** Pings `options.url` once; a non-2xx answer, a network error or a timeout is `ok: false`. */
export async function pingHeartbeat(options: HeartbeatOptions): Promise<HeartbeatResult> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const method = options.method ?? 'GET';
  const doFetch = options.fetch ?? fetch;
  try {
    const response = await doFetch(options.url, {
      method,
      signal: AbortSignal.timeout(timeoutMs),
      ...(method === 'POST' ? { body: options.body ?? '', headers: { 'content-type': 'text/plain; charset=utf-8' } } : {}),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? { ok: true, status: response.status } : { ok: false, status: response.status, error: `HTTP ${response.status}` };
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TimeoutError' || name === 'AbortError') return { ok: false, error: `timed out after ${timeoutMs} ms` };
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    const message = error instanceof Error ? `${error.message}${cause}` : String(error);
    return { ok: false, error: scrubSecrets(message.split(options.url).join('[heartbeat url]')) };
  }
}
