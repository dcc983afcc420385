/**
 * `source_freshness` findings: per source, its latest freshness result (`warn` → warning, `error` →
 * critical, `runtime error` or an unknown status → warning), and every source that has freshness criteria
 * in the manifest but no result in the latest freshness run (its query broke: dbt ≥ 1.8 drops such
 * entries). Pure.
 */

import type { FreshnessPeriod, FreshnessResult, ManifestArtifact, SourcesArtifact } from './artifact.js';
import type { DbtFinding } from './dbt-status.js';
import { formatMs } from './evaluate-sla.js';
import { nodeOwnership } from './node-ownership.js';

/** A freshness run with the pipeline it was named into. */
export interface NamedFreshnessRun {
  readonly run: SourcesArtifact;
  readonly pipeline: string;
}

/** `runs`: oldest first, all finished at or before the instant evaluated. */
export function sourceFindings(runs: readonly NamedFreshnessRun[], manifest: ManifestArtifact | undefined): DbtFinding[] {
  const latest = new Map<string, { result: FreshnessResult } & NamedFreshnessRun>();
  for (const named of runs) for (const result of named.run.results) latest.set(result.uniqueId, { ...named, result });
  const newest = runs[runs.length - 1];
  const findings: DbtFinding[] = [];
  const labelsOf = (uniqueId: string, pipeline: string) => {
    const who = nodeOwnership(manifest, uniqueId);
    return {
      name: sourceName(manifest, uniqueId),
      labels: {
        alert_type: 'source_freshness',
        pipeline,
        node: uniqueId,
        ...(who.owner !== undefined ? { owner: who.owner } : {}),
        ...(who.channel !== undefined ? { channel: who.channel } : {}),
      } as const,
    };
  };
  if (newest && manifest) {
    const present = new Set(newest.run.results.map((r) => r.uniqueId));
    for (const node of [...manifest.nodes.values()].filter((n) => n.hasFreshness && n.resourceType === 'source' && !present.has(n.uniqueId))) {
      latest.delete(node.uniqueId);
      const { name, labels } = labelsOf(node.uniqueId, newest.pipeline);
      findings.push({
        severity: 'warning',
        summary: `source ${name} has freshness criteria but no result in the latest freshness run (its query may have failed)`,
        labels,
        invocation_id: newest.run.invocationId,
      });
    }
  }
  for (const { result, run, pipeline } of latest.values()) {
    if (result.status === 'pass') continue;
    const { name, labels } = labelsOf(result.uniqueId, pipeline);
    const age = result.ageS !== undefined ? `last loaded ${formatMs(result.ageS * 1000)} ago` : 'age unknown';
    const summary =
      result.status === 'warn'
        ? `source ${name} is stale: ${age}${criteria('warn', result.warnAfter)}`
        : result.status === 'error'
          ? `source ${name} is stale: ${age}${criteria('error', result.errorAfter)}`
          : `freshness of source ${name} could not be checked (${result.status})${result.error ? `: ${result.error.replace(/\s+/g, ' ').slice(0, 200)}` : ''}`;
    findings.push({ severity: result.status === 'error' ? 'critical' : 'warning', summary, labels, invocation_id: run.invocationId });
  }
  return findings;
}

function criteria(level: string, period: FreshnessPeriod | undefined): string {
  return period ? ` (${level} after ${period.count} ${period.period}${period.count === 1 ? '' : 's'})` : '';
}

/** `source_name.table` from the manifest, else from the unique_id `source.<pkg>.<source>.<table>`. */
function sourceName(manifest: ManifestArtifact | undefined, uniqueId: string): string {
  const parts = uniqueId.split('.');
  return parts.length >= 4 ? parts.slice(2).join('.') : (manifest?.nodes.get(uniqueId)?.name ?? uniqueId);
}
