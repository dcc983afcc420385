/**
 * An alert in a few words for CLI lines: `3f9a0c1d2e4b5a67 (cost_monitor monitor=ACCOUNT_MONTHLY threshold=90)`,
 * and the labels that identify it beyond its type. Text only.
 */

import type { Alert, Labels } from '../alerts/alert.js';

/** Labels every alert carries or that only repeat other columns. */
const PLAIN_LABELS = new Set(['alert_type', 'severity', 'check']);

/** The labels that tell alerts of one type apart, as `name=value`, sorted by name. */
export function keyLabels(labels: Labels): string {
  return Object.keys(labels)
    .filter((name) => !PLAIN_LABELS.has(name))
    .sort()
    .map((name) => `${name}=${labels[name] ?? ''}`)
    .join(' ');
}

export function describeAlertBrief(alert: Alert): string {
  const keys = keyLabels(alert.labels);
  return `${alert.fingerprint} (${alert.labels['alert_type'] ?? 'alert'}${keys === '' ? '' : ` ${keys}`})`;
}
