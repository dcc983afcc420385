/**
 * Chooses which columns of a check's rows a report shows and in what order: a short preference list per
 * known check, then the remaining columns in row order, long free text last, at most `maxColumns`.
 * Rows of different shapes (a check with several statements) are split into one table each.
 * It decides columns only; it formats nothing.
 */
import type { Row } from '../sources/snowflake-client.js';
import { columnKind, type ValueKind } from './format-value.js';

export interface ReportColumn {
  readonly name: string;
  readonly kind: ValueKind;
  /** Free text that may be long (query text, paths); shown last and truncated first. */
  readonly long: boolean;
  /** A name that tells the rows apart (warehouse, user, query id...): a report never cuts it. */
  readonly key: boolean;
}

/** Columns worth showing first, per check; absent ones are skipped. */
const PREFERRED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  resource_monitors: ['name', 'level', 'frequency', 'credit_quota', 'used_credits', 'pct', 'projection'],
  credits_by_warehouse: [
    'warehouse_name',
    'credits',
    'compute_credits',
    'cloud_services_credits',
    'last_day_credits',
    'baseline_daily_credits',
    'usd',
    'share',
  ],
  top_queries: ['query_id', 'warehouse_name', 'user_name', 'credits', 'est_credits', 'runs', 'exec_s', 'elapsed_s', 'bytes_scanned', 'query_text'],
  warehouse_utilization: ['warehouse_name', 'compute_credits', 'busy_credits', 'idle_credits'],
  warehouse_config: ['warehouse_name', 'name', 'size', 'auto_suspend', 'resource_monitor', 'idle_credits', 'idle_credits_30d', 'resumes_7d', 'issue'],
  full_table_scans: ['warehouse_name', 'users', 'runs', 'exec_s', 'est_credits', 'bytes_scanned', 'avg_scan_ratio', 'sample_text'],
  storage_by_database: ['database_name', 'total_gb', 'database_gb', 'failsafe_gb', 'growth_gb_30d', 'table_name', 'time_travel_gb'],
  service_account_audit: ['user_name', 'user_type', 'has_password', 'has_mfa', 'admin_roles_reachable', 'admin_roles', 'inheritance_paths', 'finding'],
  dbt_query_history: [
    'pipeline',
    'model',
    'owner',
    'last_run_at',
    'failed_at',
    'day',
    'credits_7d',
    'usd_7d',
    'credits',
    'usd',
    'credits_per_day',
    'busiest_day',
    'statements',
    'failed_statements',
    'commands',
    'error_message',
  ],
  budgets: ['name', 'value', 'month_credits', 'budget_credits', 'pct', 'projected_pct', 'credits_per_day', 'label', 'month_usd'],
  self_cost: [
    'check',
    'check_name',
    'query_tag',
    'statements',
    'queries',
    'credits',
    'credits_30d',
    'compute_credits_30d',
    'cloud_services_credits',
    'idle_credits',
    'credits_1d',
    'usd',
    'warehouse_name',
  ],
};

const LONG_TEXT = /(query_text|sample_text|_paths?$|^comment$|^error)/;
const KEY = /^(name|check|check_name|query_id|query_hash|usage_day)$|_name$/;

/** The columns to show for `rows` of check `check`: preferred first, long text last, non-empty only. */
export function chooseColumns(check: string, rows: readonly Row[], maxColumns = 7): readonly ReportColumn[] {
  const present: string[] = [];
  for (const row of rows) {
    for (const [name, value] of Object.entries(row)) {
      if (!present.includes(name) && value !== null && value !== undefined) present.push(name);
    }
  }
  const preferred = (PREFERRED_COLUMNS[check] ?? []).filter((name) => present.includes(name));
  const rest = present.filter((name) => !preferred.includes(name));
  const chosen = [...preferred, ...rest].slice(0, Math.max(1, maxColumns));
  const columns = chosen.map((name) => ({ name, kind: columnKind(name), long: LONG_TEXT.test(name), key: KEY.test(name) && !LONG_TEXT.test(name) }));
  return [...columns.filter((c) => !c.long), ...columns.filter((c) => c.long)];
}

/** Splits rows into groups with the same column names, in first-seen order (one group per statement shape). */
export function groupRowsByShape(rows: readonly Row[]): readonly (readonly Row[])[] {
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const shape = Object.keys(row).sort().join('\u0000');
    const group = groups.get(shape);
    if (group) group.push(row);
    else groups.set(shape, [row]);
  }
  return [...groups.values()];
}
