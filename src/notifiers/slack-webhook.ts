/**
 * The Slack receiver through an incoming webhook (`@slack/webhook`): the same blocks as the Web API
 * receiver, but one fixed channel, no threads and no updates, so every notification (a resolve too) is a
 * new message. One attempt per send; 429 and 5xx are retryable. The hook URL is a secret and never printed.
 */

import { ErrorCode, IncomingWebhook } from '@slack/webhook';
import type { Secret } from '../config/secret.js';
import { renderMessage } from './message.js';
import type { Notification, Notifier, SendResult } from './notifier.js';
import type { NotifierPlugin, ReceiverBase } from './notifier-plugin.js';
import { renderSlackMessage } from './slack-blocks.js';

/** Slack incoming webhook: one fixed channel, no threads, no updates. */
export interface SlackWebhookReceiver extends ReceiverBase {
  readonly type: 'slack_webhook';
  /** The hook URL is a secret (`url: ${SLACK_WEBHOOK_URL}` or `url_file`). */
  readonly url: Secret;
}

export const slackWebhookPlugin: NotifierPlugin<SlackWebhookReceiver> = {
  type: 'slack_webhook',
  keys: ['url', 'url_file'],
  validate: ({ fields, map, path, base, required }) => {
    const url = required(fields.secret(map, [...path, 'url']), 'url', ': use url: ${SLACK_WEBHOOK_URL} or url_file');
    return url === undefined ? undefined : { ...base, type: 'slack_webhook', url };
  },
  create: (receiver, deps) => new SlackWebhookNotifier(receiver, { timeZone: deps.timeZone, timeoutMs: deps.timeoutMs }),
};

export interface SlackWebhookNotifierOptions {
  /** IANA zone for times in messages; UTC when absent. */
  readonly timeZone?: string;
  /** Per-request timeout (default 10 s). */
  readonly timeoutMs?: number;
}

export class SlackWebhookNotifier implements Notifier {
  readonly #hook: IncomingWebhook;
  readonly #options: SlackWebhookNotifierOptions;

  constructor(receiver: SlackWebhookReceiver, options: SlackWebhookNotifierOptions = {}) {
    this.#options = options;
    this.#hook = new IncomingWebhook(receiver.url.reveal(), { timeout: options.timeoutMs ?? 10_000, retryConfig: { retries: 0 } });
  }

  async send(notification: Notification): Promise<SendResult> {
    const message = renderSlackMessage(renderMessage(notification, { timeZone: this.#options.timeZone }));
    try {
      const result = await this.#hook.send({ text: message.text, blocks: [...message.blocks] });
      return { ok: true, receiverData: {}, providerResponse: `slack webhook ${result.text}` };
    } catch (error) {
      return classifyWebhookError(error);
    }
  }
}

function classifyWebhookError(error: unknown): Extract<SendResult, { ok: false }> {
  const e = (error ?? {}) as { code?: unknown; statusCode?: unknown; body?: unknown; original?: { name?: unknown; cause?: { code?: unknown } } };
  if (e.code === ErrorCode.HTTPError) {
    const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
    const body = typeof e.body === 'string' && e.body.length <= 100 ? `: ${e.body}` : '';
    return { ok: false, retryable: status === 429 || status >= 500, error: `slack webhook: HTTP ${status}${body}` };
  }
  if (e.code === ErrorCode.RequestError) {
    const why = e.original?.name === 'TimeoutError' ? 'timed out' : typeof e.original?.cause?.code === 'string' ? e.original.cause.code : 'request failed';
    return { ok: false, retryable: true, error: `slack webhook: ${why}` };
  }
  return { ok: false, retryable: false, error: 'slack webhook: unexpected error' };
}
