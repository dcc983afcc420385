/**
 * What the dispatch pipeline reports: typed events for logs, metrics and tests (its own, plus the
 * delivery pass's, which delivery/ declares), and the summary `flush` returns. Types only.
 */

import type { DeliveryEvent } from '../delivery/delivery-events.js';
import type { NotificationKind } from '../notifiers/notifier.js';

export type DispatchEvent =
  | DeliveryEvent
  | {
      readonly type: 'alert_transition';
      readonly at: Date;
      readonly fingerprint: string;
      readonly check: string;
      /** The alert's `account` label (every alert of a watched account has one). */
      readonly account?: string;
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
      readonly type: 'escalation';
      readonly at: Date;
      readonly groupKey: string;
      readonly step: number;
      readonly receivers: readonly string[];
    }
  /** Fleet mode: a group's writes were refused because this replica no longer holds its account's lease. */
  | { readonly type: 'fenced'; readonly at: Date; readonly groupKey: string; readonly account: string | undefined }
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
