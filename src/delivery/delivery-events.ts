/**
 * What a delivery pass reports: one typed event per row it sent, failed, gave up on or released, and
 * the pass's counts. Types only; the dispatch pipeline forwards these among its own events.
 */

import type { NotificationKind } from '../notifiers/notifier.js';

export type DeliveryEvent =
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
      /** Fleet mode: `owner#token`, the replica that queued it under the account lease it held. */
      readonly queuedBy?: string;
    }
  | {
      readonly type: 'notification_failed';
      readonly at: Date;
      readonly id: string;
      readonly receiver: string;
      readonly error: string;
      readonly nextAttemptAt: Date;
      readonly queuedBy?: string;
    }
  | {
      readonly type: 'notification_dead';
      readonly at: Date;
      readonly id: string;
      readonly receiver: string;
      readonly error: string;
      readonly reason: string;
      readonly queuedBy?: string;
    }
  | {
      readonly type: 'notification_released';
      readonly at: Date;
      readonly id: string;
      readonly receiver: string;
      readonly until: Date;
      readonly reason: string;
    };

export interface DeliverySummary {
  readonly claimed: number;
  readonly sent: number;
  /** Failed, retry scheduled. */
  readonly failed: number;
  readonly dead: number;
  /** Given back unsent to wait (channel rate limit, or an older notification of the same group first). */
  readonly released: number;
}
