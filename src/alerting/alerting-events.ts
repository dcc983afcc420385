/**
 * What the alerting glue reports: typed events for logs, metrics and tests, and the summaries that
 * `flush` and `deliver` return. Types only; nothing here decides or performs anything.
 */

import type { NotificationKind } from '../notifiers/notifier.js';

export type AlertingEvent =
  | {
    readonly type: 'alert_transition';
    readonly at: Date;
    readonly fingerprint: string;
    readonly check: string;
    readonly from: 'none' | 'firing' | 'resolved';
    readonly to: 'firing' | 'resolved';
  }
  | { readonly type: 'silences_expired'; readonly at: Date; readonly ids: readonly string[] }
  | {
    readonly type: 'group_flushed';
    readonly at: Date;
    readonly route: string;
    readonly groupKey: string;
    /** `receiver: action (reason)` per receiver. */
    readonly actions: readonly string[];
    readonly nextFlushAt?: Date;
  }
  | { readonly type: 'deferred'; readonly at: Date; readonly groupKey: string; readonly receiver: string; readonly until: Date }
  | {
    readonly type: 'notification_enqueued';
    readonly at: Date;
    readonly id: string;
    readonly receiver: string;
    readonly groupKey: string;
    readonly kind: NotificationKind;
  }
  | {
    readonly type: 'notification_sent';
    readonly at: Date;
    readonly id: string;
    readonly receiver: string;
    readonly groupKey: string;
    readonly kind: NotificationKind;
    /** The Slack channel the rate limit counted it against, for Slack receivers. */
    readonly channel?: string;
    readonly providerResponse: string;
  }
  | {
    readonly type: 'notification_failed';
    readonly at: Date;
    readonly id: string;
    readonly receiver: string;
    readonly error: string;
    readonly nextAttemptAt: Date;
  }
  | { readonly type: 'notification_dead'; readonly at: Date; readonly id: string; readonly receiver: string; readonly error: string; readonly reason: string }
  | { readonly type: 'notification_released'; readonly at: Date; readonly id: string; readonly receiver: string; readonly until: Date; readonly reason: string }
  | {
    readonly type: 'escalation';
    readonly at: Date;
    readonly groupKey: string;
    readonly step: number;
    readonly receivers: readonly string[];
  }
  /** A delivery `monitor_health` alert whose only receiver is the failing one: nobody will hear of it. */
  | { readonly type: 'delivery_health_unroutable'; readonly at: Date; readonly level: 'error'; readonly receiver: string; readonly message: string };

export interface FlushSummary {
  /** Groups evaluated. */
  readonly groups: number;
  /** Notifications written to the outbox (escalations included). */
  readonly enqueued: number;
  /** (group, receiver) pairs deferred to a delivery window. */
  readonly deferred: number;
  /** Escalation notifications written. */
  readonly escalations: number;
}

export interface DeliverySummary {
  readonly claimed: number;
  readonly sent: number;
  /** Failed, retry scheduled. */
  readonly failed: number;
  readonly dead: number;
  /** Given back unsent to wait (channel rate limit, or an older notification of the same group first). */
  readonly released: number;
}
