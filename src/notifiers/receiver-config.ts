/**
 * The receivers a routing table can name (`receivers:` in routing.yaml), validated and typed. One
 * variant per integration; secrets are `Secret`s read from `${ENV}` or `*_file`, never config text.
 */

import type { Secret } from '../config/secret.js';

interface ReceiverBase {
  /** The receiver's name in routing.yaml. */
  readonly name: string;
  /** Send a notification when the group resolves (Alertmanager defaults: slack false, email false, pagerduty true; ours below). */
  readonly sendResolved: boolean;
}

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

/** Slack incoming webhook: one fixed channel, no threads, no updates. */
export interface SlackWebhookReceiver extends ReceiverBase {
  readonly type: 'slack_webhook';
  /** The hook URL is a secret (`url: ${SLACK_WEBHOOK_URL}` or `url_file`). */
  readonly url: Secret;
}

/** PagerDuty Events API v2. */
export interface PagerDutyReceiver extends ReceiverBase {
  readonly type: 'pagerduty';
  /** 32-character integration key (`routing_key: ${PD_ROUTING_KEY}` or `routing_key_file`). */
  readonly routingKey: Secret;
  /** Events API host, default `events.pagerduty.com` (EU: `events.eu.pagerduty.com`); tests use `127.0.0.1:PORT`. */
  readonly server: string;
}

/** Email over SMTP (nodemailer). */
export interface EmailReceiver extends ReceiverBase {
  readonly type: 'email';
  readonly to: readonly string[];
  readonly from: string;
  readonly smtp: {
    readonly host: string;
    readonly port: number;
    /** TLS from the start (465); otherwise STARTTLS when offered. */
    readonly secure: boolean;
    readonly user?: string;
    readonly password?: Secret;
  };
}

/** Prints notifications to stdout: the demo and dry runs. */
export interface ConsoleReceiver extends ReceiverBase {
  readonly type: 'console';
}

export type ReceiverConfig = SlackReceiver | SlackWebhookReceiver | PagerDutyReceiver | EmailReceiver | ConsoleReceiver;

export type ReceiverType = ReceiverConfig['type'];
