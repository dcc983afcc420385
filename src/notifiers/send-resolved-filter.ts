/**
 * Honours a receiver's `send_resolved: false`: a notification that says the group resolved is not sent
 * but reported as done, so the notification log still clears (Alertmanager's integration-level drop).
 * A wrapper around any notifier; it decides nothing else.
 */

import type { Notification, Notifier, SendResult } from './notifier.js';
import type { ReceiverBase } from './notifier-plugin.js';

export function withSendResolved(receiver: ReceiverBase, notifier: Notifier): Notifier {
  if (receiver.sendResolved) return notifier;
  return {
    async send(notification: Notification): Promise<SendResult> {
      if (notification.status !== 'resolved') return notifier.send(notification);
      return {
        ok: true,
        receiverData: notification.previous ?? {},
        providerResponse: `not sent: send_resolved is off for ${receiver.name}`,
      };
    },
    ...(notifier.close === undefined ? {} : { close: () => notifier.close?.() ?? Promise.resolve() }),
  };
}
