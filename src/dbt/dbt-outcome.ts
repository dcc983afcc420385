/**
 * A dbt evaluation as a check outcome named `dbt`, the shape every report section and the alert ledger
 * take: the findings with their labels, one row per pipeline, and, when artifacts could not be read,
 * status `failed` with the files named (as `dbt status` exits 3: nothing it said resolves anything).
 * The daemon's dbt loop and `snowmon audit` share it. Pure.
 */

import type { CheckOutcome, Finding } from '../checks/check.js';
import type { Row } from '../sources/snowflake-client.js';
import type { DbtFinding, DbtStatus } from './dbt-status.js';

export const DBT_CHECK = 'dbt';

export interface DbtOutcomeOptions {
  readonly startedAt: Date;
  readonly durationMs: number;
  /** Findings the evaluation does not make itself (the daemon's runtime regressions and unreadable files). */
  readonly extraFindings?: readonly Finding[];
  /** False (the daemon) when unreadable files are retried and reported on their own instead of failing the run. */
  readonly failOnProblems?: boolean;
}

export function dbtOutcome(status: DbtStatus, options: DbtOutcomeOptions): CheckOutcome {
  const rows: Row[] = status.pipelines.map((p) => ({
    pipeline: p.name,
    last_run: p.last_run?.invocation_id ?? null,
    last_status: p.last_run?.status ?? null,
    last_finished_at: p.last_run?.finished_at ?? null,
    last_success_at: p.last_success_at,
    sla: p.sla ? `${p.sla.state}${p.sla.reasons.length > 0 ? ` (${p.sla.reasons.join(', ')})` : ''}` : null,
  }));
  const failed = options.failOnProblems !== false && status.problems.length > 0;
  return {
    name: DBT_CHECK,
    status: failed ? 'failed' : 'ok',
    ...(failed
      ? {
          error: `${status.problems.length} dbt artifact${status.problems.length === 1 ? '' : 's'} could not be read: ${status.problems.map((p) => `${p.file}: ${p.error}`).join('; ')}`,
        }
      : {}),
    rows,
    findings: [...status.findings.map(dbtFindingToFinding), ...(options.extraFindings ?? [])],
    startedAt: options.startedAt.toISOString(),
    durationMs: options.durationMs,
    statementsSent: 0,
  };
}

/** The contract's finding as a check finding: the labels it has, no undefined ones. */
export function dbtFindingToFinding(finding: DbtFinding): Finding {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(finding.labels)) if (value !== undefined) labels[key] = value;
  return { severity: finding.severity, summary: finding.summary, labels };
}
