/**
 * Turns one check run's findings into the alerts it observes: labels are the finding's plus `check` and
 * `severity` (and, in fleet mode, `account` and the account's labels); annotations carry the summary, recommendation, money and the runbook line. It does not
 * decide firing or resolving (the ledger does) nor where alerts go (the router does).
 */

import type { CheckOutcome } from '../checks/check.js';
import type { Annotations, ObservedAlert } from '../alerts/alert.js';
import { runbookFor } from '../alerts/runbooks.js';
import { withAccountLabels, type AccountIdentity } from '../alerts/account-labels.js';

/**
 * The alerts `outcome` observes, one per finding. `runbooks` overrides default runbook lines by key
 * (see runbooks.ts); `account` adds `account=<name>` and the account's labels (fleet mode). Throws (a
 * programmer error) for a finding without an `alert_type` label.
 */
export function findingsToAlerts(outcome: CheckOutcome, runbooks: Readonly<Record<string, string>> = {}, account?: AccountIdentity): ObservedAlert[] {
  return outcome.findings.map((finding) => {
    if (!finding.labels['alert_type']) {
      throw new Error(`check ${outcome.name}: finding "${finding.summary}" has no alert_type label`);
    }
    const labels = Object.freeze(withAccountLabels({ ...finding.labels, check: outcome.name, severity: finding.severity }, account));
    const runbook = runbookFor(labels, runbooks);
    const annotations: Annotations = {
      summary: finding.summary,
      ...(finding.recommendation !== undefined ? { recommendation: finding.recommendation } : {}),
      ...(finding.credits !== undefined ? { credits: finding.credits } : {}),
      ...(finding.usd !== undefined ? { usd: finding.usd } : {}),
      ...(runbook !== undefined ? { runbook } : {}),
    };
    return Object.freeze({ labels, annotations: Object.freeze(annotations) });
  });
}
