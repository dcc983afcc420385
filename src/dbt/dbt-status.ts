/**
 * The result of `snowmon dbt status`, in the JSON shape of the dbt contract (snake_case keys): the
 * pipelines with their last run, last success and SLA state, the findings with their routing labels, and
 * the files that could not be read. Types only; evaluate-dbt.ts builds it.
 */

import type { Severity } from '../checks/check.js';
import type { ArtifactProblem } from './artifact.js';
import type { SlaReason } from './evaluate-sla.js';

export interface DbtLastRun {
  readonly invocation_id: string;
  readonly command: string | null;
  readonly started_at: string | null;
  readonly finished_at: string;
  /** `error` when a node has `error`, `runtime error` or an unknown status; else `success`. */
  readonly status: 'success' | 'error';
  /** Results per status; `error`, `skipped`, `fail`, `warn`, `pass`, `success` always present. */
  readonly counts: Readonly<Record<string, number>>;
  readonly file: string;
}

export interface DbtPipelineStatus {
  readonly name: string;
  readonly last_run: DbtLastRun | null;
  readonly last_success_at: string | null;
  /** Null when the pipeline has no `sla` in the config. */
  readonly sla: { readonly state: 'ok' | 'breached'; readonly reasons: readonly SlaReason[] } | null;
}

export type DbtAlertType = 'pipeline_failure' | 'dbt_test_failure' | 'source_freshness' | 'sla_breach';

export interface DbtFinding {
  readonly severity: Severity;
  readonly summary: string;
  readonly labels: {
    readonly alert_type: DbtAlertType;
    readonly pipeline: string;
    readonly node?: string;
    readonly owner?: string;
    readonly channel?: string;
    readonly reason?: SlaReason;
  };
  /** The invocation the finding comes from, when there is one. */
  readonly invocation_id?: string;
}

export interface DbtStatus {
  /** The instant evaluated (`--at`, default now). */
  readonly generated_at: string;
  readonly pipelines: readonly DbtPipelineStatus[];
  readonly findings: readonly DbtFinding[];
  readonly problems: readonly ArtifactProblem[];
}
