/**
 * The Slack receiver through the Web API (`@slack/web-api` with a bot token): one Block Kit parent per
 * group, later notifications as thread replies, the parent rewritten with `chat.update` when the group's
 * status changes, escalations broadcast with a mention. One attempt per send; retries are the outbox's.
 */

import { LogLevel, WebClient } from '@slack/web-api';
import type { Secret } from '../config/secret.js';
import { renderMessage } from './message.js';
import type { Notification, Notifier, SendResult } from './notifier.js';
import type { NotifierPlugin, ReceiverBase } from './notifier-plugin.js';
import { renderSlackMessage, type SlackMessage } from './slack-blocks.js';
import { classifySlackError, platformError, UNEDITABLE_PARENT } from './slack-failure.js';

/** Slack through the Web API with a bot token: one parent per group, thread replies, chat.update. */
export interface SlackReceiver extends ReceiverBase {
  readonly type: 'slack';
  /** `#data-alerts` or a channel id `C0123...`. */
  readonly channel: string;
  /** Bot token (`token: ${SLACK_BOT_TOKEN}` or `token_file`). */
  readonly token: Secret;
  /** Default `https://slack.com/api/`; tests point it at a local fake. */
  readonly apiUrl: string;
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

export const slackPlugin: NotifierPlugin<SlackReceiver> = {
  type: 'slack',
  keys: ['channel', 'token', 'token_file', 'api_url'],
  validate: ({ fields, map, path, base, required }) => {
    const channel = required(fields.string(map, [...path, 'channel']), 'channel', " (e.g. '#data-alerts')");
    const token = required(fields.secret(map, [...path, 'token']), 'token', ': use token: ${SLACK_BOT_TOKEN} or token_file');
    const apiUrl = fields.url(map, [...path, 'api_url']);
    if (channel === undefined || token === undefined) return undefined;
    return { ...base, type: 'slack', channel, token, apiUrl: apiUrl === undefined ? DEFAULT_SLACK_API_URL : `${apiUrl}/` };
  },
  create: (receiver, deps) => new SlackNotifier(receiver, { timeZone: deps.timeZone, timeoutMs: deps.timeoutMs }),
  describe: (receiver) => `slack ${receiver.channel}`,
  rateLimitKey: (receiver) => receiver.channel,
};

/** The group's parent message, from what an earlier send returned. */
function slackParent(data: Readonly<Record<string, string>> | undefined): { readonly channelId: string; readonly ts: string } | undefined {
  const channelId = data?.['channelId'];
  const ts = data?.['ts'];
  return channelId === undefined || ts === undefined ? undefined : { channelId, ts };
}

export interface SlackNotifierOptions {
  /** IANA zone for times in messages; UTC when absent. */
  readonly timeZone?: string;
  /** Per-request timeout (default 10 s). */
  readonly timeoutMs?: number;
}

interface PostResult {
  readonly channel?: string;
  readonly ts?: string;
}

export class SlackNotifier implements Notifier {
  readonly #receiver: SlackReceiver;
  readonly #client: WebClient;
  readonly #options: SlackNotifierOptions;

  constructor(receiver: SlackReceiver, options: SlackNotifierOptions = {}) {
    this.#receiver = receiver;
    this.#options = options;
    this.#client = new WebClient(receiver.token.reveal(), {
      slackApiUrl: receiver.apiUrl,
      timeout: options.timeoutMs ?? 10_000,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
  }

  async send(notification: Notification): Promise<SendResult> {
    const message = renderSlackMessage(renderMessage(notification, { timeZone: this.#options.timeZone }));
    const parent = slackParent(notification.previous?.['slack']);
    if (parent === undefined) return this.#postParent(message);

    const updatesParent = notification.kind === 'firing' || notification.kind === 'update' || notification.kind === 'resolved';
    let note = '';
    if (updatesParent) {
      try {
        await this.#client.chat.update({ channel: parent.channelId, ts: parent.ts, text: message.text, blocks: [...message.blocks] });
        note = ' (parent updated)';
      } catch (error) {
        const name = platformError(error);
        if (name === undefined || !UNEDITABLE_PARENT.includes(name)) return classifySlackError(error, 'chat.update');
        note = ` (parent not updated: ${name})`;
      }
    }
    try {
      const reply = (await this.#client.chat.postMessage({
        channel: parent.channelId,
        thread_ts: parent.ts,
        text: message.text,
        blocks: [...message.blocks],
        reply_broadcast: notification.kind === 'escalation',
      })) as PostResult;
      return {
        ok: true,
        receiverData: { slack: parent },
        providerResponse: `slack ${parent.channelId} ${parent.ts} reply ${reply.ts ?? '?'}${note}`,
      };
    } catch (error) {
      return classifySlackError(error, 'chat.postMessage');
    }
  }

  async #postParent(message: SlackMessage): Promise<SendResult> {
    try {
      const posted = (await this.#client.chat.postMessage({
        channel: this.#receiver.channel,
        text: message.text,
        blocks: [...message.blocks],
      })) as PostResult;
      if (typeof posted.channel !== 'string' || typeof posted.ts !== 'string') {
        return { ok: false, retryable: false, error: 'slack chat.postMessage: answer without channel or ts' };
      }
      return {
        ok: true,
        receiverData: { slack: { channelId: posted.channel, ts: posted.ts } },
        providerResponse: `slack ${posted.channel} ${posted.ts}`,
      };
    } catch (error) {
      return classifySlackError(error, 'chat.postMessage');
    }
  }
}
