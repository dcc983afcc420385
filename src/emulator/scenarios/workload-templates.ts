/**
 * The recurring statements the scenario's query history is made of: who runs what, where, when
 * (a schedule kind resolved in time-slots.ts), how long it takes and how it fails. Data only.
 */

/** When a template's statements run; see time-slots.ts for the weights of each kind. */
export type ScheduleKind =
  | 'office' // weekdays 08-18 UTC, a trickle otherwise
  | 'sporadic' // like office, but only in about a quarter of the hours (ad hoc work)
  | 'nightly' // every night 01-05 UTC; the spike day runs all day and 3× longer
  | 'loads' // every hour; the last 48 hours ×20 (the new micro-batch schedule → resume thrash)
  | 'morning' // weekdays 07 UTC (a person's own pipeline)
  | 'snowmon' // daily 06 UTC (snowmon's checks)
  | 'early' // only more than 35 days ago (the warehouse is unused since)
  | 'science' // office hours, stopping when the monitor suspended DATASCIENCE_WH
  | 'dev'; // office hours, light

export interface WorkloadTemplate {
  readonly key: string;
  readonly warehouse: string;
  /** One is picked per statement. */
  readonly users: readonly string[];
  readonly role: string;
  readonly database: string;
  readonly schema: string;
  readonly queryType: string;
  /** Statement text; `{p}` is replaced by the parameter, so the parameterized hash stays the same. */
  readonly text: string;
  readonly param: 'date' | 'int' | 'none';
  /** QUERY_TAG, '' when none. */
  readonly tag: string;
  /** Execution time range in ms (log-uniform). */
  readonly execMs: readonly [number, number];
  readonly partitionsTotal: number;
  /** Fraction of partitions scanned (uniform in range). */
  readonly scanRatio: readonly [number, number];
  readonly failRate: number;
  readonly errorCode: string;
  readonly errorMessage: string;
  /** Fraction of runs that queue behind others (overload). */
  readonly queueRate: number;
  /** Fraction of runs that spill to remote storage. */
  readonly spillRate: number;
  readonly schedule: ScheduleKind;
  /** Share of the generated rows, or a fixed number of statements per day. */
  readonly volume: { readonly share: number } | { readonly perDay: number };
}

/** JSON as dbt's `tojson` writes it (Python's json.dumps: `", "` and `": "` separators, keys in insertion order). */
const pyJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(pyJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${pyJson(v)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
};

/** dbt's default query comment (dbt-core's query_header): what every dbt statement carries unless configured. */
const dbtDefaultComment = (node: string, dbtVersion: string): string =>
  `/* ${pyJson({ app: 'dbt', dbt_version: dbtVersion, profile_name: 'analytics', target_name: 'prod', node_id: node })} */`;

/** The query comment of the dbt_query_tags package (3.x; `get_query_comment(node)`), appended as it recommends. */
const dbtPackageComment = (project: string, node: string, which: string, meta: Record<string, string>, materialized: string): string =>
  `/* ${pyJson({
    app: 'dbt',
    dbt_query_tags_version: '3.2.0',
    dbt_version: '1.10.4',
    project_name: project,
    target_name: 'prod',
    target_database: 'ANALYTICS',
    target_schema: 'MARTS',
    invocation_id: `7d3c9a4e-${project}-{p}`,
    full_refresh: false,
    which,
    thread_id: 'Thread-1 (worker)',
    node_name: node.split('.').pop(),
    node_package_name: project,
    node_id: node,
    node_resource_type: 'model',
    node_meta: meta,
    node_tags: ['nightly'],
    materialized,
  })} */`;

/** QUERY_TAG of dbt_query_tags 3.x (`dbt_query_tags_version`) and dbt_snowflake_query_tags 2.x (`dbt_snowflake_query_tags_version`). */
const dbtQueryTag = (versionKey: 'dbt_query_tags_version' | 'dbt_snowflake_query_tags_version', version: string, incremental: boolean): string =>
  pyJson({ app: 'dbt', [versionKey]: version, thread_id: 'Thread-2 (worker)', is_incremental: incremental });

/** QUERY_TAG of dbt_snowflake_query_tags 1.x, which put every key in the tag. */
const dbtFullQueryTag = (node: string, materialized: string): string =>
  pyJson({
    dbt_snowflake_query_tags_version: '1.1.3',
    app: 'dbt',
    dbt_version: '1.4.0',
    project_name: 'analytics',
    target_name: 'prod',
    target_database: 'ANALYTICS',
    target_schema: 'MARTS',
    node_id: node,
    node_resource_type: 'model',
    materialized,
    is_incremental: true,
  });
const snowmonTag = (check: string): string => JSON.stringify({ app: 'snowmon', check });

const NO_ERROR = { failRate: 0, errorCode: '', errorMessage: '' } as const;
const QUIET = { queueRate: 0, spillRate: 0 } as const;

export const WORKLOAD_TEMPLATES: readonly WorkloadTemplate[] = Object.freeze([
  // dbt production (service user)
  {
    key: 'dbt_fct_orders',
    warehouse: 'TRANSFORM_WH',
    users: ['DBT_SVC'],
    role: 'TRANSFORMER',
    database: 'ANALYTICS',
    schema: 'MARTS',
    queryType: 'MERGE',
    text:
      "merge into analytics.marts.fct_orders t using (select * from analytics.staging.stg_orders where updated_at >= '{p}') s on t.order_id = s.order_id when matched then update set t.status = s.status when not matched then insert (order_id, status) values (s.order_id, s.status)\n" +
      dbtPackageComment('analytics', 'model.analytics.fct_orders', 'build', { owner: 'data_eng', channel: '#data-eng' }, 'incremental'),
    param: 'date',
    tag: dbtQueryTag('dbt_query_tags_version', '3.2.0', true),
    execMs: [20_000, 240_000],
    partitionsTotal: 3_200,
    scanRatio: [0.05, 0.2],
    ...NO_ERROR,
    ...QUIET,
    schedule: 'nightly',
    volume: { share: 0.08 },
  },
  {
    key: 'dbt_dim_customers',
    warehouse: 'TRANSFORM_WH',
    users: ['DBT_SVC'],
    role: 'TRANSFORMER',
    database: 'ANALYTICS',
    schema: 'MARTS',
    queryType: 'CREATE_TABLE_AS_SELECT',
    text: `${dbtDefaultComment('model.analytics.dim_customers', '1.9.4')}\n\ncreate or replace transient table analytics.marts.dim_customers as select c.*, count(o.order_id) as orders from analytics.staging.stg_customers c left join analytics.staging.stg_orders o using (customer_id) group by all`,
    param: 'none',
    tag: dbtQueryTag('dbt_snowflake_query_tags_version', '2.5.0', false),
    execMs: [30_000, 180_000],
    partitionsTotal: 1_800,
    scanRatio: [0.97, 1],
    ...NO_ERROR,
    queueRate: 0,
    spillRate: 0.1,
    schedule: 'nightly',
    volume: { share: 0.06 },
  },
  {
    key: 'dbt_fct_events',
    warehouse: 'TRANSFORM_WH',
    users: ['DBT_SVC'],
    role: 'TRANSFORMER',
    database: 'ANALYTICS',
    schema: 'MARTS',
    queryType: 'INSERT',
    text: "insert into analytics.marts.fct_events select * from raw.events.page_views where to_date(received_at) >= '{p}'",
    param: 'date',
    tag: dbtFullQueryTag('model.analytics.fct_events', 'incremental'),
    execMs: [60_000, 600_000],
    partitionsTotal: 48_000,
    scanRatio: [0.96, 1],
    failRate: 0.02,
    errorCode: '000630',
    errorMessage: 'Statement reached its statement or warehouse timeout of 3,600 second(s) and was canceled.',
    queueRate: 0,
    spillRate: 0.25,
    schedule: 'nightly',
    volume: { share: 0.06 },
  },
  {
    key: 'dbt_tests',
    warehouse: 'TRANSFORM_WH',
    users: ['DBT_SVC'],
    role: 'TRANSFORMER',
    database: 'ANALYTICS',
    schema: 'DBT_TEST__AUDIT',
    queryType: 'SELECT',
    text: `/* audit: not_null */ select count(*) as failures from (select order_id from analytics.marts.fct_orders where order_id is null or order_id = {p})\n\n   ${dbtDefaultComment('test.analytics.not_null_fct_orders_order_id', '1.10.4').replace('/* ', '/*   ')}   `,
    param: 'int',
    tag: '',
    execMs: [400, 6_000],
    partitionsTotal: 3_200,
    scanRatio: [0.01, 0.1],
    failRate: 0.03,
    errorCode: '100183',
    errorMessage: 'dbt test failed: 12 rows',
    ...QUIET,
    schedule: 'nightly',
    volume: { share: 0.1 },
  },
  // a person running a production pipeline from a laptop
  {
    key: 'erin_pipeline',
    warehouse: 'TRANSFORM_WH',
    users: ['ERIN'],
    role: 'TRANSFORMER',
    database: 'ANALYTICS',
    schema: 'FINANCE',
    queryType: 'CREATE_TABLE_AS_SELECT',
    text:
      "create or replace table analytics.finance.revenue_daily as select order_date, sum(amount) as revenue from analytics.marts.fct_orders where order_date >= '{p}' group by 1\n" +
      dbtPackageComment('finance', 'model.finance.revenue_daily', 'run', { owner: 'finance_team' }, 'table'),
    param: 'date',
    tag: dbtQueryTag('dbt_query_tags_version', '3.2.0', false),
    execMs: [15_000, 90_000],
    partitionsTotal: 3_200,
    scanRatio: [0.3, 0.5],
    ...NO_ERROR,
    ...QUIET,
    schedule: 'morning',
    volume: { perDay: 3 },
  },
  // loads
  {
    key: 'copy_orders',
    warehouse: 'LOADING_WH',
    users: ['LOADER_SVC'],
    role: 'LOADER_ROLE',
    database: 'RAW',
    schema: 'SHOP',
    queryType: 'COPY',
    text: "copy into raw.shop.orders from @raw.shop.orders_stage/{p}/ file_format = (type = 'json')",
    param: 'date',
    tag: '',
    execMs: [5_000, 45_000],
    partitionsTotal: 0,
    scanRatio: [0, 0],
    failRate: 0.04,
    errorCode: '100080',
    errorMessage: 'Number of columns in file (12) does not match that of the corresponding table (11)',
    ...QUIET,
    schedule: 'loads',
    volume: { share: 0.14 },
  },
  {
    key: 'copy_events',
    warehouse: 'LOADING_WH',
    users: ['LOADER_SVC'],
    role: 'LOADER_ROLE',
    database: 'RAW',
    schema: 'EVENTS',
    queryType: 'COPY',
    text: "copy into raw.events.page_views from @raw.events.stage/{p}/ file_format = (type = 'parquet')",
    param: 'date',
    tag: '',
    execMs: [10_000, 60_000],
    partitionsTotal: 0,
    scanRatio: [0, 0],
    ...NO_ERROR,
    ...QUIET,
    schedule: 'loads',
    volume: { share: 0.08 },
  },
  // BI
  {
    key: 'looker_revenue',
    warehouse: 'BI_WH',
    users: ['LOOKER_SVC'],
    role: 'REPORTER',
    database: 'ANALYTICS',
    schema: 'MARTS',
    queryType: 'SELECT',
    text: "select date_trunc('week', order_date) as week, sum(amount) from analytics.marts.fct_orders where region_id = {p} group by 1 order by 1",
    param: 'int',
    tag: '',
    execMs: [300, 8_000],
    partitionsTotal: 3_200,
    scanRatio: [0.02, 0.15],
    ...NO_ERROR,
    queueRate: 0.08,
    spillRate: 0,
    schedule: 'office',
    volume: { share: 0.16 },
  },
  {
    key: 'looker_events_scan',
    warehouse: 'BI_WH',
    users: ['LOOKER_SVC'],
    role: 'REPORTER',
    database: 'RAW',
    schema: 'EVENTS',
    queryType: 'SELECT',
    text: "select page, count(*) from raw.events.page_views where lower(user_agent) like '%{p}%' group by 1",
    param: 'int',
    tag: '',
    execMs: [20_000, 120_000],
    partitionsTotal: 12_000,
    scanRatio: [0.97, 1],
    ...NO_ERROR,
    queueRate: 0.1,
    spillRate: 0.05,
    schedule: 'office',
    volume: { share: 0.05 },
  },
  {
    key: 'looker_customers',
    warehouse: 'BI_WH',
    users: ['LOOKER_SVC'],
    role: 'REPORTER',
    database: 'ANALYTICS',
    schema: 'MARTS',
    queryType: 'SELECT',
    text: 'select segment, count(*) from analytics.marts.dim_customers where signup_year = {p} group by 1',
    param: 'int',
    tag: '',
    execMs: [200, 3_000],
    partitionsTotal: 400,
    scanRatio: [0.1, 0.5],
    ...NO_ERROR,
    queueRate: 0.05,
    spillRate: 0,
    schedule: 'office',
    volume: { share: 0.12 },
  },
  // ad hoc
  {
    key: 'adhoc_explore',
    warehouse: 'ADHOC_WH',
    users: ['CAROL', 'DAVE', 'ALICE_ADMIN'],
    role: 'ANALYST',
    database: 'ANALYTICS',
    schema: 'MARTS',
    queryType: 'SELECT',
    text: 'select * from analytics.marts.fct_orders o join analytics.marts.dim_customers c using (customer_id) where o.amount > {p}',
    param: 'int',
    tag: '',
    execMs: [5_000, 900_000],
    partitionsTotal: 3_200,
    scanRatio: [0.5, 1],
    failRate: 0.08,
    errorCode: '002003',
    errorMessage: "SQL compilation error:\nObject 'ANALYTICS.MARTS.FCT_ORDER' does not exist or not authorized.",
    queueRate: 0,
    spillRate: 0.2,
    schedule: 'sporadic',
    volume: { share: 0.05 },
  },
  {
    key: 'adhoc_syntax',
    warehouse: 'ADHOC_WH',
    users: ['CAROL', 'DAVE'],
    role: 'ANALYST',
    database: 'ANALYTICS',
    schema: 'PUBLIC',
    queryType: 'SELECT',
    text: 'selec count(*) from analytics.marts.fct_orders where customer_id = {p} /* {"app": "dbt", "node_id": "model.analytics.fct_orders" */',
    param: 'int',
    tag: '',
    execMs: [1, 5],
    partitionsTotal: 0,
    scanRatio: [0, 0],
    failRate: 1,
    errorCode: '001003',
    errorMessage: "SQL compilation error:\nsyntax error line 1 at position 0 unexpected 'selec'.",
    ...QUIET,
    schedule: 'sporadic',
    volume: { share: 0.01 },
  },
  // data science
  {
    key: 'ds_features',
    warehouse: 'DATASCIENCE_WH',
    users: ['DAVE'],
    role: 'DATA_SCIENTIST',
    database: 'ANALYTICS',
    schema: 'ML',
    queryType: 'CREATE_TABLE_AS_SELECT',
    text: 'create or replace table analytics.ml.features_{p} as select customer_id, avg(amount) a, count(*) n from analytics.marts.fct_orders group by 1',
    param: 'int',
    tag: '{"app":"jupyter","team":"data_science"}', // a team's own tag: the budgets check reads "team"
    execMs: [30_000, 400_000],
    partitionsTotal: 3_200,
    scanRatio: [0.95, 1],
    ...NO_ERROR,
    queueRate: 0,
    spillRate: 0.3,
    schedule: 'science',
    volume: { share: 0.04 },
  },
  // dev
  {
    key: 'dev_queries',
    warehouse: 'DEV_WH',
    users: ['FRANK', 'CAROL'],
    role: 'DEV_ROLE',
    database: 'SANDBOX',
    schema: 'PUBLIC',
    queryType: 'SELECT',
    text: 'select * from sandbox.public.scratch_{p} limit 100',
    param: 'int',
    tag: '',
    execMs: [100, 4_000],
    partitionsTotal: 20,
    scanRatio: [0.1, 1],
    failRate: 0.05,
    errorCode: '002003',
    errorMessage: "SQL compilation error:\nObject 'SANDBOX.PUBLIC.SCRATCH' does not exist or not authorized.",
    ...QUIET,
    schedule: 'dev',
    volume: { share: 0.04 },
  },
  // unused warehouse: only old history
  {
    key: 'legacy_report',
    warehouse: 'UNUSED_WH',
    users: ['OLD_CONTRACTOR'],
    role: 'REPORTER',
    database: 'LEGACY_DW',
    schema: 'REPORTS',
    queryType: 'SELECT',
    text: "select * from legacy_dw.reports.monthly where month = '{p}'",
    param: 'date',
    tag: '',
    execMs: [1_000, 20_000],
    partitionsTotal: 300,
    scanRatio: [0.5, 1],
    ...NO_ERROR,
    ...QUIET,
    schedule: 'early',
    volume: { perDay: 2 },
  },
  // a model broken since a source column was renamed: every nightly statement fails (dbt's default comment appended)
  {
    key: 'dbt_stg_payments',
    warehouse: 'TRANSFORM_WH',
    users: ['DBT_SVC'],
    role: 'TRANSFORMER',
    database: 'ANALYTICS',
    schema: 'STAGING',
    queryType: 'CREATE_TABLE_AS_SELECT',
    text: `create or replace transient table analytics.staging.stg_payments as select payment_id, amount_cents / 100 as amount from raw.shop.payments\n${dbtDefaultComment('model.analytics.stg_payments', '1.10.4')}`,
    param: 'none',
    tag: '',
    execMs: [200, 900],
    partitionsTotal: 40,
    scanRatio: [0, 0],
    failRate: 1,
    errorCode: '000904',
    errorMessage: "SQL compilation error: error line 1 at position 86\ninvalid identifier 'AMOUNT_CENTS'",
    ...QUIET,
    schedule: 'nightly',
    volume: { perDay: 2 },
  },
  // snowmon's own checks
  ...[
    'credits_by_warehouse',
    'top_queries',
    'warehouse_utilization',
    'warehouse_config',
    'full_table_scans',
    'storage_by_database',
    'service_account_audit',
    'self_cost',
  ].map((check, n) => ({
    key: `snowmon_${check}`,
    warehouse: 'SNOWMON_WH',
    users: ['SNOWMON'],
    role: 'SNOWMON_ROLE',
    database: 'SNOWFLAKE',
    schema: 'ACCOUNT_USAGE',
    queryType: 'SELECT',
    text: `select /* snowmon ${check} */ * from snowflake.account_usage.${n % 2 === 0 ? 'warehouse_metering_history' : 'query_history'} where start_time >= dateadd('day', -1, current_timestamp()) limit {p}`,
    param: 'int' as const,
    tag: snowmonTag(check),
    execMs: [300, 6_000] as const,
    partitionsTotal: 60,
    scanRatio: [0.1, 0.4] as const,
    ...NO_ERROR,
    ...QUIET,
    schedule: 'snowmon' as const,
    volume: { perDay: 1 },
  })),
] satisfies WorkloadTemplate[]);
