/**
 * Findings from the latest result of each node of one pipeline: an errored model, seed, snapshot or hook
 * (or any `runtime error`, or an unknown status) is a `pipeline_failure` naming the downstream nodes
 * skipped because of it; a failing or erroring test a `dbt_test_failure` (warning), a warning test one
 * at `info`. Skips alone are never findings. Pure.
 */

import type { ManifestArtifact, NodeResult, RunArtifact } from './artifact.js';
import type { DbtFinding } from './dbt-status.js';
import { kindOf, nodeOwnership } from './node-ownership.js';
import { isErrorStatus } from './run-outcome.js';

/** The latest result of a node in a pipeline, with the run it came from. */
export interface LatestResult {
  readonly result: NodeResult;
  readonly run: RunArtifact;
}

const TEST_KINDS: readonly string[] = ['test', 'unit_test'];
const SHOWN_DOWNSTREAM = 10;

export function nodeFindings(pipeline: string, latest: Iterable<LatestResult>, manifest: ManifestArtifact | undefined): DbtFinding[] {
  const findings: DbtFinding[] = [];
  for (const { result, run } of latest) {
    const kind = kindOf(result.uniqueId);
    const isTest = TEST_KINDS.includes(kind);
    const failed = result.status === 'runtime error' || (!isTest && isErrorStatus(result.status));
    const testProblem = isTest && (result.status === 'fail' || result.status === 'error' || result.status === 'warn' || isErrorStatus(result.status));
    if (!failed && !testProblem) continue;
    const who = nodeOwnership(manifest, result.uniqueId);
    const labels = {
      alert_type: failed ? 'pipeline_failure' : 'dbt_test_failure',
      pipeline,
      node: result.uniqueId,
      ...(who.owner !== undefined ? { owner: who.owner } : {}),
      ...(who.channel !== undefined ? { channel: who.channel } : {}),
    } as const;
    const label = kind.replace('_', ' ');
    const message = oneLine(result.message);
    if (failed) {
      const status = result.status === 'error' ? 'failed' : `failed with status "${result.status}"`;
      findings.push({
        severity: 'critical',
        summary: `${label} ${who.name} ${status}${message ? `: ${message}` : ''}${downstream(result.uniqueId, run, manifest)}`,
        labels,
        invocation_id: run.invocationId,
      });
      continue;
    }
    const verb =
      result.status === 'warn' ? 'warned' : result.status === 'fail' ? 'failed' : result.status === 'error' ? 'errored' : `has status "${result.status}"`;
    const rows = typeof result.failures === 'number' && result.failures > 0 ? ` (${result.failures} failing rows)` : '';
    findings.push({
      severity: result.status === 'warn' ? 'info' : 'warning',
      summary: `${label} ${who.name} ${verb}${rows}${message ? `: ${message}` : ''}`,
      labels,
      invocation_id: run.invocationId,
    });
  }
  return findings;
}

/** `; 3 downstream nodes skipped: a, b, c`: descendants in the manifest's child_map skipped in `run`. */
function downstream(uniqueId: string, run: RunArtifact, manifest: ManifestArtifact | undefined): string {
  const skipped = new Set(run.results.filter((r) => r.status === 'skipped').map((r) => r.uniqueId));
  if (skipped.size === 0) return '';
  if (!manifest) return `; ${count(skipped.size, 'node')} skipped in this run (no manifest to tell which are downstream)`;
  const descendants = new Set<string>();
  const queue = [...(manifest.childMap[uniqueId] ?? [])];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (descendants.has(id)) continue;
    descendants.add(id);
    queue.push(...(manifest.childMap[id] ?? []));
  }
  const hit = [...descendants].filter((id) => skipped.has(id)).sort();
  if (hit.length === 0) return '';
  const names = hit.slice(0, SHOWN_DOWNSTREAM).map((id) => nodeOwnership(manifest, id).name);
  const more = hit.length > SHOWN_DOWNSTREAM ? ` and ${hit.length - SHOWN_DOWNSTREAM} more` : '';
  return `; ${count(hit.length, 'downstream node')} skipped: ${names.join(', ')}${more}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A dbt message on one line, cut to 240 characters. */
function oneLine(message: string | undefined): string {
  const text = (message ?? '').replace(/\s+/g, ' ').trim();
  return text.length > 240 ? `${text.slice(0, 239)}…` : text;
}
