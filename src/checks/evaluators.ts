/**
 * The one registry of evaluators, keyed by check name. A check without an entry (a user's own query
 * file) is evaluated by `evaluateRowsOnly`: its rows are reported and it raises no findings. Evaluators
 * owned by other folders (dbt's `dbt_query_history`) come in through `runChecks`' `evaluators` option.
 */

import type { Evaluator } from './evaluator.js';
import { evaluateCreditsByWarehouse } from './evaluate-credits-by-warehouse.js';
import { evaluateFullTableScans } from './evaluate-full-table-scans.js';
import { evaluateResourceMonitors } from './evaluate-resource-monitors.js';
import { evaluateSelfCost } from './evaluate-self-cost.js';
import { evaluateServiceAccountAudit } from './evaluate-service-account-audit.js';
import { evaluateStorageByDatabase } from './evaluate-storage-by-database.js';
import { evaluateTopQueries } from './evaluate-top-queries.js';
import { evaluateWarehouseConfig } from './evaluate-warehouse-config.js';
import { evaluateWarehouseUtilization } from './evaluate-warehouse-utilization.js';

export const EVALUATORS: Readonly<Record<string, Evaluator>> = Object.freeze({
  resource_monitors: evaluateResourceMonitors,
  credits_by_warehouse: evaluateCreditsByWarehouse,
  top_queries: evaluateTopQueries,
  warehouse_utilization: evaluateWarehouseUtilization,
  warehouse_config: evaluateWarehouseConfig,
  full_table_scans: evaluateFullTableScans,
  storage_by_database: evaluateStorageByDatabase,
  service_account_audit: evaluateServiceAccountAudit,
  self_cost: evaluateSelfCost,
});

/** Reports the last statement's rows and raises nothing. */
export const evaluateRowsOnly: Evaluator = ({ results }) => ({ rows: [...(results[results.length - 1] ?? [])], findings: [] });

/** The evaluator for a check name, `extra` (composed by the caller) before the built-in ones. */
export function evaluatorFor(name: string, extra: Readonly<Record<string, Evaluator>> = {}): Evaluator {
  return extra[name] ?? EVALUATORS[name] ?? evaluateRowsOnly;
}
