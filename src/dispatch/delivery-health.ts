/**
 * snowmon's own `monitor_health` alert for a receiver that cannot be delivered to: raised when a
 * notification goes dead, resolved when that receiver delivers again. The alerts are ingested under
 * the check `snowmon_delivery` (one run observes every receiver currently failing), so they route like
 * any alert; flush-groups.ts keeps each one away from the receiver it is about.
 */

import { fingerprint, type ObservedAlert } from '../alerts/alert.js';
import { runbookFor } from '../alerts/runbooks.js';
import type { AlertLedger, AlertTransition } from '../ledger/alert-ledger.js';

export const DELIVERY_CHECK = 'snowmon_delivery';

/** The labels of the delivery health alert about `receiver`. */
export function deliveryHealthLabels(receiver: string): Readonly<Record<string, string>> {
  return {
    alert_type: 'monitor_health',
    component: 'delivery',
    receiver,
    check: DELIVERY_CHECK,
    severity: 'critical',
  };
}

/** True when the labels are a delivery health alert about `receiver` (which must not be told about itself). */
export function isHealthAlertAbout(labels: Readonly<Record<string, string>>, receiver: string): boolean {
  return labels['alert_type'] === 'monitor_health' && labels['component'] === 'delivery' && labels['receiver'] === receiver;
}

function healthAlert(receiver: string, error: string, runbooks: Readonly<Record<string, string>>): ObservedAlert {
  const labels = deliveryHealthLabels(receiver);
  const runbook = runbookFor(labels, runbooks);
  return {
    labels,
    annotations: {
      summary: `snowmon cannot deliver notifications to receiver ${receiver}`,
      description: `The last notification to ${receiver} was given up on: ${error}`,
      ...(runbook !== undefined ? { runbook } : {}),
    },
  };
}

/** Fires (or refreshes) the alert about `receiver`, keeping the others that still fire. */
export async function raiseDeliveryHealth(
  ledger: AlertLedger,
  receiver: string,
  error: string,
  runbooks: Readonly<Record<string, string>>,
  now: Date,
): Promise<AlertTransition[]> {
  const others = await firingHealthAlerts(ledger, (r) => r !== receiver);
  return ledger.ingest(DELIVERY_CHECK, { status: 'ok', alerts: [...others, healthAlert(receiver, error, runbooks)] }, now);
}

/** Resolves the alert about `receiver` when it fires; nothing (no run recorded) otherwise. */
export async function clearDeliveryHealth(ledger: AlertLedger, receiver: string, now: Date): Promise<AlertTransition[]> {
  const current = await ledger.get(fingerprint(deliveryHealthLabels(receiver)));
  if (current?.status !== 'firing') return [];
  const others = await firingHealthAlerts(ledger, (r) => r !== receiver);
  return ledger.ingest(DELIVERY_CHECK, { status: 'ok', alerts: others }, now);
}

async function firingHealthAlerts(ledger: AlertLedger, keep: (receiver: string) => boolean): Promise<ObservedAlert[]> {
  const active = await ledger.active();
  return active.filter((a) => a.check === DELIVERY_CHECK && keep(a.labels['receiver'] ?? '')).map((a) => ({ labels: a.labels, annotations: a.annotations }));
}
