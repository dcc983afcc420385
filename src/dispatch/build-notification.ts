/**
 * Builds the `Notification` an outbox row carries from a router decision: the group's alerts as shown
 * (firing first, then resolved), the reason, the due time, the account and the route's zone. Pure; `previous` (threading data) is added at
 * send time from the notification log, so a row written before its parent was posted still threads.
 */

import type { Alert } from '../alerts/alert.js';
import type { Labels } from '../alerts/alert.js';
import type { Notification, NotificationKind, NotifiedAlert } from '../notifiers/notifier.js';

export interface NotificationSpec {
  readonly id: string;
  readonly receiver: string;
  readonly route: string;
  readonly groupKey: string;
  readonly groupLabels: Labels;
  readonly kind: NotificationKind;
  readonly reason: string;
  readonly firing: readonly Alert[];
  readonly resolved: readonly Alert[];
  readonly dueAt?: Date;
  readonly mention?: string;
  /** The Snowflake account the alerts are about. */
  readonly account?: string;
  /** The route's zone for times people read (routeTimeZone). */
  readonly timeZone: string;
  readonly now: Date;
}

export function buildNotification(spec: NotificationSpec): Notification {
  const alerts = [...spec.firing, ...spec.resolved].map(notified);
  return {
    id: spec.id,
    receiver: spec.receiver,
    route: spec.route,
    groupKey: spec.groupKey,
    groupLabels: spec.groupLabels,
    kind: spec.kind,
    status: spec.firing.length > 0 ? 'firing' : 'resolved',
    reason: spec.reason,
    alerts,
    ...(spec.dueAt !== undefined ? { dueAt: spec.dueAt.toISOString() } : {}),
    ...(spec.mention !== undefined ? { mention: spec.mention } : {}),
    ...(spec.account !== undefined ? { account: spec.account } : {}),
    timeZone: spec.timeZone,
    createdAt: spec.now.toISOString(),
  };
}

function notified(alert: Alert): NotifiedAlert {
  return {
    fingerprint: alert.fingerprint,
    labels: alert.labels,
    annotations: alert.annotations,
    status: alert.status,
    startsAt: alert.startsAt.toISOString(),
    ...(alert.endsAt !== undefined ? { endsAt: alert.endsAt.toISOString() } : {}),
  };
}
