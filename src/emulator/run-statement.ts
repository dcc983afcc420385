/**
 * Runs one statement for one session: injected failures, the emulator's own commands (ALTER SESSION,
 * USE, SHOW), otherwise the dialect rewrite and DuckDB, with the warehouse billing hook and a statement
 * record. It returns an outcome for the wire and never throws for SQL problems; HTTP lives in server.ts.
 */

import { randomUUID } from 'node:crypto';
import type { DuckDBValue } from '@duckdb/node-api';
import type { EmulatedAccount } from './account-model.js';
import type { Clock } from './clock.js';
import { parseEmulatorCommand } from './dialect-commands.js';
import type { EmulatorCommand, SessionParameterValue } from './dialect-commands.js';
import { rewriteSnowflakeSql } from './dialect.js';
import { plainResultSet } from './engine.js';
import type { PlainResult, ResultSet } from './engine.js';
import type { ActiveFaults } from './faults.js';
import { privilegesOf, refuseUnreadableView } from './role-privileges.js';
import type { Session } from './sessions.js';
import { sqlError, toSnowflakeError } from './sql-errors.js';
import type { SqlError } from './sql-errors.js';

export type StatementKind = 'show' | 'select' | 'alter_session' | 'use' | 'other';

export interface StatementRecord {
  /** The account it ran in (EmulatedAccount.name). */
  readonly account: string;
  readonly sql: string;
  readonly kind: StatementKind;
  readonly warehouse: string | null;
  readonly queryTag: string | null;
  readonly ok: boolean;
  readonly at: Date;
  /** How long the statement ran in the engine while holding its warehouse (ms); 0 when it used none (SHOW, ALTER SESSION...). */
  readonly executionMs: number;
}

/** One bind as the driver sends it in `bindings`. */
export interface DriverBinding {
  readonly type: string;
  readonly value: string | null | readonly unknown[];
}

export interface StatementRequest {
  /** The id to give the statement (UUID); a new one when absent. */
  readonly queryId?: string;
  readonly sqlText: string;
  readonly bindings?: Readonly<Record<string, DriverBinding>>;
  /** Per-statement parameters (QUERY_TAG, ...), applied to this statement only. */
  readonly parameters?: ReadonlyMap<string, SessionParameterValue>;
}

export type StatementOutcome =
  { readonly ok: true; readonly queryId: string; readonly result: ResultSet } | ({ readonly ok: false; readonly queryId: string } & SqlError);

/** The subset of billing.ts's Billing the runner calls (structural, so tests can stand in for it). */
export interface BillingHook {
  startQuery(warehouse: string | null, at: Date): { ok: true; resumed: boolean } | { ok: false; code: string; sqlState: string; message: string };
  endQuery(warehouse: string, at: Date, durationMs: number): void;
}

/** The SHOW commands the emulator answers (show-commands.ts). */
export interface ShowProvider {
  warehouses(
    account: EmulatedAccount,
    options: { readonly like?: string; readonly currentWarehouse?: string | null; readonly now: Date; readonly role?: string | null },
  ): PlainResult;
  resourceMonitors(account: EmulatedAccount, options: { readonly like?: string; readonly now: Date; readonly role?: string | null }): PlainResult;
}

export interface StatementDeps {
  readonly account: EmulatedAccount;
  readonly clock: Clock;
  readonly billing: BillingHook;
  readonly show: ShowProvider;
  readonly faults: ActiveFaults;
  /** Brings tables derived from other accounts up to date before a statement may read them (the organization views). */
  readonly refresh?: (sql: string) => Promise<void>;
  readonly records: StatementRecord[];
  readonly advanceClockWithQueries: boolean;
  readonly defaultTimeZone: string;
}

const STATUS_RESULT: PlainResult = {
  columns: [{ name: 'status', type: 'text' }],
  rows: [['Statement executed successfully.']],
};

function kindOf(command: EmulatorCommand | null, firstKeyword: string): StatementKind {
  if (command !== null) {
    if (command.kind === 'unsupported') return command.statementKind;
    if (command.kind === 'alter_session_set' || command.kind === 'alter_session_unset') return 'alter_session';
    return command.kind;
  }
  return firstKeyword === 'SELECT' || firstKeyword === 'WITH' ? 'select' : 'other';
}

function firstWord(sql: string): string {
  return /^\s*(?:(?:--[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*([A-Za-z]+)/.exec(sql)?.[1]?.toUpperCase() ?? '';
}

/** Driver binds → DuckDB values, in placeholder order. */
export function toDuckDbBinds(bindings: Readonly<Record<string, DriverBinding>> | undefined): DuckDBValue[] {
  if (bindings === undefined) return [];
  const keys = Object.keys(bindings).sort((a, b) => Number(a) - Number(b));
  return keys.map((k) => {
    const { type, value } = bindings[k] as DriverBinding;
    if (value === null) return null;
    if (Array.isArray(value)) throw sqlError('000002', '0A000', 'array binds are not supported by the emulator');
    const text = String(value);
    switch (type.toUpperCase()) {
      case 'FIXED': {
        if (/^-?\d+$/.test(text)) {
          const big = BigInt(text);
          return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(text) : big;
        }
        return Number(text);
      }
      case 'REAL':
        return Number(text);
      case 'BOOLEAN':
        return text === 'true' || text === '1' || text.toUpperCase() === 'TRUE';
      default:
        return text;
    }
  });
}

function upperName(name: string): string {
  return name.toUpperCase();
}

/** Runs one statement and records it. */
export async function runStatement(deps: StatementDeps, session: Session, request: StatementRequest): Promise<StatementOutcome> {
  const queryId = request.queryId ?? randomUUID();
  const sql = request.sqlText;
  const statementParams = request.parameters ?? new Map<string, SessionParameterValue>();
  const tag = statementParams.get('QUERY_TAG') ?? session.parameters.get('QUERY_TAG');
  const queryTag = tag === undefined || tag === '' ? null : String(tag);
  const command = parseEmulatorCommand(sql);
  let kind = kindOf(command, firstWord(sql));
  let warehouse: string | null = null;
  let executionMs = 0;
  let outcome: StatementOutcome;
  try {
    const failure = deps.faults.takeStatementFailure(sql);
    if (failure !== null) throw sqlError(failure.code, failure.sqlState, failure.message);
    let result: ResultSet;
    if (command !== null) {
      result = await runCommand(deps, session, command);
    } else {
      let rewritten;
      try {
        rewritten = rewriteSnowflakeSql(sql);
      } catch (e) {
        throw sqlError('001003', '42000', `SQL compilation error:\n${(e as Error).message}`);
      }
      kind = kindOf(null, rewritten.firstKeyword);
      if (rewritten.statementCount !== 1) {
        throw sqlError('000008', '0A000', `Actual statement count ${rewritten.statementCount} did not match the desired statement count 1.`);
      }
      const refused = refuseUnreadableView(privilegesOf(deps.account.roles, session.role), sql);
      if (refused !== null) throw refused;
      const binds = toDuckDbBinds(request.bindings);
      if (rewritten.readsTable) warehouse = await startWarehouse(deps, session, sql);
      const timeout = Number(statementParams.get('STATEMENT_TIMEOUT_IN_SECONDS') ?? session.parameters.get('STATEMENT_TIMEOUT_IN_SECONDS') ?? 0);
      const started = performance.now();
      try {
        result = await session.engine.run(rewritten.sql, {
          variables: {
            sf_now: deps.clock.now(),
            sf_warehouse: session.warehouse,
            sf_role: session.role,
            sf_user: session.user,
            sf_account: deps.account.name,
            sf_database: session.database,
            sf_schema: session.schema,
            sf_session: String(session.id),
            sf_last_query_id: session.lastQueryId,
          },
          binds,
          keepCase: rewritten.readsLastResult
            ? { has: (name) => rewritten.quotedIdentifiers.has(name) || session.engine.lastResultColumns.has(name) }
            : rewritten.quotedIdentifiers,
          firstKeyword: rewritten.firstKeyword,
          timeoutMs: timeout > 0 ? timeout * 1000 : undefined,
          timeZone: statementTimeZone(statementParams, session),
        });
      } catch (e) {
        const err = toSnowflakeError(e, timeout);
        throw sqlError(err.code, err.sqlState, err.message);
      } finally {
        if (warehouse !== null) {
          executionMs = performance.now() - started;
          if (deps.advanceClockWithQueries) advanceClock(deps.clock, executionMs);
          deps.billing.endQuery(warehouse, deps.clock.now(), executionMs);
        }
      }
    }
    outcome = { ok: true, queryId, result };
  } catch (e) {
    const err = toSnowflakeError(e, 0);
    // Explicit fields: an Error's `message` is not enumerable, so a spread would lose it.
    outcome = { ok: false, queryId, code: err.code, sqlState: err.sqlState, message: err.message };
  }
  session.lastQueryId = queryId;
  deps.records.push({ account: deps.account.name, sql, kind, warehouse, queryTag, ok: outcome.ok, at: deps.clock.now(), executionMs });
  return outcome;
}

/** Before a statement reading tables: brings derived tables up to date, then resumes the session's warehouse (or refuses). */
async function startWarehouse(deps: StatementDeps, session: Session, sql: string): Promise<string | null> {
  await deps.refresh?.(sql);
  const start = deps.billing.startQuery(session.warehouse, deps.clock.now());
  if (!start.ok) throw sqlError(start.code, start.sqlState, start.message);
  return session.warehouse;
}

/** A per-statement TIMEZONE that differs from the session's, with the session's to restore. */
function statementTimeZone(params: ReadonlyMap<string, SessionParameterValue>, session: Session): { statement: string; session: string } | undefined {
  const wanted = params.get('TIMEZONE');
  const current = String(session.parameters.get('TIMEZONE'));
  return wanted === undefined || String(wanted) === current ? undefined : { statement: String(wanted), session: current };
}

function advanceClock(clock: Clock, ms: number): void {
  const movable = clock as Clock & { advance?: (ms: number) => void };
  if (typeof movable.advance === 'function') movable.advance(Math.max(0, Math.round(ms)));
}

async function runCommand(deps: StatementDeps, session: Session, command: EmulatorCommand): Promise<ResultSet> {
  switch (command.kind) {
    case 'unsupported':
      throw sqlError('000002', '0A000', `Unsupported feature: ${command.message}`);
    case 'alter_session_set':
      for (const [name, value] of command.values) {
        if (name === 'TIMEZONE') {
          try {
            await session.engine.setTimeZone(String(value));
          } catch {
            throw sqlError('002097', '22023', `Invalid value [${String(value)}] for parameter 'TIMEZONE'`);
          }
        }
        session.parameters.set(name, value);
      }
      return plainResultSet(STATUS_RESULT);
    case 'alter_session_unset':
      for (const name of command.names) {
        session.parameters.delete(name);
        if (name === 'TIMEZONE') {
          const tz = deps.defaultTimeZone;
          session.parameters.set('TIMEZONE', tz);
          await session.engine.setTimeZone(tz);
        }
      }
      return plainResultSet(STATUS_RESULT);
    case 'use': {
      if (command.object === 'WAREHOUSE') {
        const found = [...deps.account.warehouses.keys()].find((w) => upperName(w) === upperName(command.name));
        if (found === undefined) {
          throw sqlError('002043', '02000', `SQL compilation error:\nObject does not exist, or operation cannot be performed.`);
        }
        session.warehouse = found;
      } else if (command.object === 'ROLE') session.role = command.name;
      else if (command.object === 'DATABASE') {
        session.database = command.name;
        session.schema = 'PUBLIC';
      } else {
        const dot = command.name.lastIndexOf('.');
        if (dot > 0) {
          session.database = command.name.slice(0, dot);
          session.schema = command.name.slice(dot + 1);
        } else session.schema = command.name;
      }
      return plainResultSet(STATUS_RESULT);
    }
    case 'show': {
      const now = deps.clock.now();
      const shown =
        command.object === 'WAREHOUSES'
          ? deps.show.warehouses(deps.account, { like: command.like, currentWarehouse: session.warehouse, now, role: session.role })
          : deps.show.resourceMonitors(deps.account, { like: command.like, now, role: session.role });
      const plain: PlainResult = { columns: shown.columns, rows: shown.rows };
      await session.engine.materialise(plain);
      return plainResultSet(plain);
    }
  }
}
