/**
 * The PagerDuty receiver: Events API v2 through `@pagerduty/pdjs`, wrapped so its quirks cannot hurt
 * (routing.md §2.2): no 30 s stray timer (`requestTimeout: 0`), a short `retryTimeout` for the 429 retries
 * pdjs always makes, an `AbortSignal` timeout, and the outcome read from `res.status`. One attempt per send;
 * backoff is the outbox's.
 */

import type { Agent } from 'node:https';
import { event } from '@pagerduty/pdjs';
import type { Secret } from '../config/secret.js';
import { renderMessage } from './message.js';
import type { Notification, Notifier, SendResult } from './notifier.js';
import { buildPagerDutyEvent } from './pagerduty-event.js';
import type { NotifierPlugin, ReceiverBase } from './notifier-plugin.js';

type EventParameters = Parameters<typeof event>[0];

/** PagerDuty Events API v2. */
export interface PagerDutyReceiver extends ReceiverBase {
  readonly type: 'pagerduty';
  /** 32-character integration key (`routing_key: ${PD_ROUTING_KEY}` or `routing_key_file`). */
  readonly routingKey: Secret;
  /** Events API host, default `events.pagerduty.com` (EU: `events.eu.pagerduty.com`); tests use `127.0.0.1:PORT`. */
  readonly server: string;
}

export const DEFAULT_PAGERDUTY_SERVER = 'events.pagerduty.com';

export const pagerDutyPlugin: NotifierPlugin<PagerDutyReceiver> = {
  type: 'pagerduty',
  keys: ['routing_key', 'routing_key_file', 'server'],
  pages: true,
  ownsEscalation: true,
  validate: ({ fields, map, path, base, required }) => {
    const routingKey = required(fields.secret(map, [...path, 'routing_key']), 'routing_key', ': use routing_key: ${PD_ROUTING_KEY} or routing_key_file');
    const server = fields.string(map, [...path, 'server']) ?? DEFAULT_PAGERDUTY_SERVER;
    return routingKey === undefined ? undefined : { ...base, type: 'pagerduty', routingKey, server };
  },
  create: (receiver, deps) =>
    new PagerDutyNotifier(receiver, {
      timeZone: deps.timeZone,
      timeoutMs: deps.timeoutMs,
      retryTimeoutMs: deps.pagerDutyRetryTimeoutMs,
      agent: deps.pagerDutyAgent,
    }),
};

export interface PagerDutyNotifierOptions {
  /** IANA zone for times in the event; UTC when absent. */
  readonly timeZone?: string;
  /** Whole-call timeout (default 10 s), through `AbortSignal.timeout`. */
  readonly timeoutMs?: number;
  /**
   * pdjs retries a 429 three times inside one call at this spacing and cannot be told not to; keep it short
   * (default 250 ms) so the outbox, not pdjs, does the real backoff.
   */
  readonly retryTimeoutMs?: number;
  /** For tests: an agent trusting the fake's certificate. Production uses the system CAs. */
  readonly agent?: Agent;
}

export class PagerDutyNotifier implements Notifier {
  readonly #receiver: PagerDutyReceiver;
  readonly #options: PagerDutyNotifierOptions;

  constructor(receiver: PagerDutyReceiver, options: PagerDutyNotifierOptions = {}) {
    this.#receiver = receiver;
    this.#options = options;
  }

  async send(notification: Notification): Promise<SendResult> {
    const message = renderMessage(notification, { timeZone: this.#options.timeZone });
    const body = buildPagerDutyEvent(notification, message, this.#receiver.routingKey.reveal());
    const parameters = {
      data: body,
      server: this.#receiver.server,
      requestTimeout: 0, // pdjs arms an un-cleared 30 s timer otherwise (it aborts nothing)
      retryTimeout: this.#options.retryTimeoutMs ?? 250,
      signal: AbortSignal.timeout(this.#options.timeoutMs ?? 10_000),
      ...(this.#options.agent === undefined ? {} : { agent: this.#options.agent }),
    } as unknown as EventParameters; // pdjs types want a payload on resolves and know no `agent`
    try {
      const res = await event(parameters);
      return classifyResponse(res.status, res.data as unknown, body.dedup_key, body.event_action);
    } catch (error) {
      return classifyThrown(error);
    }
  }
}

function classifyResponse(status: number, data: unknown, dedupKey: string, action: string): SendResult {
  const answer = (data ?? {}) as { dedup_key?: unknown; message?: unknown; errors?: unknown };
  if (status === 202) {
    const key = typeof answer.dedup_key === 'string' ? answer.dedup_key : dedupKey;
    return { ok: true, receiverData: { pagerduty: { dedupKey: key } }, providerResponse: `pagerduty ${action} 202 ${key}` };
  }
  const detail = Array.isArray(answer.errors) ? `: ${answer.errors.map(String).join('; ')}` : typeof answer.message === 'string' ? `: ${answer.message}` : '';
  const retryable = status === 429 || status >= 500;
  return { ok: false, retryable, error: `pagerduty ${action}: HTTP ${status}${detail}` };
}

function classifyThrown(error: unknown): Extract<SendResult, { ok: false }> {
  const e = (error ?? {}) as { name?: unknown; type?: unknown; code?: unknown; errno?: unknown };
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.type === 'aborted' || e.type === 'request-timeout') {
    return { ok: false, retryable: true, error: 'pagerduty: timed out' };
  }
  if (e.type === 'invalid-json') return { ok: false, retryable: true, error: 'pagerduty: answer was not JSON (likely a 5xx from a proxy)' };
  const code = typeof e.code === 'string' ? e.code : typeof e.errno === 'string' ? e.errno : undefined;
  return { ok: false, retryable: true, error: `pagerduty: ${code ?? 'request failed'}` };
}
