/**
 * snowmon's own `monitor_health` alert for a receiver that cannot be delivered to: raised when a
 * notification goes dead, resolved when that receiver delivers again. The alerts are ingested under
 * the check `snowmon_delivery` (one run per account observes every receiver currently failing for it), so
 * they route like any alert; flush-groups.ts keeps each one away from the receiver it is about. A dead
 * notification about one account's alerts raises the alert under that account (its `account` label and
 * labels), so routes on `account` take it to that account's people; one about no account raises it with none.
 */

import { fingerprint, type ObservedAlert } from '../alerts/alert.js';
import { withAccountLabels, type AccountIdentity } from '../alerts/account-labels.js';
import { runbookFor } from '../alerts/runbooks.js';
import type { AlertLedger, AlertTransition } from '../ledger/alert-ledger.js';
import type { Notification } from '../notifiers/notifier.js';

export const DELIVERY_CHECK = 'snowmon_delivery';

/** The labels of the delivery health alert about `receiver` (for `account`'s notifications, when given). */
export function deliveryHealthLabels(receiver: string, account?: AccountIdentity): Readonly<Record<string, string>> {
  const labels = {
    alert_type: 'monitor_health',
    component: 'delivery',
    receiver,
    check: DELIVERY_CHECK,
    severity: 'critical',
  };
  return withAccountLabels(labels, account);
}

/** True when the labels are a delivery health alert about `receiver` (which must not be told about itself). */
export function isHealthAlertAbout(labels: Readonly<Record<string, string>>, receiver: string): boolean {
  return labels['alert_type'] === 'monitor_health' && labels['component'] === 'delivery' && labels['receiver'] === receiver;
}

/** The `account` label every alert of a notification carries, undefined when they carry none (or differ). */
export function notificationAccount(notification: Pick<Notification, 'alerts'>): string | undefined {
  const accounts = new Set(notification.alerts.map((a) => a.labels['account']));
  const [only] = accounts;
  return accounts.size === 1 ? only : undefined;
}

function healthAlert(receiver: string, error: string, runbooks: Readonly<Record<string, string>>, account: AccountIdentity | undefined): ObservedAlert {
  const labels = deliveryHealthLabels(receiver, account);
  const runbook = runbookFor(labels, runbooks);
  return {
    labels,
    annotations: {
      summary: `snowmon cannot deliver notifications to receiver ${receiver}`,
      description: `The last notification to ${receiver}${account !== undefined ? ` about account ${account.name}` : ''} was given up on: ${error}`,
      ...(runbook !== undefined ? { runbook } : {}),
    },
  };
}

/** Fires (or refreshes) the alert about `receiver` under `account`, keeping the others that still fire for it. */
export async function raiseDeliveryHealth(
  ledger: AlertLedger,
  receiver: string,
  error: string,
  runbooks: Readonly<Record<string, string>>,
  now: Date,
  account?: AccountIdentity,
): Promise<AlertTransition[]> {
  const others = await firingHealthAlerts(ledger, account?.name, (r) => r !== receiver);
  const alerts = [...others, healthAlert(receiver, error, runbooks, account)];
  return ledger.ingest(DELIVERY_CHECK, { status: 'ok', alerts, ...(account !== undefined ? { account: account.name } : {}) }, now);
}

/**
 * Resolves every alert about `receiver` that fires, under no account or one of `accounts` (the configured
 * ones); nothing (no run recorded) when none does. Called after every successful send, so the usual answer
 * costs one read by fingerprint.
 */
export async function clearDeliveryHealth(
  ledger: AlertLedger,
  receiver: string,
  now: Date,
  accounts: readonly AccountIdentity[] = [],
): Promise<AlertTransition[]> {
  const fingerprints = [undefined, ...accounts].map((account) => fingerprint(deliveryHealthLabels(receiver, account)));
  const firing = (await ledger.getMany(fingerprints)).filter((a) => a.status === 'firing');
  const transitions: AlertTransition[] = [];
  for (const account of new Set(firing.map((a) => a.labels['account']))) {
    const others = await firingHealthAlerts(ledger, account, (r) => r !== receiver);
    transitions.push(...(await ledger.ingest(DELIVERY_CHECK, { status: 'ok', alerts: others, ...(account !== undefined ? { account } : {}) }, now)));
  }
  return transitions;
}

/** The firing delivery health alerts under `account` (none: those without one) whose receiver `keep` accepts. */
async function firingHealthAlerts(ledger: AlertLedger, account: string | undefined, keep: (receiver: string) => boolean): Promise<ObservedAlert[]> {
  const active = await ledger.active();
  return active
    .filter((a) => a.check === DELIVERY_CHECK && a.labels['account'] === account && keep(a.labels['receiver'] ?? ''))
    .map((a) => ({ labels: a.labels, annotations: a.annotations }));
}
