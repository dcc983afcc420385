/**
 * What a dbt status means: the statuses dbt writes (Core and Fusion), which of them fail a node, and
 * whether an invocation was a "success" (no `error`, `runtime error` or unknown status; failing tests
 * allowed). An unknown status is never read as success.
 */

import type { RunArtifact } from './artifact.js';

/** RunStatus, TestStatus, FreshnessStatus and Fusion's `reused`. */
export const KNOWN_STATUSES: readonly string[] = ['success', 'error', 'skipped', 'partial success', 'no-op', 'pass', 'fail', 'warn', 'runtime error', 'reused'];

/** `error`, `runtime error` or a status dbt does not write. */
export function isErrorStatus(status: string): boolean {
  return status === 'error' || status === 'runtime error' || !KNOWN_STATUSES.includes(status);
}

export function isSuccessfulRun(run: RunArtifact): boolean {
  return run.results.every((r) => !isErrorStatus(r.status));
}

/** `finished − started` in ms, when the start is known. */
export function runDurationMs(run: RunArtifact): number | undefined {
  return run.startedAt ? run.generatedAt.getTime() - run.startedAt.getTime() : undefined;
}
