/**
 * The dbt project `snowmon demo` watches: a small `shop` project whose manifest, run_results.json and
 * sources.json the demo writes into a temp `target/` folder as dbt would, at emulated times. The story, on
 * the first emulated day (Europe/London, GMT in November): the nightly `dbt build` fails at stg_orders and
 * skips its children while a test owned by finance_team fails; `dbt source freshness` finds raw.orders
 * stale; 07:00 passes with no success (the SLA's finish_by); the fixed re-run and a new freshness check
 * pass at 09:40 and 10:00. Every later night passes. The artifacts are written by this file, never copied.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The demo's `dbt:` section of snowmon.yaml (the folder relative to the config file). */
export const DEMO_DBT_CONFIG = [
  'dbt:',
  '  artifacts: [./dbt/target]',
  '  poll_interval: 15m',
  '  pipelines:',
  '    - name: nightly',
  '      match: { env: { PIPELINE: nightly } }',
  '      sla: { max_duration: 1h, finish_by: "07:00", timezone: Europe/London }',
];

const PROJECT = 'shop';
const HOUR = 3_600_000;
const MINUTE = 60_000;

interface DemoNode {
  readonly id: string;
  readonly dependsOn: readonly string[];
  readonly meta?: Readonly<Record<string, string>>;
  readonly group?: string;
  readonly freshness?: boolean;
}

/** The project's DAG: sources, models and tests (a test's owners are its model's, as Elementary reads them). */
const NODES: readonly DemoNode[] = [
  { id: 'source.shop.raw.orders', dependsOn: [], meta: { owner: 'data_ops_team' }, freshness: true },
  { id: 'source.shop.raw.payments', dependsOn: [], meta: { owner: 'finance_team' }, freshness: true },
  { id: 'model.shop.stg_orders', dependsOn: ['source.shop.raw.orders'], meta: { owner: 'data_ops_team', channel: '#data-ops' } },
  { id: 'model.shop.stg_payments', dependsOn: ['source.shop.raw.payments'], meta: { owner: 'finance_team' } },
  { id: 'test.shop.unique_stg_orders_order_id.1f3a9c0b2d', dependsOn: ['model.shop.stg_orders'] },
  { id: 'test.shop.accepted_values_stg_payments_method.8e21d4b7aa', dependsOn: ['model.shop.stg_payments'] },
  { id: 'model.shop.fct_orders', dependsOn: ['model.shop.stg_orders', 'model.shop.stg_payments'], meta: { owner: 'data_ops_team' } },
  { id: 'test.shop.not_null_fct_orders_order_id.5c0e7f9b13', dependsOn: ['model.shop.fct_orders'] },
  { id: 'model.shop.dim_customers', dependsOn: ['model.shop.fct_orders'], meta: { owner: 'data_ops_team' } },
  { id: 'model.shop.revenue_daily', dependsOn: ['model.shop.fct_orders'], group: 'finance' },
];

const STG_ORDERS_ERROR =
  "Database Error in model stg_orders (models/staging/stg_orders.sql)\n  000904 (42000): SQL compilation error: error line 4 at position 8\n  invalid identifier 'ORDER_TS'";

/** Each built node's status in the failed night: stg_orders errors, everything below it is skipped. */
const FAILED_NIGHT: Readonly<Record<string, string>> = {
  'model.shop.stg_orders': 'error',
  'test.shop.unique_stg_orders_order_id.1f3a9c0b2d': 'skipped',
  'test.shop.accepted_values_stg_payments_method.8e21d4b7aa': 'fail',
  'model.shop.fct_orders': 'skipped',
  'test.shop.not_null_fct_orders_order_id.5c0e7f9b13': 'skipped',
  'model.shop.dim_customers': 'skipped',
  'model.shop.revenue_daily': 'skipped',
};

/** One artifact dbt writes at `at`, and the timeline's line about it. */
interface DbtWrite {
  readonly at: Date;
  readonly file: 'run_results.json' | 'sources.json';
  readonly text: string;
  readonly line: string;
}

/** The demo's dbt project in `folder`/dbt/target: the manifest at once, each run's artifact when its time comes. */
export class DemoDbtProject {
  readonly #target: string;
  readonly #writes: DbtWrite[];

  constructor(folder: string, start: Date, days: number) {
    this.#target = join(folder, 'dbt', 'target');
    mkdirSync(this.#target, { recursive: true });
    writeFileSync(join(this.#target, 'manifest.json'), manifestText(new Date(start.getTime() - 20 * HOUR)));
    this.#writes = story(start, days);
  }

  /** Writes the artifacts whose run finished by `at` (dbt overwrites target/); returns their timeline lines. */
  due(at: Date): string[] {
    const lines: string[] = [];
    while (this.#writes.length > 0 && (this.#writes[0] as DbtWrite).at <= at) {
      const write = this.#writes.shift() as DbtWrite;
      writeFileSync(join(this.#target, write.file), write.text);
      lines.push(write.line);
    }
    return lines;
  }
}

/** The first day's failure, stale source, missed 07:00 and recovery; then a passing night each day. */
function story(start: Date, days: number): DbtWrite[] {
  const at = (day: number, hours: number) => new Date(start.getTime() + day * 24 * HOUR + hours * HOUR);
  const writes: DbtWrite[] = [
    build(
      1,
      at(0, 4),
      at(0, 4).getTime() + 40 * MINUTE,
      FAILED_NIGHT,
      'dbt build (nightly) failed: stg_orders errored, 5 nodes below it skipped, a test on stg_payments failed',
    ),
    freshness(
      2,
      at(0, 5),
      { 'source.shop.raw.orders': 27 * HOUR, 'source.shop.raw.payments': 2 * HOUR },
      'dbt source freshness: raw.orders last loaded 27 h ago (error after 24 h)',
    ),
    build(3, at(0, 9), at(0, 9).getTime() + 40 * MINUTE, {}, 'dbt build (nightly) re-run after the fix: every node passed'),
    freshness(4, at(0, 10), { 'source.shop.raw.orders': 0.5 * HOUR, 'source.shop.raw.payments': 3 * HOUR }, 'dbt source freshness: every source fresh'),
  ];
  for (let day = 1; day < days; day++) {
    writes.push(build(10 + day, at(day, 4), at(day, 4).getTime() + 35 * MINUTE, {}, 'dbt build (nightly) passed'));
  }
  return writes;
}

function invocationId(n: number): string {
  return `5d3e0c1a-7b2f-4c6d-9e8a-${String(n).padStart(12, '0')}`;
}

function metadata(kind: string, n: number, finished: Date, started?: Date) {
  return {
    dbt_schema_version: `https://schemas.getdbt.com/dbt/${kind}.json`,
    dbt_version: '1.10.4',
    generated_at: finished.toISOString(),
    invocation_id: invocationId(n),
    ...(started ? { invocation_started_at: started.toISOString() } : {}),
    env: { PIPELINE: 'nightly' },
  };
}

/** A `dbt build` run_results.json (schema v6): every model and test, `statuses` overriding success / pass. */
function build(n: number, started: Date, finishedMs: number, statuses: Readonly<Record<string, string>>, line: string): DbtWrite {
  const finished = new Date(finishedMs);
  const built = NODES.filter((node) => !node.id.startsWith('source.'));
  const results = built.map((node, i) => {
    const status = statuses[node.id] ?? (node.id.startsWith('test.') ? 'pass' : 'success');
    const ran = status !== 'skipped';
    const begin = new Date(started.getTime() + i * MINUTE);
    return {
      status,
      timing: ran ? [{ name: 'execute', started_at: begin.toISOString(), completed_at: new Date(begin.getTime() + 30_000).toISOString() }] : [],
      thread_id: 'Thread-1 (worker)',
      execution_time: ran ? 30 : 0,
      adapter_response: status === 'success' ? { _message: 'SUCCESS 1', code: 'SUCCESS', rows_affected: 1 } : {},
      message:
        status === 'error' ? STG_ORDERS_ERROR : status === 'fail' ? 'Got 3 results, configured to fail if != 0' : status === 'success' ? 'SUCCESS 1' : null,
      failures: node.id.startsWith('test.') ? (status === 'fail' ? 3 : ran ? 0 : null) : null,
      unique_id: node.id,
    };
  });
  const text = JSON.stringify({
    metadata: metadata('run-results/v6', n, finished, started),
    results,
    elapsed_time: (finishedMs - started.getTime()) / 1000,
    args: { which: 'build', invocation_command: 'dbt build --target prod', target: 'prod', select: [], exclude: [] },
  });
  return { at: finished, file: 'run_results.json', text, line };
}

/** A `dbt source freshness` sources.json (schema v3) with each source's age; warn after 12 h, error after 24 h. */
function freshness(n: number, at: Date, ages: Readonly<Record<string, number>>, line: string): DbtWrite {
  const results = Object.entries(ages).map(([id, ageMs]) => ({
    unique_id: id,
    max_loaded_at: new Date(at.getTime() - ageMs).toISOString().replace('Z', '+00:00'),
    snapshotted_at: at.toISOString().replace('Z', '+00:00'),
    max_loaded_at_time_ago_in_s: ageMs / 1000,
    status: ageMs > 24 * HOUR ? 'error' : ageMs > 12 * HOUR ? 'warn' : 'pass',
    criteria: { warn_after: { count: 12, period: 'hour' }, error_after: { count: 24, period: 'hour' }, filter: null },
    adapter_response: {},
    timing: [],
    thread_id: 'Thread-1',
    execution_time: 0.4,
  }));
  return { at, file: 'sources.json', text: JSON.stringify({ metadata: metadata('sources/v3', n, at), results, elapsed_time: 1.1 }), line };
}

/** manifest.json (schema v12), only the keys snowmon reads: nodes, sources, groups and the child map. */
function manifestText(generatedAt: Date): string {
  const nodes: Record<string, unknown> = {};
  const sources: Record<string, unknown> = {};
  const childMap: Record<string, string[]> = Object.fromEntries(NODES.map((n) => [n.id, []]));
  for (const node of NODES) {
    for (const parent of node.dependsOn) childMap[parent]?.push(node.id);
    const [kind, , ...rest] = node.id.split('.');
    const name = kind === 'test' ? (rest[0] as string) : rest.join('.');
    const entry = {
      unique_id: node.id,
      resource_type: kind,
      name: kind === 'source' ? (rest[1] as string) : name,
      package_name: PROJECT,
      meta: node.meta ?? {},
      config: { meta: node.meta ?? {}, tags: [], ...(node.group ? { group: node.group } : {}) },
      depends_on: { nodes: node.dependsOn },
      ...(kind === 'test' ? { attached_node: node.dependsOn[0] } : {}),
      ...(node.freshness ? { source_name: rest[0], freshness: { warn_after: { count: 12, period: 'hour' }, error_after: { count: 24, period: 'hour' } } } : {}),
    };
    if (kind === 'source') sources[node.id] = entry;
    else nodes[node.id] = entry;
  }
  return JSON.stringify({
    metadata: { ...metadata('manifest/v12', 0, generatedAt), project_name: PROJECT, adapter_type: 'snowflake' },
    nodes,
    sources,
    groups: { 'group.shop.finance': { name: 'finance', owner: { name: 'finance_team' } } },
    child_map: childMap,
    unit_tests: {},
  });
}
