/**
 * Our own interface over the subset of snowflake-sdk snowmon uses: run a statement, close. Everything
 * else (checks, daemon, audit) depends on this, never on the driver, so tests can swap it.
 */

/** One result row: lower-case column names; timestamps as ISO-8601 strings; numbers as numbers. */
export type Row = Readonly<Record<string, unknown>>;

export interface QueryOptions {
  /** Bind parameters for `?` / `:1` placeholders. Config values that reach SQL always go here. */
  readonly binds?: readonly (string | number | boolean | null)[];
  /** The check this statement belongs to; sent as QUERY_TAG `{"app":"snowmon","check":"<name>"}`. */
  readonly check?: string;
  /** Statement deadline in milliseconds; past it the statement is cancelled and the promise rejects. */
  readonly timeoutMs?: number;
}

export interface QueryResult {
  /** Column names as Snowflake returns them, lower-cased. */
  readonly columns: readonly string[];
  /** Rows keyed by lower-cased column name; timestamps as ISO strings. */
  readonly rows: readonly Row[];
  readonly queryId: string;
}

export interface SnowflakeClient {
  /** Runs one statement. Rejects with a `SnowflakeError` (code, sqlState) on failure. */
  query(sql: string, options?: QueryOptions): Promise<QueryResult>;
  /** Closes the session; safe to call twice. */
  close(): Promise<void>;
}

/** A failure talking to Snowflake, with Snowflake's code and SQL state when there is one. */
export class SnowflakeError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly sqlState?: string,
    /** `login`, `network`, `sql`, `timeout`: what went wrong, for people and for monitor_health. */
    readonly kind: 'login' | 'network' | 'sql' | 'timeout' | 'config' = 'sql',
  ) {
    super(message);
    this.name = 'SnowflakeError';
  }
}
