/**
 * Evaluates dbt artifacts as of `now`: drops the commands that count for nothing (docs generate, compile,
 * ls, ...), names each invocation's pipeline, keeps per pipeline the latest result of each node, and
 * returns the pipelines, findings and problems of `snowmon dbt status`. Pure: the files are read elsewhere.
 */

import type { Artifact, ArtifactProblem, ManifestArtifact, RunArtifact, SourcesArtifact } from './artifact.js';
import type { DbtConfig } from './dbt-config.js';
import type { DbtFinding, DbtLastRun, DbtPipelineStatus, DbtStatus } from './dbt-status.js';
import { evaluateSla, type LateReading } from './evaluate-sla.js';
import type { LatestResult } from './node-findings.js';
import { nodeFindings } from './node-findings.js';
import { pipelineName } from './pipeline-name.js';
import { isErrorStatus, isSuccessfulRun } from './run-outcome.js';
import { sourceFindings } from './source-findings.js';

/** Invocations of these commands count for nothing (`args.which`, or `args.command` in dbt Fusion). */
export const IGNORED_COMMANDS: readonly string[] = ['generate', 'compile', 'show', 'list', 'ls', 'parse', 'debug', 'deps', 'clean'];

const ALWAYS_COUNTED = ['error', 'skipped', 'fail', 'warn', 'pass', 'success'] as const;
const SEVERITY_ORDER = { critical: 0, warning: 1, info: 2 } as const;

export interface DbtEvaluationInput {
  readonly artifacts: readonly Artifact[];
  readonly problems: readonly ArtifactProblem[];
  readonly config: DbtConfig;
  readonly now: Date;
  /** When snowmon first watched each pipeline (the daemon's memory); default `now`, so a one-shot never reports `not_run` for a pipeline that never ran. */
  readonly watchedSince?: (pipeline: string) => Date | undefined;
  /** How long `late` lasts (evaluate-sla.ts): `day`, the contract's reading (default); `until_success`, the daemon's alerts. */
  readonly slaLate?: LateReading;
}

export function evaluateDbt(input: DbtEvaluationInput): DbtStatus {
  const { config, now } = input;
  const ignored = new Set<string>();
  for (const a of input.artifacts) if (a.kind === 'run_results' && a.command !== undefined && IGNORED_COMMANDS.includes(a.command)) ignored.add(a.invocationId);
  const visible = input.artifacts.filter((a) => a.generatedAt <= now);
  const byTime = <T extends Artifact>(list: T[]): T[] =>
    list.sort((a, b) => a.generatedAt.getTime() - b.generatedAt.getTime() || a.invocationId.localeCompare(b.invocationId));
  const runs = byTime(visible.filter((a): a is RunArtifact => a.kind === 'run_results' && !ignored.has(a.invocationId)));
  const freshness = byTime(visible.filter((a): a is SourcesArtifact => a.kind === 'sources' && !ignored.has(a.invocationId)));
  const manifests = byTime(visible.filter((a): a is ManifestArtifact => a.kind === 'manifest'));
  // Owners and lineage come from the newest manifest; one written by an ignored command only when there is no other.
  const manifest = manifests.filter((m) => !ignored.has(m.invocationId)).pop() ?? manifests[manifests.length - 1];

  const runsByPipeline = new Map<string, RunArtifact[]>();
  for (const p of config.pipelines) runsByPipeline.set(p.name, []);
  for (const run of runs) {
    const name = pipelineName(run, config.pipelines);
    runsByPipeline.set(name, [...(runsByPipeline.get(name) ?? []), run]);
  }

  const pipelines: DbtPipelineStatus[] = [];
  const findings: DbtFinding[] = [];
  for (const [name, list] of runsByPipeline) {
    const latest = new Map<string, LatestResult>();
    for (const run of list) for (const result of run.results) latest.set(result.uniqueId, { result, run });
    findings.push(...nodeFindings(name, latest.values(), manifest));
    const last = list[list.length - 1];
    const lastSuccess = list.filter(isSuccessfulRun).pop();
    const slaConfig = config.pipelines.find((p) => p.name === name)?.sla;
    const sla = slaConfig ? evaluateSla(name, slaConfig, list, now, input.watchedSince?.(name) ?? now, input.slaLate) : undefined;
    for (const breach of sla?.breaches ?? []) {
      findings.push({
        severity: 'critical',
        summary: breach.summary,
        labels: { alert_type: 'sla_breach', pipeline: name, reason: breach.reason },
        ...(last ? { invocation_id: last.invocationId } : {}),
      });
    }
    pipelines.push({
      name,
      last_run: last ? lastRun(last) : null,
      last_success_at: lastSuccess ? lastSuccess.generatedAt.toISOString() : null,
      sla: sla ? { state: sla.state, reasons: sla.reasons } : null,
    });
  }
  findings.push(
    ...sourceFindings(
      freshness.map((run) => ({ run, pipeline: pipelineName(run, config.pipelines) })),
      manifest,
    ),
  );
  findings.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      a.labels.pipeline.localeCompare(b.labels.pipeline) ||
      a.labels.alert_type.localeCompare(b.labels.alert_type) ||
      (a.labels.node ?? '').localeCompare(b.labels.node ?? ''),
  );
  return { generated_at: now.toISOString(), pipelines, findings, problems: input.problems };
}

function lastRun(run: RunArtifact): DbtLastRun {
  const counts: Record<string, number> = Object.fromEntries(ALWAYS_COUNTED.map((s) => [s, 0]));
  for (const result of run.results) counts[result.status] = (counts[result.status] ?? 0) + 1;
  return {
    invocation_id: run.invocationId,
    command: run.command ?? null,
    started_at: run.startedAt?.toISOString() ?? null,
    finished_at: run.generatedAt.toISOString(),
    status: run.results.some((r) => isErrorStatus(r.status)) ? 'error' : 'success',
    counts,
    file: run.file,
  };
}
