/**
 * Turns the alerting glue's events into the daemon's metrics and log lines: notifications by receiver and
 * result (a child logger per receiver), alert transitions, delivery health alerts nobody can hear, and
 * writes fenced off in fleet mode (the account's lease was lost); a notification's line names the replica
 * that queued it (`queued_by`, fleet mode).
 */

import type { DispatchEvent } from '../dispatch/dispatch-events.js';
import type { Logger } from './logger.js';
import type { DaemonMetrics } from './metrics.js';

export function alertingLogger(metrics: DaemonMetrics, logger: Logger): (event: DispatchEvent) => void {
  return (event) => {
    if (event.type === 'notification_sent') {
      metrics.recordNotification(event.receiver, 'sent');
      logger.child({ receiver: event.receiver, groupKey: event.groupKey }).info({ kind: event.kind, ...queued(event.queuedBy) }, 'notification sent');
    } else if (event.type === 'notification_failed') {
      metrics.recordNotification(event.receiver, 'retried');
      logger
        .child({ receiver: event.receiver })
        .warn({ error: event.error, nextAttemptAt: event.nextAttemptAt, ...queued(event.queuedBy) }, 'notification failed; will retry');
    } else if (event.type === 'notification_dead') {
      metrics.recordNotification(event.receiver, 'failed');
      logger.child({ receiver: event.receiver }).error({ error: event.error, reason: event.reason, ...queued(event.queuedBy) }, 'notification given up');
    } else if (event.type === 'delivery_health_unroutable') {
      logger.error({ receiver: event.receiver }, event.message);
    } else if (event.type === 'fenced') {
      logger.warn({ account: event.account, groupKey: event.groupKey }, 'nothing written for this group: this replica no longer holds its account lease');
    } else if (event.type === 'alert_transition') {
      const account = event.account === undefined ? {} : { account: event.account };
      logger.info({ ...account, check: event.check, fingerprint: event.fingerprint, from: event.from, to: event.to }, 'alert transition');
    }
  };
}

/** `queued_by`: which replica queued the notification, under which lease token (fleet mode only). */
function queued(by: string | undefined): { queued_by?: string } {
  return by === undefined ? {} : { queued_by: by };
}
