/**
 * What the dbt artifacts have seen, for `dbt_query_history` to yield to: one pipeline failure, one alert.
 * The artifact check (`dbt`) wins over query history for a node whose run it has read, because it has
 * dbt's own verdict (test semantics, the skipped descendants, the whole message), it sees a run as soon as
 * dbt exits (query history lags up to 45 minutes and runs daily), and it resolves when a later run passes.
 * Pure: built from artifacts already read.
 */

import type { Artifact } from './artifact.js';
import { IGNORED_COMMANDS } from './evaluate-dbt.js';

export interface ArtifactCoverage {
  /** Per node: the end (`generated_at`) of the newest invocation whose run_results has a result for it. */
  readonly nodes: ReadonlyMap<string, Date>;
}

/** The coverage of `artifacts` (run_results of commands that count; freshness runs and manifests add nothing). */
export function artifactCoverage(artifacts: Iterable<Artifact>): ArtifactCoverage {
  const nodes = new Map<string, Date>();
  for (const artifact of artifacts) {
    if (artifact.kind !== 'run_results' || (artifact.command !== undefined && IGNORED_COMMANDS.includes(artifact.command))) continue;
    for (const result of artifact.results) {
      const seen = nodes.get(result.uniqueId);
      if (seen === undefined || seen < artifact.generatedAt) nodes.set(result.uniqueId, artifact.generatedAt);
    }
  }
  return { nodes };
}

/** True when the artifacts have a result for `node` written at or after `failedAt`: the `dbt` check decides it. */
export function coveredByArtifacts(coverage: ArtifactCoverage, node: string, failedAt: Date | undefined): boolean {
  const seen = coverage.nodes.get(node);
  return seen !== undefined && failedAt !== undefined && seen >= failedAt;
}
