/**
 * The audit's dbt section: the artifacts under `dbt.artifacts` evaluated once as of `now`, with the same
 * rules as `snowmon dbt status`, as a check outcome named `dbt` that every report format renders like
 * the others. Files only: no Snowflake, no store (the daemon's stored history is the dbt loop's).
 */

import type { CheckOutcome } from '../checks/check.js';
import type { DbtConfig } from '../dbt/dbt-config.js';
import { dbtOutcome } from '../dbt/dbt-outcome.js';
import { evaluateDbt } from '../dbt/evaluate-dbt.js';
import type { ArtifactScan } from '../dbt/find-artifacts.js';

/** `scan`: the artifacts under `dbt.artifacts`, read by the caller (once, for dbt_query_history too). */
export function auditDbt(config: DbtConfig, now: Date, scan: ArtifactScan): CheckOutcome {
  const started = performance.now();
  const status = evaluateDbt({ artifacts: scan.artifacts, problems: scan.problems, config, now });
  return dbtOutcome(status, { startedAt: now, durationMs: performance.now() - started });
}
