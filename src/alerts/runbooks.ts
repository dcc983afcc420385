/**
 * The one table of default runbook lines per kind of alert (DESIGN §5: likely cause, then what to do),
 * and how an alert's labels pick its kind. Config may override any line by key (the override becomes the
 * alert's `runbook` annotation); messages fall back to these lines for an alert that carries none.
 */

import type { Labels } from './alert.js';

/** Runbook keys: an `alert_type`, or a finer kind where DESIGN §5 gives one its own line. */
export const DEFAULT_RUNBOOKS: Readonly<Record<string, string>> = Object.freeze({
  cost_monitor: 'Spend is ahead of plan: look at the top warehouses and queries this cycle (listed below); right-size or reschedule.',
  cost_monitor_limit:
    'The credit limit was hit and warehouses are suspended (named below): review the top queries, right-size the warehouse, or raise the quota.',
  runaway_warehouse: 'A warehouse has been running far longer than usual: find its running queries and check auto_suspend.',
  pipeline_failure: 'A model failed: read the error, fix it, and re-run from the failed node; downstream models were skipped.',
  dbt_test_failure: 'A data quality problem upstream: see which test failed and on what, and trace it to the source.',
  source_freshness: 'A load or the DAG did not run: check the orchestrator and trigger a run.',
  sla_breach: 'The DAG is late or did not run: check the orchestrator and the warehouse queue.',
  dbt_runtime_regression:
    'A model ran far longer than its usual runs: compare its query profile with a usual run (data growth, a changed join, a full refresh, a queue on its warehouse).',
  monitor_health: 'snowmon cannot reach Snowflake, its store or a receiver (the message says which): fix credentials, network or grants.',
  // Not in DESIGN §5's table; written so that every alert still says what to do next.
  security: 'Review the grants, users and network policies named here and remove what the account does not need.',
  cost_finding: 'Review the recommendation and its estimated savings; apply it or record why not.',
  cost_budget:
    "A team's spend is ahead of its monthly budget: look at its most expensive queries and dbt models this month; prune, right-size or reschedule them, or agree a larger budget.",
});

/**
 * The runbook key for a label set: `cost_monitor_limit` for a cost monitor at or past 100 % or at a
 * suspending (critical) trigger, `runaway_warehouse` for that finding, else the `alert_type`.
 */
export function runbookKey(labels: Labels): string {
  const type = labels['alert_type'] ?? '';
  if (type === 'cost_monitor') {
    const threshold = Number(labels['threshold']);
    const limit = (Number.isFinite(threshold) && threshold >= 100) || labels['severity'] === 'critical';
    return limit ? 'cost_monitor_limit' : 'cost_monitor';
  }
  if (labels['finding'] === 'runaway_warehouse') return 'runaway_warehouse';
  return type;
}

/** The runbook line for a label set: the override for its key, else the default; undefined when neither. */
export function runbookFor(labels: Labels, overrides: Readonly<Record<string, string>> = {}): string | undefined {
  const key = runbookKey(labels);
  return overrides[key] ?? DEFAULT_RUNBOOKS[key];
}

/** What a message says to do for an alert of a kind the table does not know. */
export const FALLBACK_RUNBOOK = 'open the alert in snowmon, find its owner, and decide: fix, silence with a comment, or tune the check';

/** The default line for a label set (no overrides), or the fallback line: a message always says what to do. */
export function defaultRunbook(labels: Labels): string {
  return runbookFor(labels) ?? FALLBACK_RUNBOOK;
}
