/**
 * The emulator's SQL engine: one in-memory DuckDB instance with the `snowflake` catalog attached and the
 * Snowflake macros installed, and one DuckDB connection per emulator session (time zone, variables and
 * temp tables are connection-scoped). It runs already-rewritten SQL and encodes results for the wire;
 * it does not parse Snowflake dialect or speak HTTP.
 */

import { DuckDBInstance } from '@duckdb/node-api';
import type { DuckDBConnection, DuckDBResultReader, DuckDBValue } from '@duckdb/node-api';
import { LAST_RESULT_TABLE } from './dialect.js';
import { sqlLiteral } from './dialect-tokens.js';
import { SETUP_STATEMENTS } from './macros.js';
import { encodePlain, encodeValue, wireColumn, wireTypeOf } from './wire.js';
import type { WireColumn, WireType, WireValue } from './wire.js';

/** A result ready for the wire: `rowtype` and `rowset`. */
export interface ResultSet {
  readonly columns: readonly WireColumn[];
  readonly rows: readonly (readonly WireValue[])[];
  /** Snowflake statement type id: 0x1000 SELECT, 0x3100.. DML, 0x6000 DDL/other. */
  readonly statementTypeId: number;
}

/** A result the emulator built itself (SHOW), with plain JS values and declared types. */
export interface PlainResult {
  readonly columns: readonly { readonly name: string; readonly type: WireType; readonly scale?: number }[];
  readonly rows: readonly (readonly (string | number | Date | boolean | null)[])[];
}

/** Session context published to SQL through DuckDB variables (CURRENT_WAREHOUSE() and friends). */
export interface SessionVariables {
  readonly sf_now: Date;
  readonly sf_warehouse: string | null;
  readonly sf_role: string | null;
  readonly sf_user: string | null;
  readonly sf_account: string | null;
  readonly sf_database: string | null;
  readonly sf_schema: string | null;
  readonly sf_session: string | null;
  readonly sf_last_query_id: string | null;
}

/** The DuckDB instance shared by every session. */
export class Engine {
  private constructor(
    private readonly instance: DuckDBInstance,
    /** The connection used to seed data and for `queryRaw`. */
    readonly adminConnection: DuckDBConnection,
  ) {}

  /** `options`: DuckDB settings for the instance (`threads`...). */
  static async create(options: Readonly<Record<string, string>> = {}): Promise<Engine> {
    const instance = await DuckDBInstance.create(':memory:', { ...options });
    const admin = await instance.connect();
    // COMPRESS keeps a 1,000,000-row query history near 150 MB instead of 1.5 GB, at the same speed.
    await admin.run(`ATTACH ':memory:' AS snowflake (COMPRESS)`);
    for (const statement of SETUP_STATEMENTS) await admin.run(statement);
    return new Engine(instance, admin);
  }

  /** A new connection for one emulator session. */
  async openSession(): Promise<EngineSession> {
    return new EngineSession(await this.instance.connect());
  }

  /** Runs DuckDB SQL directly on the admin connection and returns JSON-shaped rows. */
  async queryRaw(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.adminConnection.runAndReadAll(sql);
    return reader.getRowObjectsJson();
  }

  close(): void {
    this.adminConnection.closeSync();
    this.instance.closeSync();
  }
}

function variableLiteral(value: Date | string | null): string {
  if (value === null) return 'NULL::VARCHAR';
  if (value instanceof Date) return `TIMESTAMPTZ ${sqlLiteral(value.toISOString())}`;
  return sqlLiteral(value);
}

function statementTypeId(firstKeyword: string): number {
  switch (firstKeyword) {
    case 'SELECT':
    case 'WITH':
    case 'VALUES':
    case 'FROM':
    case 'TABLE':
      return 0x1000;
    case 'INSERT':
      return 0x3100;
    case 'UPDATE':
      return 0x3200;
    case 'DELETE':
      return 0x3300;
    case 'MERGE':
      return 0x3400;
    default:
      return 0x6000;
  }
}

const DML_COLUMN: Readonly<Record<string, string>> = {
  INSERT: 'number of rows inserted',
  UPDATE: 'number of rows updated',
  DELETE: 'number of rows deleted',
};

/** How to run one statement on a session's connection. */
export interface RunOptions {
  readonly variables: SessionVariables;
  readonly binds: readonly DuckDBValue[];
  /** Result column names kept as they are; others are upper-cased. */
  readonly keepCase: { has(name: string): boolean };
  readonly firstKeyword: string;
  /** Interrupts the statement past this many milliseconds. */
  readonly timeoutMs?: number | undefined;
  /** A statement-level TIMEZONE, and the session's to restore afterwards. */
  readonly timeZone?: { readonly statement: string; readonly session: string } | undefined;
}

/** One session's DuckDB connection. Statements on it run one at a time, in arrival order. */
export class EngineSession {
  #queue: Promise<unknown> = Promise.resolve();
  /** The SET VARIABLE batch last applied, to skip re-sending an unchanged one. */
  #variablesSet = '';

  constructor(readonly connection: DuckDBConnection) {}

  /** Serialises work on this connection. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async setTimeZone(timeZone: string): Promise<void> {
    await this.exclusive(() => this.connection.run(`SET TimeZone = ${sqlLiteral(timeZone)}`));
  }

  /**
   * Runs one rewritten statement with its session variables and binds; result column names are
   * upper-cased unless they appear in `keepCase` (quoted identifiers in the original SQL).
   */
  run(sql: string, options: RunOptions): Promise<ResultSet> {
    return this.exclusive(async () => {
      const tz = options.timeZone;
      if (tz !== undefined) await this.connection.run(`SET TimeZone = ${sqlLiteral(tz.statement)}`);
      try {
        return await this.runNow(sql, options);
      } finally {
        if (tz !== undefined) await this.connection.run(`SET TimeZone = ${sqlLiteral(tz.session)}`);
      }
    });
  }

  private async runNow(sql: string, options: RunOptions): Promise<ResultSet> {
    const v = options.variables;
    const sets = (Object.keys(v) as (keyof SessionVariables)[]).map((k) => `SET VARIABLE ${k} = ${variableLiteral(v[k])};`).join('\n');
    if (sets !== this.#variablesSet) {
      await this.connection.run(sets);
      this.#variablesSet = sets;
    }
    let reader: DuckDBResultReader;
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => this.connection.interrupt(), options.timeoutMs);
    try {
      if (options.binds.length > 0) {
        const prepared = await this.connection.prepare(sql);
        prepared.bind([...options.binds]);
        reader = await prepared.runAndReadAll();
      } else {
        reader = await this.connection.runAndReadAll(sql);
      }
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
    return toResultSet(reader, options.keepCase, options.firstKeyword);
  }

  /** Column names of the last materialised SHOW result (they keep their lower case when scanned). */
  lastResultColumns: ReadonlySet<string> = new Set();

  /** Replaces this session's last-result temp table with a SHOW result, for RESULT_SCAN. */
  materialise(result: PlainResult): Promise<void> {
    this.lastResultColumns = new Set(result.columns.map((c) => c.name));
    return this.exclusive(async () => {
      const columns = result.columns.map((c) => `"${c.name.replaceAll('"', '""')}" ${duckTypeFor(c.type, c.scale)}`);
      await this.connection.run(`CREATE OR REPLACE TEMP TABLE ${LAST_RESULT_TABLE} (${columns.join(', ')})`);
      if (result.rows.length === 0) return;
      const tuples = result.rows.map((row) => `(${row.map((value, i) => plainLiteral(value, result.columns[i]?.type ?? 'text')).join(', ')})`);
      await this.connection.run(`INSERT INTO ${LAST_RESULT_TABLE} VALUES ${tuples.join(', ')}`);
    });
  }

  /** Interrupts whatever runs on this connection now (abort-request). */
  interrupt(): void {
    this.connection.interrupt();
  }

  close(): void {
    this.connection.closeSync();
  }
}

function duckTypeFor(type: WireType, scale: number | undefined): string {
  switch (type) {
    case 'fixed':
      return scale ? `DECIMAL(38,${scale})` : 'DECIMAL(38,0)';
    case 'real':
      return 'DOUBLE';
    case 'boolean':
      return 'BOOLEAN';
    case 'date':
      return 'DATE';
    case 'time':
      return 'TIME';
    case 'timestamp_ltz':
      return 'TIMESTAMPTZ';
    case 'timestamp_ntz':
      return 'TIMESTAMP';
    case 'variant':
    case 'object':
    case 'array':
      return 'JSON';
    case 'text':
      return 'VARCHAR';
  }
}

function plainLiteral(value: string | number | Date | boolean | null, type: WireType): string {
  if (value === null) return 'NULL';
  if (value instanceof Date) return `TIMESTAMPTZ ${sqlLiteral(value.toISOString())}`;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'NULL';
  return type === 'text' ? sqlLiteral(value) : `CAST(${sqlLiteral(value)} AS ${duckTypeFor(type, undefined)})`;
}

function toResultSet(reader: DuckDBResultReader, keepCase: { has(name: string): boolean }, firstKeyword: string): ResultSet {
  const names = reader.columnNames();
  const types = reader.columnTypes();
  const wire = types.map((t) => wireTypeOf(t));
  const dml = DML_COLUMN[firstKeyword];
  const columns = names.map((name, i) => {
    const w = wire[i] as ReturnType<typeof wireTypeOf>;
    const shown = dml !== undefined && name === 'Count' ? dml : keepCase.has(name) ? name : name.toUpperCase();
    return wireColumn(shown, w.type, w.precision, w.scale);
  });
  const values = reader.getRows();
  const nested = wire.some((w) => w.type === 'array' || w.type === 'object' || w.type === 'variant');
  const json = nested ? reader.getRowsJson() : undefined;
  const rows = values.map((row, r) => row.map((value, c) => encodeValue((wire[c] as ReturnType<typeof wireTypeOf>).type, value, json?.[r]?.[c])));
  return { columns, rows, statementTypeId: statementTypeId(firstKeyword) };
}

/** Encodes an emulator-built result (SHOW) for the wire. */
export function plainResultSet(result: PlainResult): ResultSet {
  const columns = result.columns.map((c) =>
    wireColumn(
      c.name,
      c.type,
      c.type === 'fixed' ? 38 : c.type.startsWith('timestamp') ? 0 : null,
      c.type === 'fixed' ? (c.scale ?? 0) : c.type.startsWith('timestamp') ? 9 : null,
    ),
  );
  const rows = result.rows.map((row) => row.map((value, i) => encodePlain(result.columns[i]?.type ?? 'text', value)));
  return { columns, rows, statementTypeId: 0x1000 };
}
