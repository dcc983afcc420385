/**
 * Alerts in the order a person acts on them: critical first, then warning, then info, oldest first within
 * a severity. Pure.
 */

import type { Alert } from '../alerts/alert.js';

export const SEVERITY_ORDER = ['critical', 'warning', 'info'] as const;

const rank = (alert: Alert): number => {
  const index = SEVERITY_ORDER.indexOf((alert.labels['severity'] ?? 'info') as (typeof SEVERITY_ORDER)[number]);
  return index === -1 ? SEVERITY_ORDER.length : index;
};

export function bySeverity(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort((a, b) => rank(a) - rank(b) || a.startsAt.getTime() - b.startsAt.getTime() || a.fingerprint.localeCompare(b.fingerprint));
}
