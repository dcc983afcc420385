/**
 * The shapes every check shares: its definition (read from a `queries/*.sql` header), its outcome and
 * the findings it derives (the rows come from src/sources/snowflake-client.ts). Types only; loading,
 * running and evaluating live beside it.
 */

import type { Row } from '../sources/snowflake-client.js';

export type Severity = 'info' | 'warning' | 'critical';

/** Where a check's data comes from, as its header declares (`organization_usage`: read in the organization account). */
export type CheckSource = 'show' | 'account_usage' | 'information_schema' | 'organization_usage';

/** `free` checks run SHOW commands only and wake no warehouse; `warehouse` checks need one. */
export type CheckCost = 'free' | 'warehouse';

/** One thing worth telling a person, with the money it is about where money applies. */
export interface Finding {
  /** How bad it is. */
  readonly severity: Severity;
  /** One line a person reads first, e.g. `monitor ACCOUNT_MONTHLY at 92% of 1000 credits`. */
  readonly summary: string;
  /** Identity and routing vocabulary (DESIGN §5): alert_type, monitor, threshold, warehouse, user... */
  readonly labels: Readonly<Record<string, string>>;
  /** Credits this finding is about (spent, at risk, or saved by the recommendation). */
  readonly credits?: number;
  /** `credits` × the configured price per credit. */
  readonly usd?: number;
  /** What to do about it, when the check knows better than the runbook line. */
  readonly recommendation?: string;
  /**
   * Credits per 30 days the recommendation would save if followed: an estimate derived from the check's
   * own numbers, kept on the low side where the data allows, with the method stated in `recommendation`. Unset when the check cannot make
   * a defensible estimate (monitor thresholds, projections, billing, security never have one). Compute
   * savings set this and `savingsUsd`; savings that are not credits (storage, billed per TB-month) set
   * only `savingsUsd`. Readers take `savingsUsd`, else `savingsCredits` × the price per credit.
   */
  readonly savingsCredits?: number;
  /** USD per 30 days the recommendation would save: `savingsCredits` × price, or money not billed in credits. */
  readonly savingsUsd?: number;
}

/** The comment header of a `queries/*.sql` file (DESIGN §3). */
export interface CheckHeader {
  readonly name: string;
  readonly summary: string;
  /** What one row is, e.g. `one row per warehouse`. */
  readonly grain: string;
  readonly source: CheckSource;
  readonly cost: CheckCost;
  /** Default cadence, e.g. `1m`, `1h`, `1d`. */
  readonly cadence: string;
  /** Default thresholds; config overrides them per key. */
  readonly thresholds: Readonly<Record<string, number>>;
  /** Label names the check's alerts carry. */
  readonly labels: readonly string[];
  /** What to do when it fires. */
  readonly runbook: string;
}

/** A check as loaded from disk: its header and the statements of its SQL body, in order. */
export interface CheckDefinition {
  readonly header: CheckHeader;
  /** The file it came from, for error messages. */
  readonly file: string;
  /** The SQL statements of the body, split on top-level `;`, comments kept out. */
  readonly statements: readonly string[];
}

/**
 * How a check run went: `ok` saw everything; `partial` had a statement refused for a missing grant and
 * kept what the others found; `failed` found nothing. Only an `ok` run may resolve alerts.
 */
export type CheckStatus = 'ok' | 'partial' | 'failed';

/** An object Snowflake refused to show snowmon's role, and the grant that opens it. */
export interface RefusedObject {
  /** As Snowflake named it, e.g. `SNOWFLAKE.ACCOUNT_USAGE.TABLES`. */
  readonly object: string;
  /** Index of the refused statement in the check's SQL. */
  readonly statement: number;
  /** The statement that opens it, e.g. `grant database role snowflake.object_viewer to role SNOWMON_ROLE`. */
  readonly grant?: string;
}

/** What running one check produced. A failing check is data, never a throw. */
export interface CheckOutcome {
  readonly name: string;
  readonly status: CheckStatus;
  /** Why it failed or is partial, secret-free, e.g. `002003 (42S02): SQL compilation error: ...`. */
  readonly error?: string;
  /** What Snowflake refused (a `partial` run, or a `failed` one whose every statement was refused). */
  readonly refused?: readonly RefusedObject[];
  readonly rows: readonly Row[];
  readonly findings: readonly Finding[];
  readonly startedAt: string;
  readonly durationMs: number;
  /** Statements this check sent to Snowflake (SHOW results reused within a run are not re-sent). */
  readonly statementsSent: number;
}
