/**
 * The boundary every receiver integration implements: send one notification about one alert group, and
 * say what the provider answered. Retries, backoff, rate limits and the outbox live in delivery/; a
 * notifier makes one attempt and classifies its outcome.
 */

import type { Annotations, AlertStatus, Labels } from '../alerts/alert.js';

/** Why this notification exists (what the dedup decision said, or an escalation). */
export type NotificationKind = 'firing' | 'update' | 'repeat' | 'resolved' | 'escalation';

/** One alert as a message shows it. */
export interface NotifiedAlert {
  readonly fingerprint: string;
  readonly labels: Labels;
  readonly annotations: Annotations;
  readonly status: AlertStatus;
  readonly startsAt: string;
  readonly endsAt?: string;
}

/**
 * What earlier sends to the same (group, receiver) returned, so later ones can thread, update or
 * resolve, one part per notifier type, each declared and read by its notifier (slack: the parent's
 * `channelId` and `ts`; pagerduty: `dedupKey`; email: the first `messageId`). Merged part by part.
 */
export type ReceiverData = { readonly [notifierType: string]: Readonly<Record<string, string>> | undefined };

export interface Notification {
  /** Stable id (the outbox row), also the idempotency key for retries. */
  readonly id: string;
  /** The receiver's name in routing.yaml. */
  readonly receiver: string;
  /** The route that produced it. */
  readonly route: string;
  /** Alertmanager-style group key, e.g. `{}/{alert_type="cost_monitor"}:{monitor="ACCOUNT_MONTHLY"}`. */
  readonly groupKey: string;
  /** The labels the group shares (its group_by values). */
  readonly groupLabels: Labels;
  readonly kind: NotificationKind;
  /** The group's status after this notification: resolved when nothing in it fires. */
  readonly status: AlertStatus;
  /** The dedup decision's named reason, e.g. `first notification`, `repeat interval elapsed`. */
  readonly reason: string;
  /** Every alert of the group this notification is about (firing first). */
  readonly alerts: readonly NotifiedAlert[];
  /** When a person must respond by (ISO), from the route's `response`. */
  readonly dueAt?: string;
  /** Who to mention, for escalations (e.g. `@data-oncall`). */
  readonly mention?: string;
  /** What earlier sends to this (group, receiver) returned. */
  readonly previous?: ReceiverData;
  /** The Snowflake account the alerts are about (`xy12345.eu-west-1`), named in every message. */
  readonly account?: string;
  /** IANA zone human times read in: the route's (its time interval or business clock), UTC when it has none. */
  readonly timeZone?: string;
  /** When it was created (ISO). */
  readonly createdAt: string;
}

export type SendResult =
  | {
      readonly ok: true;
      /** What later sends to this (group, receiver) need (merged into the notification log). */
      readonly receiverData: ReceiverData;
      /** What the provider answered, secret-free, for the record (e.g. `slack C123 1700000000.000100`). */
      readonly providerResponse: string;
    }
  | {
      readonly ok: false;
      /** True when trying again later may succeed (429, 5xx, network, SMTP 4xx). */
      readonly retryable: boolean;
      /** The provider asked to wait this long (Slack Retry-After). */
      readonly retryAfterMs?: number;
      /** What went wrong, secret-free. */
      readonly error: string;
    };

export interface Notifier {
  /** One attempt; never throws for a provider failure (returns ok: false). */
  send(notification: Notification): Promise<SendResult>;
  /** Releases connections (SMTP pools, timers). */
  close?(): Promise<void>;
}
