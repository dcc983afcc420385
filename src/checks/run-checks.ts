/**
 * Runs loaded checks against Snowflake under the cost rules (DESIGN §4): every `free` (SHOW-only) check
 * first, then every `warehouse` check back to back in the same session; identical SHOW statements are
 * sent once per run; every statement carries its check name for the QUERY_TAG. A failing check is data
 * (status `failed`), never a throw; a check with a statement refused for a missing grant keeps what its
 * other statements found (status `partial`, naming the object and the grant). Evaluation is delegated to
 * the registry in `evaluators.ts`.
 */

import type { CheckDefinition, CheckOutcome, CheckStatus, RefusedObject } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import type { QueryResult, SnowflakeClient } from '../sources/snowflake-client.js';
import { SnowflakeError } from '../sources/snowflake-client.js';
import type { Evaluator } from './evaluator.js';
import { evaluatorFor } from './evaluators.js';
import type { MonitorCycleOverrides } from './monitor-schedule.js';
import { describeRefusals, refusedObject } from './refused-object.js';
import { countBindMarkers, firstKeyword } from './sql-scanner.js';
import { scrubSecrets } from '../config/scrub-secrets.js';

export type CheckProgressEvent =
  | { readonly type: 'check_started'; readonly name: string; readonly cost: 'free' | 'warehouse' }
  | { readonly type: 'statement_sent'; readonly name: string; readonly index: number; readonly reused: boolean }
  | {
      readonly type: 'check_finished';
      readonly name: string;
      readonly status: CheckStatus;
      readonly durationMs: number;
      readonly error?: string;
    };

export interface RunChecksOptions {
  /** The evaluation instant (cycle math, ages). */
  readonly now: Date;
  readonly usdPerCredit: number;
  /** Per-check threshold overrides from config: `{ credits_by_warehouse: { spike_ratio: 3 } }`. */
  readonly thresholds?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Run only these checks (`--check`); an unknown name is an error listing the valid ones. */
  readonly only?: readonly string[];
  /** Configured cycle anchors by resource monitor name (`checks.resource_monitors.monitors`). */
  readonly monitorCycles?: MonitorCycleOverrides;
  /** Evaluators owned by other folders, by check name (dbt's `dbtEvaluators`), beside `evaluators.ts`'s. */
  readonly evaluators?: Readonly<Record<string, Evaluator>>;
  /** snowmon's own warehouse: bound to every `?` in the SQL and handed to evaluators. */
  readonly snowmonWarehouse?: string;
  /** snowmon's configured role, named in the grants a finding or a refused statement recommends. */
  readonly role?: string;
  readonly onProgress?: (event: CheckProgressEvent) => void;
  /** Deadline per statement. */
  readonly statementTimeoutMs?: number;
  /** Stamps each outcome's `startedAt`; default the system clock (the daemon passes its own `now`). */
  readonly clock?: () => Date;
}

/** The checks named in `only` (all when absent), in load order. Throws on an unknown name. */
export function selectChecks(checks: readonly CheckDefinition[], only?: readonly string[]): CheckDefinition[] {
  if (!only || only.length === 0) return [...checks];
  const names = checks.map((c) => c.header.name);
  const unknown = only.filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    throw new Error(`unknown check ${unknown.map((n) => `"${n}"`).join(', ')} (valid: ${names.join(', ')})`);
  }
  return checks.filter((c) => only.includes(c.header.name));
}

/** A one-line, secret-free description of a failure. */
export function describeFailure(error: unknown): string {
  let text: string;
  if (error instanceof SnowflakeError) {
    const code = error.code ? `${error.code}${error.sqlState ? ` (${error.sqlState})` : ''}: ` : '';
    // The client may already lead its message with the code; say it once.
    text = code && !error.message.startsWith(error.code ?? '') ? `${code}${error.message}` : error.message;
  } else if (error instanceof Error) {
    text = error.message;
  } else {
    text = String(error);
  }
  return scrubSecrets(text);
}

function showKey(sql: string): string {
  return sql.replace(/\s+/g, ' ').trim().toLowerCase();
}

/** Runs the checks; outcomes come back in the order the checks were given. */
export async function runChecks(client: SnowflakeClient, checks: readonly CheckDefinition[], options: RunChecksOptions): Promise<CheckOutcome[]> {
  const selected = selectChecks(checks, options.only);
  const ordered = [...selected.filter((c) => c.header.cost === 'free'), ...selected.filter((c) => c.header.cost !== 'free')];
  const showResults: ShowCache = new Map();
  const outcomes = new Map<string, CheckOutcome>();
  const clock = options.clock ?? (() => new Date());

  for (const check of ordered) {
    const outcome = await runOneCheck(client, check, showResults, options, clock);
    outcomes.set(outcome.name, outcome);
    options.onProgress?.({
      type: 'check_finished',
      name: outcome.name,
      status: outcome.status,
      durationMs: outcome.durationMs,
      ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    });
  }
  return selected.map((c) => outcomes.get(c.header.name) as CheckOutcome);
}

/** The SHOW statements already sent in this run, by normalised text: an identical one is sent once. */
type ShowCache = Map<string, Promise<QueryResult>>;

/** What one check's statements have done so far; kept when a later statement fails. */
interface StatementTally {
  sent: number;
  readonly refused: RefusedObject[];
}

/** One check: its statements, then its evaluator; a failure becomes a `failed` outcome. */
async function runOneCheck(
  client: SnowflakeClient,
  check: CheckDefinition,
  showResults: ShowCache,
  options: RunChecksOptions,
  clock: () => Date,
): Promise<CheckOutcome> {
  const name = check.header.name;
  const startedAt = clock().toISOString();
  const started = performance.now();
  const tally: StatementTally = { sent: 0, refused: [] };
  const { refused } = tally;
  options.onProgress?.({ type: 'check_started', name, cost: check.header.cost });
  try {
    const results = await sendStatements(client, check, showResults, options, tally);
    if (refused.length === check.statements.length) throw new Error(describeRefusals(refused));
    const evaluated = evaluateCheck(check, results, refused, options);
    return {
      name,
      status: refused.length > 0 ? 'partial' : 'ok',
      rows: evaluated.rows,
      findings: evaluated.findings,
      ...(refused.length > 0 ? { error: describeRefusals(refused), refused } : {}),
      startedAt,
      durationMs: performance.now() - started,
      statementsSent: tally.sent,
    };
  } catch (error) {
    return {
      name,
      status: 'failed',
      error: describeFailure(error),
      rows: [],
      findings: [],
      ...(refused.length > 0 ? { refused } : {}),
      startedAt,
      durationMs: performance.now() - started,
      statementsSent: tally.sent,
    };
  }
}

/** The rows of each statement in order; a statement refused for a missing grant gives no rows and is tallied. */
async function sendStatements(
  client: SnowflakeClient,
  check: CheckDefinition,
  showResults: ShowCache,
  options: RunChecksOptions,
  tally: StatementTally,
): Promise<(readonly Row[])[]> {
  const name = check.header.name;
  const results: (readonly Row[])[] = [];
  for (const [index, sql] of check.statements.entries()) {
    const isShow = firstKeyword(sql) === 'show';
    const key = showKey(sql);
    let pending = isShow ? showResults.get(key) : undefined;
    const reused = pending !== undefined;
    if (!pending) {
      const bindCount = countBindMarkers(sql);
      pending = client.query(sql, {
        check: name,
        ...(options.statementTimeoutMs !== undefined ? { timeoutMs: options.statementTimeoutMs } : {}),
        ...(bindCount > 0 ? { binds: Array.from({ length: bindCount }, () => options.snowmonWarehouse ?? null) } : {}),
      });
      pending.catch(() => undefined); // a cached failure is reported by whoever awaits it
      tally.sent++;
      if (isShow) showResults.set(key, pending);
    }
    options.onProgress?.({ type: 'statement_sent', name, index, reused });
    // A refused object (missing grant) costs this statement only: the others still report.
    const rows = await pending.then(
      (r) => r.rows,
      (error: unknown) => {
        const refusal = refusedObject(error, index, options.role);
        if (refusal === undefined) throw error;
        tally.refused.push(refusal);
        return [];
      },
    );
    results.push(rows);
  }
  return results;
}

/** The check's evaluator over its statements' rows, with the header's thresholds under config's overrides. */
function evaluateCheck(check: CheckDefinition, results: (readonly Row[])[], refused: readonly RefusedObject[], options: RunChecksOptions) {
  const name = check.header.name;
  const thresholds = { ...check.header.thresholds, ...(options.thresholds?.[name] ?? {}) };
  return evaluatorFor(
    name,
    options.evaluators,
  )({
    results,
    thresholds,
    now: options.now,
    usdPerCredit: options.usdPerCredit,
    ...(options.monitorCycles !== undefined ? { monitorCycles: options.monitorCycles } : {}),
    ...(options.snowmonWarehouse !== undefined ? { warehouse: options.snowmonWarehouse } : {}),
    ...(options.role !== undefined ? { role: options.role } : {}),
    ...(refused.length > 0 ? { refused: new Set(refused.map((r) => r.statement)) } : {}),
  });
}
