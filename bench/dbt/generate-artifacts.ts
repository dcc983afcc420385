/**
 * Writes synthetic dbt artifacts shaped like dbt 1.10's (manifest v12, run_results v6) for the dbt
 * benchmark: every key a real manifest node carries (raw and compiled SQL, columns, docs, config,
 * depends_on, refs, checksum…), macros, sources with freshness, groups, child_map and parent_map; and
 * run_results with compiled code, timing and adapter responses. Deterministic (seeded). Not a fixture
 * generator for tests: shapes, not semantics, are what it imitates.
 */

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { SeededRandom } from '../../src/emulator/scenarios/random.js';

const PROJECT = 'bench_shop';
const SCHEMA_URL = 'https://schemas.getdbt.com/dbt';

/** A deterministic generator (the emulator's mulberry32), so two runs write the same bytes. */
function seeded(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

export interface ProjectShape {
  /** Nodes in `nodes` (models, tests, seeds, snapshots). */
  readonly nodes: number;
  /** Characters of SQL per model (raw and compiled each); tunes the file size. */
  readonly sqlChars: number;
  readonly columnsPerModel: number;
  readonly seed: number;
}

export interface GeneratedProject {
  readonly nodeIds: readonly string[];
  readonly bytes: number;
}

/** The unique ids of the project's nodes: 45 % models, 50 % tests, the rest seeds and snapshots. */
export function nodeIdsOf(count: number): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const slot = i % 20;
    if (slot < 9) ids.push(`model.${PROJECT}.model_${i}`);
    else if (slot < 19) ids.push(`test.${PROJECT}.not_null_model_${i - (slot - 8)}_id.${(i * 2654435761).toString(16).slice(-10)}`);
    else if (i % 40 === 19) ids.push(`seed.${PROJECT}.seed_${i}`);
    else ids.push(`snapshot.${PROJECT}.snapshot_${i}`);
  }
  return ids;
}

function sql(random: () => number, chars: number, ref: string): string {
  const words = [
    'select',
    'id',
    'customer_id',
    'order_date',
    'amount',
    'status',
    'from',
    ref,
    'where',
    'and',
    'coalesce(',
    ')',
    'sum(',
    'group by',
    'join',
    'on',
  ];
  let out = '';
  while (out.length < chars) out += `${words[Math.floor(random() * words.length)]}${random() < 0.1 ? '\n  ' : ' '}`;
  return out;
}

function columns(random: () => number, count: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let c = 0; c < count; c++) {
    const name = `column_${c}`;
    out[name] = {
      name,
      description: `The ${name} of the row, as loaded from the source system ${Math.floor(random() * 1000)}.`,
      meta: {},
      data_type: random() < 0.5 ? 'varchar' : 'number(38,0)',
      constraints: [],
      quote: null,
      config: { meta: {}, tags: [] },
      tags: [],
      granularity: null,
      doc_blocks: [],
    };
  }
  return out;
}

function nodeConfig(kind: string, index: number): Record<string, unknown> {
  const owned = index % 3 === 0;
  return {
    enabled: true,
    alias: null,
    schema: null,
    database: null,
    tags: index % 5 === 0 ? ['nightly'] : [],
    meta: owned ? { owner: `team_${index % 7}@example.com`, channel: `#data-${index % 4}` } : {},
    group: index % 11 === 0 ? `group_${index % 10}` : null,
    materialized: kind === 'test' ? 'test' : kind === 'seed' ? 'seed' : kind === 'snapshot' ? 'snapshot' : 'table',
    incremental_strategy: null,
    batch_size: null,
    persist_docs: {},
    'post-hook': [],
    'pre-hook': [],
    quoting: {},
    column_types: {},
    full_refresh: null,
    unique_key: null,
    on_schema_change: 'ignore',
    on_configuration_change: 'apply',
    grants: {},
    packages: [],
    docs: { show: true, node_color: null },
    contract: { enforced: false, alias_types: true },
    access: 'protected',
    ...(kind === 'test' ? { severity: 'ERROR', store_failures: null, warn_if: '!= 0', error_if: '!= 0', fail_calc: 'count(*)' } : {}),
  };
}

function manifestNode(random: () => number, id: string, index: number, ids: readonly string[], shape: ProjectShape): Record<string, unknown> {
  const [kind = 'model', , name = 'node'] = id.split('.');
  const parent = index >= 20 ? ids[index - 20 + (index % 9)] : undefined;
  const dependsOn =
    kind === 'test' ? [ids[index - (index % 20) + Math.min(index % 20, 8)]!] : parent !== undefined && parent.startsWith('model.') ? [parent] : [];
  const isTest = kind === 'test';
  const code = sql(random, isTest ? Math.floor(shape.sqlChars / 8) : shape.sqlChars, `{{ ref('${dependsOn[0]?.split('.')[2] ?? 'raw'}') }}`);
  return {
    database: 'ANALYTICS',
    schema: kind === 'test' ? 'DBT_TEST__AUDIT' : 'MARTS',
    name,
    resource_type: kind,
    package_name: PROJECT,
    path: `${kind}s/${name}.sql`,
    original_file_path: `${kind}s/marts/${name}.sql`,
    unique_id: id,
    fqn: [PROJECT, 'marts', name],
    alias: name,
    checksum: { name: 'sha256', checksum: (index * 2654435761).toString(16).padStart(64, '0') },
    config: nodeConfig(kind, index),
    tags: index % 5 === 0 ? ['nightly'] : [],
    description: isTest ? '' : `Model ${name}: one row per order line, deduplicated and enriched with the customer's segment.`,
    columns: isTest ? {} : columns(random, shape.columnsPerModel),
    meta: index % 3 === 0 ? { owner: `team_${index % 7}@example.com`, channel: `#data-${index % 4}` } : {},
    group: index % 11 === 0 ? `group_${index % 10}` : null,
    docs: { show: true, node_color: null },
    patch_path: isTest ? null : `${PROJECT}://models/marts/_models.yml`,
    build_path: null,
    unrendered_config: { materialized: 'table' },
    created_at: 1763600000.123 + index,
    relation_name: isTest ? null : `ANALYTICS.MARTS.${name.toUpperCase()}`,
    raw_code: code,
    doc_blocks: [],
    language: 'sql',
    refs: dependsOn.map((d) => ({ name: d.split('.')[2], package: null, version: null })),
    sources: [],
    metrics: [],
    functions: [],
    depends_on: { macros: ['macro.dbt.run_hooks', 'macro.dbt_snowflake.snowflake__create_table_as'], nodes: dependsOn },
    compiled_path: `target/compiled/${PROJECT}/${kind}s/${name}.sql`,
    compiled: true,
    compiled_code: code.replace(/\{\{ ref\('([^']*)'\) \}\}/, 'ANALYTICS.MARTS.$1'),
    extra_ctes_injected: true,
    extra_ctes: [],
    contract: { enforced: false, alias_types: true, checksum: null },
    access: 'protected',
    constraints: [],
    version: null,
    latest_version: null,
    deprecation_date: null,
    primary_key: ['id'],
    ...(isTest
      ? {
          test_metadata: {
            name: 'not_null',
            kwargs: { column_name: 'id', model: `{{ get_where_subquery(ref('${dependsOn[0]?.split('.')[2]}')) }}` },
            namespace: null,
          },
          column_name: 'id',
          file_key_name: `models.${dependsOn[0]?.split('.')[2]}`,
          attached_node: dependsOn[0],
        }
      : {}),
  };
}

function sourceNode(index: number): [string, Record<string, unknown>] {
  const id = `source.${PROJECT}.raw.table_${index}`;
  const freshness = { warn_after: { count: 12, period: 'hour' }, error_after: { count: 24, period: 'hour' }, filter: null };
  return [
    id,
    {
      database: 'RAW',
      schema: 'SHOP',
      name: `table_${index}`,
      resource_type: 'source',
      package_name: PROJECT,
      path: 'models/sources.yml',
      original_file_path: 'models/sources.yml',
      unique_id: id,
      fqn: [PROJECT, 'raw', `table_${index}`],
      source_name: 'raw',
      source_description: 'The shop database, replicated by Fivetran.',
      loader: 'fivetran',
      identifier: `table_${index}`,
      quoting: {},
      loaded_at_field: '_fivetran_synced',
      freshness,
      external: null,
      description: '',
      columns: {},
      meta: {},
      source_meta: { owner: 'ingest@example.com' },
      tags: [],
      config: { enabled: true, event_time: null, freshness, loaded_at_field: '_fivetran_synced', meta: {}, tags: [] },
      relation_name: `RAW.SHOP.TABLE_${index}`,
      created_at: 1763600000.5,
    },
  ];
}

function macro(random: () => number, index: number): [string, Record<string, unknown>] {
  const id = `macro.dbt.macro_${index}`;
  return [
    id,
    {
      name: `macro_${index}`,
      resource_type: 'macro',
      package_name: 'dbt',
      path: `macros/macro_${index}.sql`,
      original_file_path: `macros/macro_${index}.sql`,
      unique_id: id,
      macro_sql: `{% macro macro_${index}(relation) %}\n  ${sql(random, 600, 'relation')}\n{% endmacro %}`,
      depends_on: { macros: [] },
      description: '',
      meta: {},
      docs: { show: true, node_color: null },
      patch_path: null,
      arguments: [],
      created_at: 1763600000.1,
      supported_languages: ['sql'],
    },
  ];
}

/** Writes one top-level map (`"key": {id: value, …}`) entry by entry, so the generator never holds the file. */
async function writeMap(out: NodeJS.WritableStream, key: string, entries: Iterable<[string, unknown]>, last = false): Promise<void> {
  out.write(`${JSON.stringify(key)}: {`);
  let first = true;
  for (const [id, value] of entries) {
    if (!out.write(`${first ? '' : ', '}${JSON.stringify(id)}: ${JSON.stringify(value)}`)) await once(out, 'drain');
    first = false;
  }
  out.write(last ? '}' : '}, ');
}

function metadata(kind: string, version: number, invocationId: string, generatedAt: Date): Record<string, unknown> {
  return {
    dbt_schema_version: `${SCHEMA_URL}/${kind}/v${version}.json`,
    dbt_version: '1.10.4',
    generated_at: generatedAt.toISOString(),
    invocation_id: invocationId,
    invocation_started_at: new Date(generatedAt.getTime() - 600_000).toISOString(),
    env: { PIPELINE: 'nightly' },
  };
}

/** A manifest.json of `shape.nodes` nodes (and 2.5 % as many sources, 10 % as many macros). */
export async function writeManifest(path: string, shape: ProjectShape, generatedAt: Date): Promise<GeneratedProject> {
  const random = seeded(shape.seed);
  const ids = nodeIdsOf(shape.nodes);
  const out = createWriteStream(path);
  const meta = { ...metadata('manifest', 12, `manifest-${shape.seed}`, generatedAt), project_name: PROJECT, adapter_type: 'snowflake' };
  out.write(`{"metadata": ${JSON.stringify(meta)}, `);
  await writeMap(
    out,
    'nodes',
    (function* () {
      for (let i = 0; i < ids.length; i++) yield [ids[i]!, manifestNode(random, ids[i]!, i, ids, shape)] as [string, unknown];
    })(),
  );
  const sources = Math.max(1, Math.floor(shape.nodes / 40));
  await writeMap(
    out,
    'sources',
    (function* () {
      for (let i = 0; i < sources; i++) yield sourceNode(i);
    })(),
  );
  await writeMap(
    out,
    'macros',
    (function* () {
      for (let i = 0; i < Math.floor(shape.nodes / 10); i++) yield macro(random, i);
    })(),
  );
  out.write('"docs": {}, "exposures": {}, "metrics": {}, "semantic_models": {}, "saved_queries": {}, "unit_tests": {}, "selectors": {}, "disabled": {}, ');
  await writeMap(
    out,
    'groups',
    (function* () {
      for (let g = 0; g < 10; g++) {
        const id = `group.${PROJECT}.group_${g}`;
        yield [
          id,
          { name: `group_${g}`, resource_type: 'group', package_name: PROJECT, unique_id: id, owner: { name: `Group ${g}`, email: `group-${g}@example.com` } },
        ] as [string, unknown];
      }
    })(),
  );
  const children = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (let i = 0; i < ids.length; i++) {
    const parent = i >= 20 ? ids[i - 20 + (i % 9)] : undefined;
    if (parent !== undefined) children.get(parent)?.push(ids[i]!);
  }
  await writeMap(out, 'child_map', children.entries());
  await writeMap(
    out,
    'parent_map',
    (function* () {
      for (let i = 0; i < ids.length; i++) yield [ids[i]!, i >= 20 ? [ids[i - 20 + (i % 9)]!] : []] as [string, unknown];
    })(),
    true,
  );
  out.end('}');
  await once(out, 'close');
  const { stat } = await import('node:fs/promises');
  return { nodeIds: ids, bytes: (await stat(path)).size };
}

function runStatus(random: () => number, id: string): string {
  const r = random();
  if (id.startsWith('test.')) return r < 0.01 ? 'fail' : r < 0.02 ? 'warn' : 'pass';
  return r < 0.002 ? 'error' : r < 0.006 ? 'skipped' : 'success';
}

/** A run_results.json with one result per id in `ids` (a `dbt build` of them) finishing at `generatedAt`. */
export async function writeRunResults(
  path: string,
  ids: readonly string[],
  options: { seed: number; invocationId: string; generatedAt: Date; sqlChars: number },
): Promise<number> {
  const random = seeded(options.seed);
  const out = createWriteStream(path);
  out.write(`{"metadata": ${JSON.stringify(metadata('run-results', 6, options.invocationId, options.generatedAt))}, "results": [`);
  const start = options.generatedAt.getTime() - 600_000;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const status = runStatus(random, id);
    const began = new Date(start + Math.floor((i / ids.length) * 590_000)).toISOString();
    const done = new Date(start + Math.floor((i / ids.length) * 590_000) + 800).toISOString();
    const result = {
      status,
      timing:
        status === 'skipped'
          ? []
          : [
              { name: 'compile', started_at: began, completed_at: began },
              { name: 'execute', started_at: began, completed_at: done },
            ],
      thread_id: `Thread-${(i % 8) + 1} (worker)`,
      execution_time: 0.4 + random() * 3,
      adapter_response:
        status === 'error' ? {} : { _message: 'SUCCESS 1', code: 'SUCCESS', rows_affected: Math.floor(random() * 1e6), query_id: `01b2c3d4-0000-${i}` },
      message:
        status === 'error'
          ? `Database Error in model ${id}\n  000904 (42000): SQL compilation error: invalid identifier 'AMOUNT'`
          : status === 'fail'
            ? 'Got 3 results, configured to fail if != 0'
            : 'SUCCESS 1',
      failures: id.startsWith('test.') ? (status === 'pass' ? 0 : 3) : null,
      unique_id: id,
      compiled: true,
      compiled_code: sql(random, id.startsWith('test.') ? Math.floor(options.sqlChars / 8) : options.sqlChars, 'ANALYTICS.MARTS.X'),
      relation_name: id.startsWith('model.') ? `ANALYTICS.MARTS.${id.split('.')[2]?.toUpperCase()}` : null,
      batch_results: null,
    };
    if (!out.write(`${i === 0 ? '' : ', '}${JSON.stringify(result)}`)) await once(out, 'drain');
  }
  const args = {
    which: 'build',
    invocation_command: 'dbt build --target prod',
    target: 'prod',
    select: [],
    exclude: [],
    full_refresh: false,
    vars: {},
    profiles_dir: '/home/dbt/.dbt',
  };
  out.end(`], "elapsed_time": 590.1, "args": ${JSON.stringify(args)}}`);
  await once(out, 'close');
  const { stat } = await import('node:fs/promises');
  return (await stat(path)).size;
}
