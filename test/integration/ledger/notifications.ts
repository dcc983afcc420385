/**
 * Notifications for store tests: minimal but complete `Notification` values. Test helper.
 */

import type { Notification } from '../../../src/notifiers/notifier.js';

/** A firing notification with id `id`, created at `createdAt`. */
export function notificationFor(id: string, createdAt: Date, receiver = 'slack-data-costs'): Notification {
  return {
    id,
    receiver,
    route: 'cost-90',
    groupKey: '{}/{alert_type="cost_monitor"}:{monitor="ACCOUNT_MONTHLY"}',
    groupLabels: { alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY' },
    kind: 'firing',
    status: 'firing',
    reason: 'first notification',
    alerts: [
      {
        fingerprint: '0123456789abcdef',
        labels: { alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY', threshold: '90' },
        annotations: { summary: 'monitor ACCOUNT_MONTHLY at 92%' },
        status: 'firing',
        startsAt: createdAt.toISOString(),
      },
    ],
    createdAt: createdAt.toISOString(),
  };
}
