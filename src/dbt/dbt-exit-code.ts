/**
 * The exit code of `snowmon dbt status`: 1 when a finding is at or above `--fail-on` (this wins over 3);
 * 3 when an artifact could not be read and nothing reached `--fail-on`; 0 otherwise. 2 (usage or config
 * error) is decided by the CLI before any evaluation.
 */

import type { Severity } from '../checks/check.js';
import type { DbtStatus } from './dbt-status.js';

export type DbtFailOn = Severity | 'never';
export const DBT_FAIL_ON: readonly DbtFailOn[] = ['info', 'warning', 'critical', 'never'];
export const DBT_EXIT = { ok: 0, findings: 1, usage: 2, unreadable: 3 } as const;

const RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, critical: 3 };

export function dbtExitCode(status: DbtStatus, failOn: DbtFailOn): number {
  if (failOn !== 'never' && status.findings.some((f) => RANK[f.severity] >= RANK[failOn])) return DBT_EXIT.findings;
  if (status.problems.length > 0) return DBT_EXIT.unreadable;
  return DBT_EXIT.ok;
}
