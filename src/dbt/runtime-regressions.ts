/**
 * Runtime regressions learned from a model's own history: a model, seed or snapshot whose latest
 * successful run took more than 3× the median of its previous 10 successful runs in the same pipeline
 * (at least 5 of them), and at least 60 s more than that median, is an info finding with both figures.
 * Pure: the daemon hands in the stored invocations; `snowmon dbt status` has no history and never asks.
 */

import type { Finding } from '../checks/check.js';
import type { ManifestArtifact, RunArtifact } from './artifact.js';
import type { DbtPipelineConfig } from './dbt-config.js';
import { formatMs } from './evaluate-sla.js';
import { kindOf, nodeOwnership } from './node-ownership.js';
import { pipelineName } from './pipeline-name.js';

/** The rule's figures (README "dbt in the daemon"). */
export const REGRESSION_RULE = Object.freeze({
  /** The latest run must take more than this many times the median. */
  factor: 3,
  /** The median is over this many previous successful runs of the node, at most. */
  history: 10,
  /** No verdict with fewer previous successful runs than this. */
  minSamples: 5,
  /** And it must take at least this many seconds more than the median (a 2 s model at 7 s is noise). */
  minIncreaseS: 60,
});

export const REGRESSION_ALERT_TYPE = 'dbt_runtime_regression';
const TIMED_KINDS: readonly string[] = ['model', 'seed', 'snapshot'];

/**
 * `runs`: the invocations that count (ignored commands already dropped), finished at or before the
 * instant evaluated, oldest first.
 */
export function runtimeRegressions(runs: readonly RunArtifact[], pipelines: readonly DbtPipelineConfig[], manifest: ManifestArtifact | undefined): Finding[] {
  /** pipeline → node → successful durations (s), oldest first, with the run of each. */
  const timings = new Map<string, Map<string, { seconds: number; run: RunArtifact }[]>>();
  /** pipeline → node → the node's latest result was a timed success (else no verdict). */
  const latestOk = new Map<string, Map<string, boolean>>();
  for (const run of runs) {
    const pipeline = pipelineName(run, pipelines);
    const byNode = timings.get(pipeline) ?? new Map<string, { seconds: number; run: RunArtifact }[]>();
    timings.set(pipeline, byNode);
    const latest = latestOk.get(pipeline) ?? new Map<string, boolean>();
    latestOk.set(pipeline, latest);
    for (const result of run.results) {
      if (!TIMED_KINDS.includes(kindOf(result.uniqueId))) continue;
      const timed = result.status === 'success' && typeof result.executionTimeS === 'number';
      latest.set(result.uniqueId, timed);
      if (!timed) continue;
      const list = byNode.get(result.uniqueId) ?? [];
      list.push({ seconds: result.executionTimeS, run });
      byNode.set(result.uniqueId, list);
    }
  }
  const findings: Finding[] = [];
  for (const [pipeline, byNode] of timings) {
    for (const [node, list] of byNode) {
      if (latestOk.get(pipeline)?.get(node) !== true) continue;
      const last = list[list.length - 1];
      const previous = list
        .slice(0, -1)
        .slice(-REGRESSION_RULE.history)
        .map((t) => t.seconds);
      if (!last || previous.length < REGRESSION_RULE.minSamples) continue;
      const usual = median(previous);
      if (!(last.seconds > REGRESSION_RULE.factor * usual && last.seconds - usual >= REGRESSION_RULE.minIncreaseS)) continue;
      const who = nodeOwnership(manifest, node);
      const ratio = usual > 0 ? ` (${(last.seconds / usual).toFixed(1)}×)` : '';
      findings.push({
        severity: 'info',
        summary:
          `${kindOf(node)} ${who.name} took ${formatMs(last.seconds * 1000)} in run ${last.run.invocationId}, against a median of ` +
          `${formatMs(usual * 1000)} over its previous ${previous.length} successful runs${ratio}`,
        labels: {
          alert_type: REGRESSION_ALERT_TYPE,
          pipeline,
          node,
          ...(who.owner !== undefined ? { owner: who.owner } : {}),
          ...(who.channel !== undefined ? { channel: who.channel } : {}),
        },
        recommendation: "Compare the model's query profile with a usual run: data growth, a changed join, a full refresh, or a queue on its warehouse.",
      });
    }
  }
  return findings.sort(
    (a, b) => (a.labels['node'] ?? '').localeCompare(b.labels['node'] ?? '') || (a.labels['pipeline'] ?? '').localeCompare(b.labels['pipeline'] ?? ''),
  );
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
