/**
 * The one registry of notifier plug-ins: receiver `type` → factory. `createNotifier` builds the notifier
 * for a validated receiver and applies its `send_resolved`. Adding an integration means one entry here.
 */

import type { Agent } from 'node:https';
import { ConsoleNotifier, type TextSink } from './console.js';
import { EmailNotifier } from './email.js';
import type { Notifier } from './notifier.js';
import { PagerDutyNotifier } from './pagerduty.js';
import type { ReceiverConfig, ReceiverType } from './receiver-config.js';
import { withSendResolved } from './send-resolved-filter.js';
import { SlackWebhookNotifier } from './slack-webhook.js';
import { SlackNotifier } from './slack.js';

/** What notifiers may be given besides their receiver; every field optional. */
export interface NotifierDeps {
  /** IANA zone for times shown in messages (the routing table's `timezone`); UTC when absent. */
  readonly timeZone?: string;
  /** Per-request timeout for network receivers (default 10 s). */
  readonly timeoutMs?: number;
  /** Console receiver output (default stdout). */
  readonly out?: TextSink;
  /** Tests: an https agent trusting the fake PagerDuty's certificate. */
  readonly pagerDutyAgent?: Agent;
  /** Spacing of pdjs's built-in 429 retries (default 250 ms). */
  readonly pagerDutyRetryTimeoutMs?: number;
}

type Factory<T extends ReceiverType> = (receiver: Extract<ReceiverConfig, { readonly type: T }>, deps: NotifierDeps) => Notifier;

export const NOTIFIER_FACTORIES: { readonly [T in ReceiverType]: Factory<T> } = Object.freeze({
  slack: (r, d) => new SlackNotifier(r, { timeZone: d.timeZone, timeoutMs: d.timeoutMs }),
  slack_webhook: (r, d) => new SlackWebhookNotifier(r, { timeZone: d.timeZone, timeoutMs: d.timeoutMs }),
  pagerduty: (r, d) => new PagerDutyNotifier(r, {
    timeZone: d.timeZone,
    timeoutMs: d.timeoutMs,
    retryTimeoutMs: d.pagerDutyRetryTimeoutMs,
    agent: d.pagerDutyAgent,
  }),
  email: (r, d) => new EmailNotifier(r, { timeZone: d.timeZone, timeoutMs: d.timeoutMs }),
  console: (r, d) => new ConsoleNotifier(r, { timeZone: d.timeZone, out: d.out }),
});

export function createNotifier(receiver: ReceiverConfig, deps: NotifierDeps = {}): Notifier {
  const factory = NOTIFIER_FACTORIES[receiver.type] as Factory<ReceiverType>;
  return withSendResolved(receiver, factory(receiver, deps));
}

