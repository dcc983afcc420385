/**
 * A lenient reader of dbt's run_results.json, sources.json and manifest.json, any schema version: it
 * keeps the few fields snowmon uses, ignores every other key, tolerates missing ones (dbt Fusion) and
 * keeps unknown statuses as written. Text in, an artifact or a one-line problem out; no file I/O.
 */

import type {
  Artifact,
  ArtifactProblem,
  FreshnessPeriod,
  FreshnessResult,
  ManifestArtifact,
  ManifestNode,
  NodeResult,
  RunArtifact,
  SourcesArtifact,
} from './artifact.js';
import { parseDbtTime } from './parse-dbt-time.js';
import { compilePick, JsonSyntaxError, pickJson, type JsonPick } from './pick-json.js';

type Mapping = Record<string, unknown>;

/** Commands whose run_results.json are freshness checks (`dbt source freshness`). */
export const FRESHNESS_COMMANDS: readonly string[] = ['source', 'freshness', 'source-freshness', 'source freshness', 'snapshot-freshness'];

const SCHEMA = /\/(run-results|sources|manifest|freshness|catalog)\/v(\d+)\.json$/;
const KIND_BY_SCHEMA: Readonly<Record<string, string>> = { 'run-results': 'run_results', sources: 'sources', manifest: 'manifest' };
const KIND_BY_FILE: Readonly<Record<string, string>> = { 'run_results.json': 'run_results', 'sources.json': 'sources', 'manifest.json': 'manifest' };

/**
 * Parses the text of `file` (as shown to the user; its base name is the fallback for the kind) with
 * JSON.parse, the whole tree in memory: the reference reader, for small texts and tests. Files are read
 * with `readArtifactBytes`, which keeps only `ARTIFACT_PICK`.
 */
export function parseArtifact(file: string, text: string): Artifact | ArtifactProblem {
  if (text.trim() === '') return { file, error: 'empty file' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { file, error: describeJsonError(error as Error, text) };
  }
  return artifactOf(file, raw);
}

/** The keys of an artifact that snowmon reads (dbt.md §5.2, narrowed to what the rules use); the rest is skipped. */
const RESULT_KEYS = ['unique_id', 'status', 'failures', 'message', 'execution_time', 'criteria', 'max_loaded_at', 'max_loaded_at_time_ago_in_s', 'error'];
const NODE_PICK: JsonPick = {
  keys: {
    ...Object.fromEntries(['resource_type', 'name', 'package_name', 'group', 'attached_node', 'meta', 'source_meta', 'freshness'].map((k) => [k, true])),
    depends_on: { keys: { nodes: true } },
    config: { keys: { meta: true, group: true, freshness: true } },
  },
};
export const ARTIFACT_PICK: JsonPick = {
  keys: {
    metadata: true,
    args: true,
    elapsed_time: true,
    // timing[].started_at: the earliest is the run's start when metadata has none.
    results: { each: { keys: { ...Object.fromEntries(RESULT_KEYS.map((k) => [k, true])), timing: { each: { keys: { started_at: true } } } } } },
    nodes: { each: NODE_PICK },
    sources: { each: NODE_PICK },
    unit_tests: { each: NODE_PICK },
    groups: true,
    child_map: true,
  },
};

const COMPILED_PICK = compilePick(ARTIFACT_PICK);

/**
 * Reads the bytes of `file` keeping only `ARTIFACT_PICK` (pick-json.ts): a 100 MB manifest is never a
 * JSON tree in memory. Same result as `parseArtifact` on the same text; problems say the same things.
 */
export function readArtifactBytes(file: string, bytes: Buffer): Artifact | ArtifactProblem {
  if (bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) return { file, error: 'empty file' };
  let raw: unknown;
  try {
    raw = pickJson(bytes, COMPILED_PICK);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { file, error: error.truncated ? `truncated JSON at byte ${bytes.length}` : `malformed JSON at byte ${error.offset}: ${error.message}` };
  }
  return artifactOf(file, raw);
}

/** The artifact in a parsed JSON value, or why it is not one. */
function artifactOf(file: string, raw: unknown): Artifact | ArtifactProblem {
  const problem = (error: string): ArtifactProblem => ({ file, error });
  if (!isMapping(raw) || !isMapping(raw.metadata)) return problem('not a dbt artifact: no "metadata" object');
  const metadata = raw.metadata;
  const schema = typeof metadata.dbt_schema_version === 'string' ? metadata.dbt_schema_version : undefined;
  if (schema === undefined && typeof metadata.dbt_version !== 'string') {
    return problem('not a dbt artifact: metadata has neither dbt_schema_version nor dbt_version');
  }
  const schemaKind = schema ? SCHEMA.exec(schema)?.[1] : undefined;
  if (schemaKind !== undefined && KIND_BY_SCHEMA[schemaKind] === undefined) return problem(`unsupported dbt artifact "${schemaKind}"`);
  const kind = (schemaKind ? KIND_BY_SCHEMA[schemaKind] : undefined) ?? KIND_BY_FILE[baseName(file)];
  if (kind === undefined) return problem(`unknown dbt artifact kind (dbt_schema_version ${JSON.stringify(schema ?? null)})`);
  const invocationId = text_(metadata.invocation_id);
  if (invocationId === undefined) return problem('not a dbt artifact: metadata.invocation_id is missing');
  const generatedAt = parseDbtTime(metadata.generated_at);
  if (generatedAt === undefined) return problem(`metadata.generated_at is missing or not a timestamp (${JSON.stringify(metadata.generated_at ?? null)})`);
  const base = { file, invocationId, generatedAt, env: stringMap(metadata.env) };
  if (kind === 'manifest') return parseManifest(base, raw);
  if (!Array.isArray(raw.results)) return problem('"results" is not a list');
  const args = isMapping(raw.args) ? raw.args : {};
  const command = (text_(args.which) ?? text_(args.command))?.toLowerCase();
  const selectorArgs = {
    ...(command !== undefined ? { command } : {}),
    ...(text_(args.target) !== undefined ? { target: text_(args.target) as string } : {}),
    ...(text_(args.selector) !== undefined ? { selector: text_(args.selector) as string } : {}),
    select: stringList(args.select),
  };
  const startedAt = runStart(metadata, raw, generatedAt);
  const timing = startedAt !== undefined ? { startedAt } : {};
  const entries = raw.results.filter(isMapping).filter((r) => text_(r.unique_id) !== undefined);
  if (kind === 'sources' || (command !== undefined && FRESHNESS_COMMANDS.includes(command))) {
    const sources: SourcesArtifact = {
      kind: 'sources',
      ...base,
      ...selectorArgs,
      ...(command === undefined ? { command: 'freshness' } : {}),
      ...timing,
      results: entries.map(freshnessResult),
    };
    return sources;
  }
  const run: RunArtifact = { kind: 'run_results', ...base, ...selectorArgs, ...timing, results: entries.map(nodeResult) };
  return run;
}

/** A truncated file (dbt still writing it, or a cut copy) says so with its size. */
function describeJsonError(error: Error, text: string): string {
  const bytes = Buffer.byteLength(text);
  const position = /position (\d+)/.exec(error.message)?.[1];
  if (/unexpected end|unterminated/i.test(error.message) || Number(position) >= text.length) return `truncated JSON at byte ${bytes}`;
  const where = position !== undefined ? ` at byte ${Buffer.byteLength(text.slice(0, Number(position)))}` : '';
  return `malformed JSON${where}: ${error.message.split('\n')[0]?.slice(0, 160)}`;
}

/** Run start: `invocation_started_at` (1.10+), else generated_at − elapsed_time, else the earliest timing. */
function runStart(metadata: Mapping, raw: Mapping, generatedAt: Date): Date | undefined {
  const started = parseDbtTime(metadata.invocation_started_at);
  if (started) return started;
  if (typeof raw.elapsed_time === 'number' && Number.isFinite(raw.elapsed_time)) {
    return new Date(generatedAt.getTime() - Math.round(raw.elapsed_time * 1000));
  }
  let earliest: Date | undefined;
  for (const result of Array.isArray(raw.results) ? raw.results : []) {
    for (const t of isMapping(result) && Array.isArray(result.timing) ? result.timing : []) {
      const at = isMapping(t) ? parseDbtTime(t.started_at) : undefined;
      if (at && (!earliest || at < earliest)) earliest = at;
    }
  }
  return earliest;
}

function nodeResult(r: Mapping): NodeResult {
  const failures = typeof r.failures === 'number' ? r.failures : r.failures === null ? null : undefined;
  const message = text_(r.message);
  const executionTimeS = typeof r.execution_time === 'number' && Number.isFinite(r.execution_time) ? r.execution_time : undefined;
  return {
    uniqueId: r.unique_id as string,
    status: statusOf(r.status),
    ...(failures !== undefined ? { failures } : {}),
    ...(message !== undefined ? { message } : {}),
    ...(executionTimeS !== undefined ? { executionTimeS } : {}),
  };
}

function freshnessResult(r: Mapping): FreshnessResult {
  const criteria = isMapping(r.criteria) ? r.criteria : {};
  const maxLoadedAt = parseDbtTime(r.max_loaded_at);
  const age = r.max_loaded_at_time_ago_in_s;
  const warnAfter = period(criteria.warn_after);
  const errorAfter = period(criteria.error_after);
  const error = text_(r.error) ?? (statusOf(r.status) === 'runtime error' ? text_(r.message) : undefined);
  return {
    uniqueId: r.unique_id as string,
    status: statusOf(r.status),
    ...(maxLoadedAt ? { maxLoadedAt } : {}),
    ...(typeof age === 'number' && Number.isFinite(age) ? { ageS: age } : {}),
    ...(warnAfter ? { warnAfter } : {}),
    ...(errorAfter ? { errorAfter } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

function period(value: unknown): FreshnessPeriod | undefined {
  if (!isMapping(value) || typeof value.count !== 'number' || typeof value.period !== 'string') return undefined;
  return { count: value.count, period: value.period };
}

/** A status as written, lower-cased; a missing one is kept as `unknown` (never read as success). */
function statusOf(value: unknown): string {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : 'unknown';
}

function parseManifest(base: Omit<ManifestArtifact, 'kind' | 'nodes' | 'groupOwners' | 'childMap'>, raw: Mapping): ManifestArtifact {
  const nodes = new Map<string, ManifestNode>();
  for (const section of [raw.nodes, raw.sources, raw.unit_tests]) {
    if (!isMapping(section)) continue;
    for (const [id, node] of Object.entries(section)) if (isMapping(node)) nodes.set(id, manifestNode(id, node));
  }
  const groupOwners = new Map<string, readonly string[]>();
  if (isMapping(raw.groups)) {
    for (const group of Object.values(raw.groups)) {
      if (!isMapping(group) || text_(group.name) === undefined) continue;
      const owner = isMapping(group.owner) ? group.owner : {};
      const emails = ownerList(owner.email);
      const owners = emails.length > 0 ? emails : ownerList(owner.name);
      if (owners.length > 0) groupOwners.set(group.name as string, owners);
    }
  }
  const childMap: Record<string, readonly string[]> = {};
  if (isMapping(raw.child_map)) for (const [id, children] of Object.entries(raw.child_map)) childMap[id] = stringList(children);
  return { kind: 'manifest', ...base, nodes, groupOwners, childMap };
}

function manifestNode(id: string, node: Mapping): ManifestNode {
  const config = isMapping(node.config) ? node.config : {};
  const meta = isMapping(node.meta) ? node.meta : {};
  const configMeta = isMapping(config.meta) ? config.meta : {};
  const sourceMeta = isMapping(node.source_meta) ? node.source_meta : {};
  const owners = [meta, configMeta, sourceMeta].map((m) => ownerList(m.owner)).find((list) => list.length > 0) ?? [];
  const channel = [meta, configMeta, sourceMeta]
    .map((m) => text_(m.channel) ?? (isMapping(m.alerts_config) ? text_(m.alerts_config.channel) : undefined))
    .find((c) => c !== undefined);
  const group = text_(node.group) ?? text_(config.group);
  const attachedNode = text_(node.attached_node);
  const packageName = text_(node.package_name);
  const dependsOn = isMapping(node.depends_on) ? stringList(node.depends_on.nodes) : [];
  const freshness = isMapping(config.freshness) ? config.freshness : isMapping(node.freshness) ? node.freshness : {};
  return {
    uniqueId: id,
    resourceType: text_(node.resource_type) ?? id.split('.')[0] ?? 'node',
    name: text_(node.name) ?? id.split('.').slice(2).join('.'),
    owners,
    ...(channel !== undefined ? { channel } : {}),
    ...(group !== undefined ? { group } : {}),
    ...(packageName !== undefined ? { packageName } : {}),
    ...(attachedNode !== undefined ? { attachedNode } : {}),
    dependsOn,
    hasFreshness: period(freshness.warn_after) !== undefined || period(freshness.error_after) !== undefined,
  };
}

/** An owner value: a string split on commas, or a list of strings. */
function ownerList(value: unknown): string[] {
  const items = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

function stringList(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function stringMap(value: unknown): Readonly<Record<string, string>> {
  if (!isMapping(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
  return out;
}

function text_(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
