/**
 * The shape of a check's evaluator: a pure function from the check's result sets to report rows and
 * findings. Types and the money helper only; the evaluators live in `evaluate-*.ts`.
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import type { MonitorCycleOverrides } from './monitor-schedule.js';

export interface EvaluatorInput {
  /** One row list per statement of the check, in statement order. */
  readonly results: readonly (readonly Row[])[];
  /** The header's defaults merged with config overrides. */
  readonly thresholds: Readonly<Record<string, number>>;
  /** The evaluation instant (cycle math, ages). */
  readonly now: Date;
  /** Configured price per credit, for `usd` on findings. */
  readonly usdPerCredit: number;
  /** snowmon's own warehouse, when the check needs it (self_cost). */
  readonly warehouse?: string;
  /** snowmon's role as configured, for the grants a finding recommends; unknown when the login's default role is used. */
  readonly role?: string;
  /**
   * Indexes of the statements Snowflake refused (a missing grant): their result is empty because it was not
   * read, not because there is nothing, so an evaluator must not conclude anything from its absence.
   */
  readonly refused?: ReadonlySet<number>;
  /** Configured cycle anchors by resource monitor name (`checks.resource_monitors.monitors`). */
  readonly monitorCycles?: MonitorCycleOverrides;
}

export interface EvaluatorOutput {
  /** Rows for the report. */
  readonly rows: Row[];
  readonly findings: Finding[];
}

export type Evaluator = (input: EvaluatorInput) => EvaluatorOutput;

/** `credits` and `usd` for a finding, usd = credits × price per credit. */
export function money(credits: number, usdPerCredit: number): { credits: number; usd: number } {
  return { credits, usd: credits * usdPerCredit };
}

/**
 * A threshold by key. Its default is declared once, in the check's SQL header (`-- thresholds:`), which
 * `loadChecks` applies even to a user's copy of a shipped check; a missing key is a bug, thrown.
 */
export function threshold(thresholds: Readonly<Record<string, number>>, key: string): number {
  const value = thresholds[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`threshold "${key}" is missing: declare its default in the query header`);
  return value;
}
