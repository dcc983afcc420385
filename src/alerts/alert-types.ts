/**
 * The alert types snowmon raises and the labels each carries besides `alert_type`, `check` and
 * `severity` (which every alert has), with an example label set: the vocabulary routes match on, for
 * `route-test`'s help and its notes. A catalog only; each check sets its own labels.
 */

export interface AlertTypeInfo {
  /** Labels alerts of this type may carry (not all on every alert). */
  readonly labels: readonly string[];
  /** A `route-test` label set. */
  readonly example: string;
}

/**
 * Labels every alert has (`account`: all but, with several accounts, the store-outage alert of a replica,
 * which has `replica`, and the organization view's organization-wide alerts, which have `organization`).
 */
export const COMMON_LABELS: readonly string[] = ['alert_type', 'check', 'severity', 'account'];

export const ALERT_TYPES: Readonly<Record<string, AlertTypeInfo>> = Object.freeze({
  cost_monitor: {
    labels: ['monitor', 'threshold', 'cycle_start', 'finding', 'warehouse', 'component'],
    example: 'alert_type=cost_monitor threshold=90 monitor=ACCOUNT_MONTHLY',
  },
  // The budgets check: `owner` or `team` (whichever the budget is kept against) holds its value.
  cost_budget: {
    labels: ['budget', 'owner', 'team', 'threshold', 'cycle_start', 'organization'],
    example: 'alert_type=cost_budget budget=data-eng threshold=90 owner=data_eng',
  },
  cost_finding: {
    labels: ['finding', 'warehouse', 'database', 'table', 'query_hash', 'monitor', 'node', 'owner', 'channel', 'organization'],
    example: 'alert_type=cost_finding finding=idle_warehouse warehouse=REPORTING_WH',
  },
  security: { labels: ['finding', 'user'], example: 'alert_type=security finding=service_user_admin user=ETL_SVC severity=critical' },
  monitor_health: {
    labels: ['component', 'failing_check', 'finding', 'receiver', 'file', 'replica'],
    example: 'alert_type=monitor_health component=snowflake severity=critical',
  },
  // dbt (the `dbt` check reads artifacts; `dbt_query_history` reads Snowflake's query history and adds `finding`).
  pipeline_failure: {
    labels: ['pipeline', 'node', 'owner', 'channel', 'finding'],
    example: 'alert_type=pipeline_failure pipeline=nightly node=model.shop.stg_orders owner=data_ops_team channel=#data-ops severity=critical',
  },
  dbt_test_failure: {
    labels: ['pipeline', 'node', 'owner', 'channel', 'finding'],
    example: 'alert_type=dbt_test_failure pipeline=nightly node=test.shop.not_null_orders_order_id.4e687af8d0 owner=@jessica.jones severity=warning',
  },
  source_freshness: {
    labels: ['pipeline', 'node', 'owner', 'channel'],
    example: 'alert_type=source_freshness pipeline=freshness node=source.shop.raw.orders channel=data_ops severity=warning',
  },
  sla_breach: {
    labels: ['pipeline', 'reason', 'finding'],
    example: 'alert_type=sla_breach pipeline=nightly reason=not_run severity=critical',
  },
  dbt_runtime_regression: {
    labels: ['pipeline', 'node', 'owner', 'channel'],
    example: 'alert_type=dbt_runtime_regression pipeline=nightly node=model.shop.orders owner=alice@shop.io severity=info',
  },
});

/** The alert types the dbt checks raise. */
export const DBT_ALERT_TYPES: readonly string[] = ['pipeline_failure', 'dbt_test_failure', 'source_freshness', 'sla_breach', 'dbt_runtime_regression'];

/**
 * What is odd about a label set for routing: an `alert_type` snowmon never raises, or labels its alerts
 * of that type never carry (a matcher on them never matches). `accountLabels`: the names `accounts[].labels`
 * add to every alert. Empty when nothing is odd.
 */
export function labelNotes(labels: Readonly<Record<string, string>>, accountLabels: readonly string[] = []): string[] {
  const type = labels['alert_type'];
  if (type === undefined) return []; // not a snowmon alert (an Alertmanager tree tried with its own labels)
  const info = ALERT_TYPES[type];
  if (info === undefined) return [`alert_type "${type}" is not one snowmon raises (${Object.keys(ALERT_TYPES).join(', ')})`];
  const foreign = Object.keys(labels).filter((name) => !COMMON_LABELS.includes(name) && !info.labels.includes(name) && !accountLabels.includes(name));
  if (foreign.length === 0) return [];
  return [
    `snowmon's ${type} alerts never carry ${foreign.map((n) => `"${n}"`).join(', ')} (they carry ${info.labels.join(', ')}, besides ${COMMON_LABELS.join(', ')}): a matcher on it never matches them`,
  ];
}
