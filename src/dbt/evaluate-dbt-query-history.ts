/**
 * Evaluates dbt_query_history: names each dbt pipeline Snowflake saw (the comment's `pipeline`, else the
 * first `dbt.pipelines` match on command and target, else `<project> <command> @<target>`), reports its
 * last statement, raises the nodes whose latest statement failed, an SLA `not_run` breach when a configured
 * pipeline sent no statement within its `every`, and the models that cost the most credits. Pure.
 */

import type { Finding } from '../checks/check.js';
import type { Row } from '../sources/snowflake-client.js';
import { money, threshold, type Evaluator, type EvaluatorInput, type EvaluatorOutput } from '../checks/evaluator.js';
import { fmt, num, num0, resultAt, str, time } from '../checks/row-values.js';
import type { ManifestArtifact } from './artifact.js';
import { coveredByArtifacts, type ArtifactCoverage } from './artifact-coverage.js';
import type { DbtPipelineConfig } from './dbt-config.js';
import { parseDbtQueryMetadata, type DbtQueryMetadata } from './dbt-query-metadata.js';
import { kindOf, nodeOwnership, shortName } from './node-ownership.js';
import { matches } from './pipeline-name.js';
import { formatMs } from './evaluate-sla.js';

/** What the dbt_query_history check knows of the dbt project beyond Snowflake: named pipelines and owners. */
export interface DbtContext {
  /** `dbt.pipelines` (names by `match`, SLAs). */
  readonly pipelines: readonly DbtPipelineConfig[];
  /** The newest manifest under `dbt.artifacts`, for owners (node-ownership.ts); absent without artifacts. */
  readonly manifest?: ManifestArtifact;
  /**
   * What the artifact check (`dbt`) has read, when it runs beside this one (artifacts configured): a failed
   * statement of a node whose run it has read is its to raise, and `not_run` is its alone (artifact-coverage.ts).
   */
  readonly artifacts?: ArtifactCoverage;
}

/** What QUERY_HISTORY covers: the SQL's window. */
const WINDOW_MS = 7 * 86_400_000;
const TOP_MODELS = 20;
/** Models whose days are listed (kind model_day), of the top ones. */
const DAILY_MODELS = 10;
const TEST_KINDS: readonly string[] = ['test', 'unit_test'];

interface Pipeline {
  name: string;
  projects: Set<string>;
  targets: Set<string>;
  commands: Set<string>;
  firstAt?: Date;
  lastAt?: Date;
  statements: number;
  failed: number;
  lastInvocationId?: string;
  users: Set<string>;
  warehouses: Set<string>;
}

interface Model {
  node: string;
  project: string;
  credits: number;
  statements: number;
  days: Map<string, number>;
  meta?: DbtQueryMetadata;
}

/**
 * The evaluators dbt adds to the checks' registry, bound to the configured project: composed by the
 * callers of `runChecks` (checks does not import dbt; dbt's rules produce checks' findings).
 */
export function dbtEvaluators(context: DbtContext): Readonly<Record<string, Evaluator>> {
  return { dbt_query_history: (input) => evaluateDbtQueryHistory(input, context) };
}

export function evaluateDbtQueryHistory({ results, thresholds, now, usdPerCredit, refused }: EvaluatorInput, context: DbtContext): EvaluatorOutput {
  if (refused?.has(0)) return { rows: [], findings: [] };
  const rows = resultAt(results, 0);
  const findings: Finding[] = [];

  const pipelines = pipelinesOf(
    rows.filter((r) => r['kind'] === 'pipeline'),
    context,
  );
  findings.push(...notRunFindings(pipelines, context, now, threshold(thresholds, 'latency_minutes') * 60_000));

  const lookbackMs = threshold(thresholds, 'failure_lookback_hours') * 3_600_000;
  const failures = rows.filter((r) => r['kind'] === 'failure').map((r) => failureOf(r, context));
  for (const f of failures) {
    const at = time(f.row['failed_at']);
    // One failure, one alert: a node whose run the artifacts have read is the dbt check's to raise.
    if (at !== undefined && now.getTime() - at.getTime() <= lookbackMs && f.row['artifacts_seen_at'] === null) findings.push(f.finding);
  }

  const { modelRows, dayRows, modelFindings } = modelOutputs(modelsOf(rows.filter((r) => r['kind'] === 'model_day')), thresholds, usdPerCredit, context);
  findings.push(...modelFindings);

  const pipelineRows: Row[] = [...pipelines.values()].map((p) => ({
    kind: 'pipeline',
    pipeline: p.name,
    last_run_at: p.lastAt?.toISOString() ?? null,
    first_seen_at: p.firstAt?.toISOString() ?? null,
    statements: p.statements,
    failed_statements: p.failed,
    commands: [...p.commands].sort().join(',') || null,
    project: [...p.projects].sort().join(',') || null,
    target: [...p.targets].sort().join(',') || null,
    last_invocation_id: p.lastInvocationId ?? null,
    users: [...p.users].sort().join(',') || null,
    warehouses: [...p.warehouses].sort().join(',') || null,
  }));
  return { rows: [...pipelineRows, ...failures.map((f) => f.row), ...modelRows, ...dayRows], findings };
}

/** The top models by credits (rows, and the days of the top ones) and the expensive_model findings. */
function modelOutputs(
  models: ReadonlyMap<string, Model>,
  thresholds: EvaluatorInput['thresholds'],
  usdPerCredit: number,
  context: DbtContext,
): { modelRows: Row[]; dayRows: Row[]; modelFindings: Finding[] } {
  const minCredits = threshold(thresholds, 'min_model_credits');
  const warnCredits = threshold(thresholds, 'warn_model_credits');
  const top = [...models.values()].sort((a, b) => b.credits - a.credits || a.node.localeCompare(b.node)).slice(0, TOP_MODELS);
  const modelRows: Row[] = [];
  const dayRows: Row[] = [];
  const modelFindings: Finding[] = [];
  top.forEach((m, rank) => {
    const who = ownerOf(m.node, m.meta, context);
    const days = [...m.days.entries()].sort(([a], [b]) => a.localeCompare(b));
    const [busiestDay, busiestCredits] = days.reduce((best, d) => (d[1] > best[1] ? d : best), ['', -1]);
    modelRows.push({
      kind: 'model',
      model: shortName(m.node),
      node: m.node,
      owner: who.owner ?? null,
      project: m.project || null,
      credits_7d: m.credits,
      usd_7d: m.credits * usdPerCredit,
      credits_per_day: m.credits / 7,
      busiest_day: busiestDay || null,
      busiest_day_credits: busiestCredits >= 0 ? busiestCredits : null,
      statements: m.statements,
    });
    if (rank < DAILY_MODELS) {
      for (const [day, credits] of days)
        dayRows.push({ kind: 'model_day', model: shortName(m.node), node: m.node, owner: who.owner ?? null, day, credits, usd: credits * usdPerCredit });
    }
    if (m.credits < minCredits) return;
    modelFindings.push({
      severity: m.credits >= warnCredits ? 'warning' : 'info',
      summary:
        `dbt model ${shortName(m.node)}${who.owner ? ` (owner ${who.owner})` : ''} cost ${fmt(m.credits)} credits in 7 days` +
        ` (${fmt(m.credits / 7)} a day; most on ${busiestDay}: ${fmt(busiestCredits)})`,
      labels: {
        alert_type: 'cost_finding',
        finding: 'expensive_model',
        node: m.node,
        ...(who.owner ? { owner: who.owner } : {}),
        ...(who.channel ? { channel: who.channel } : {}),
      },
      ...money(m.credits, usdPerCredit),
      recommendation:
        'Make the model incremental, prune what it scans (a filter, a clustering key), or run it less often. ' +
        "These are Snowflake's attributed execution credits: its warehouse's idle time comes on top.",
    });
  });
  return { modelRows, dayRows, modelFindings };
}

function metaOf(row: Row): DbtQueryMetadata | undefined {
  return parseDbtQueryMetadata(str(row['dbt_comment']), str(row['query_tag']));
}

/** The pipeline a row's statements belong to (see the module comment). */
export function pipelineNameOf(row: Row, meta: DbtQueryMetadata | undefined, context: DbtContext): string {
  const explicit = str(row['pipeline']) ?? meta?.pipeline;
  if (explicit !== undefined) return explicit;
  const command = str(row['command']) ?? meta?.command;
  const target = str(row['target']) ?? meta?.target;
  const invocation = { env: {}, select: [], ...(command !== undefined ? { command } : {}), ...(target !== undefined ? { target } : {}) };
  const configured = context.pipelines.find((p) => p.match !== undefined && matches(invocation, p.match));
  if (configured) return configured.name;
  const project = str(row['project']) ?? meta?.project;
  return [project ?? 'dbt', command, target !== undefined ? `@${target}` : undefined].filter((part) => part !== undefined).join(' ');
}

function pipelinesOf(rows: readonly Row[], context: DbtContext): Map<string, Pipeline> {
  const out = new Map<string, Pipeline>();
  for (const p of context.pipelines) if (p.sla?.everyMs !== undefined) out.set(p.name, emptyPipeline(p.name));
  for (const row of rows) {
    const meta = metaOf(row);
    const name = pipelineNameOf(row, meta, context);
    const p = out.get(name) ?? emptyPipeline(name);
    out.set(name, p);
    for (const [set, value] of [
      [p.projects, row['project']],
      [p.targets, row['target']],
      [p.commands, row['command']],
    ] as const) {
      const text = str(value);
      if (text !== undefined) set.add(text);
    }
    for (const user of (str(row['user_name']) ?? '').split(',')) if (user) p.users.add(user);
    for (const wh of (str(row['warehouse_name']) ?? '').split(',')) if (wh) p.warehouses.add(wh);
    const first = time(row['first_at']);
    const last = time(row['last_at']);
    if (first && (!p.firstAt || first < p.firstAt)) p.firstAt = first;
    if (last && (!p.lastAt || last > p.lastAt)) {
      p.lastAt = last;
      const invocation = str(row['invocation_id']);
      if (invocation !== undefined) p.lastInvocationId = invocation;
      else delete p.lastInvocationId;
    }
    p.statements += num0(row['statements']);
    p.failed += num0(row['failed']);
  }
  return out;
}

function emptyPipeline(name: string): Pipeline {
  return { name, projects: new Set(), targets: new Set(), commands: new Set(), statements: 0, failed: 0, users: new Set(), warehouses: new Set() };
}

/**
 * A configured pipeline with `sla.every` breaches `not_run` when its last dbt statement started more than
 * `every` plus QUERY_HISTORY's latency ago; with none in the 7-day window, only when `every` plus the
 * latency is shorter than the window (otherwise the window cannot tell).
 */
function notRunFindings(pipelines: ReadonlyMap<string, Pipeline>, context: DbtContext, now: Date, latencyMs: number): Finding[] {
  const findings: Finding[] = [];
  // The dbt check evaluates `not_run` for the same configured pipelines from the runs themselves.
  if (context.artifacts !== undefined) return findings;
  for (const config of context.pipelines) {
    const every = config.sla?.everyMs;
    if (every === undefined) continue;
    const last = pipelines.get(config.name)?.lastAt;
    const allowed = every + latencyMs;
    let summary: string | undefined;
    if (last !== undefined && now.getTime() - last.getTime() > allowed) {
      summary = `pipeline ${config.name} sent no dbt statement to Snowflake within ${formatMs(every)}: its last one started at ${last.toISOString()}, ${formatMs(now.getTime() - last.getTime())} ago (query history)`;
    } else if (last === undefined && allowed < WINDOW_MS) {
      summary = `pipeline ${config.name} sent no dbt statement to Snowflake in the last 7 days of query history (every ${formatMs(every)})`;
    }
    if (summary === undefined) continue;
    findings.push({
      severity: 'critical',
      summary,
      labels: { alert_type: 'sla_breach', finding: 'no_dbt_activity', pipeline: config.name, reason: 'not_run' },
      recommendation: 'Check the orchestrator: the DAG did not start, or it ran against another account or with another target.',
    });
  }
  return findings;
}

function failureOf(row: Row, context: DbtContext): { row: Row; finding: Finding } {
  const meta = metaOf(row);
  const node = str(row['node_id']) ?? meta?.nodeId ?? '?';
  const pipeline = pipelineNameOf(row, meta, context);
  const who = ownerOf(node, meta, context);
  const kind = kindOf(node);
  const isTest = TEST_KINDS.includes(kind);
  const failedAt = time(row['last_at'])?.toISOString() ?? null;
  const error = [str(row['error_code']), str(row['error_message'])?.replace(/\s+/g, ' ')].filter((p) => p !== undefined).join(' ');
  const out: Row = {
    kind: 'failure',
    pipeline,
    node,
    model: shortName(node),
    owner: who.owner ?? null,
    failed_at: failedAt,
    error_code: str(row['error_code']) ?? null,
    error_message: str(row['error_message']) ?? null,
    query_id: str(row['query_id']) ?? null,
    invocation_id: str(row['invocation_id']) ?? null,
    user_name: str(row['user_name']) ?? null,
    artifacts_seen_at:
      context.artifacts && coveredByArtifacts(context.artifacts, node, time(row['last_at']))
        ? (context.artifacts.nodes.get(node)?.toISOString() ?? null)
        : null,
  };
  return {
    row: out,
    finding: {
      severity: isTest ? 'warning' : 'critical',
      summary:
        `dbt ${kind} ${shortName(node)} failed in pipeline ${pipeline} at ${failedAt ?? '?'}: ${error.slice(0, 200)}` +
        ` (query ${str(row['query_id']) ?? '?'})`,
      labels: {
        alert_type: isTest ? 'dbt_test_failure' : 'pipeline_failure',
        finding: 'failed_statement',
        pipeline,
        node,
        ...(who.owner ? { owner: who.owner } : {}),
        ...(who.channel ? { channel: who.channel } : {}),
      },
      recommendation: isTest
        ? "The test's own SQL failed (not its assertion): read the error, fix the test or its model, re-run it."
        : 'Read the error, fix the model, and re-run from it (`dbt build --select <model>+`); its downstream nodes did not build.',
    },
  };
}

function modelsOf(rows: readonly Row[]): Map<string, Model> {
  const models = new Map<string, Model>();
  for (const row of rows) {
    const node = str(row['node_id']);
    if (node === undefined || TEST_KINDS.includes(kindOf(node))) continue;
    const project = str(row['project']) ?? '';
    const key = `${project}\u0000${node}`;
    const m = models.get(key) ?? { node, project, credits: 0, statements: 0, days: new Map<string, number>() };
    models.set(key, m);
    const credits = num(row['credits']) ?? 0;
    const day = time(row['usage_day'])?.toISOString().slice(0, 10) ?? '?';
    m.credits += credits;
    m.statements += num0(row['statements']);
    m.days.set(day, (m.days.get(day) ?? 0) + credits);
    m.meta ??= metaOf(row);
  }
  return models;
}

/** The manifest's owner (Elementary's rule, node-ownership.ts) when it knows the node, else the comment's meta. */
function ownerOf(node: string, meta: DbtQueryMetadata | undefined, context: DbtContext): { owner?: string; channel?: string } {
  const fromManifest = context.manifest?.nodes.has(node) ? nodeOwnership(context.manifest, node) : undefined;
  const owner = fromManifest?.owner ?? meta?.owner;
  const channel = fromManifest?.channel ?? meta?.channel;
  return { ...(owner !== undefined ? { owner } : {}), ...(channel !== undefined ? { channel } : {}) };
}
