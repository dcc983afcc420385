/**
 * The runbook lines of DESIGN §5, by `alert_type`: what a message says to do when its alert carries no
 * runbook annotation of its own. A fallback for presentation; configured overrides arrive as annotations.
 */

import type { Labels } from '../alerts/alert.js';

const RUNBOOK: Readonly<Record<string, string>> = Object.freeze({
  cost_monitor:
    'look at the top warehouses and queries this cycle (listed below); right-size or reschedule them',
  runaway_warehouse: 'find the running queries on the warehouse; check its auto_suspend',
  pipeline_failure: 'read the error, fix it, and re-run from the failed node; downstream models were skipped',
  dbt_test_failure: 'see which test failed and on what; trace the problem to its source',
  source_freshness: 'check the orchestrator and trigger a run; a load or the DAG did not run',
  sla_breach: 'check the orchestrator and the warehouse queue; the DAG is late or did not run',
  monitor_health: 'snowmon cannot see something (named above); fix credentials, network or grants',
  security: 'review the user and finding named above; rotate credentials or tighten the grant',
  cost_finding: 'review the finding and its recommendation; apply it or record why not',
});

const SUSPEND_RUNBOOK =
  'review the top queries, right-size the warehouse, or raise the quota; the suspended warehouses are named below';

/** The default next step for an alert's labels; a generic line for alert types the table does not know. */
export function defaultRunbook(labels: Labels): string {
  const type = labels['alert_type'] ?? '';
  if (type === 'cost_monitor' && labels['threshold'] === '100') return SUSPEND_RUNBOOK;
  return RUNBOOK[type] ?? 'open the alert in snowmon, find its owner, and decide: fix, silence with a comment, or tune the check';
}
