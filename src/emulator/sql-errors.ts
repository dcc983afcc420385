/**
 * Snowflake-style SQL errors: the error the emulator throws internally, and the mapping from DuckDB's
 * exception prefixes to Snowflake codes and SQL states (protocol reference §6.6). Not HTTP.
 */

export interface SqlError {
  readonly code: string;
  readonly sqlState: string;
  readonly message: string;
}

/** An error that already carries Snowflake's code and SQL state. */
export class SnowflakeSqlError extends Error implements SqlError {
  constructor(
    readonly code: string,
    readonly sqlState: string,
    message: string,
  ) {
    super(message);
    this.name = 'SnowflakeSqlError';
  }
}

export function sqlError(code: string, sqlState: string, message: string): SnowflakeSqlError {
  return new SnowflakeSqlError(code, sqlState, message);
}

const DUCKDB_PREFIXES: readonly (readonly [RegExp, string, string])[] = [
  [/^Parser Error/i, '001003', '42000'],
  [/^Catalog Error/i, '002003', '42S02'],
  [/^Binder Error/i, '000904', '42000'],
  [/^Conversion Error/i, '100038', '22018'],
  [/^Invalid Input Error/i, '100035', '22007'],
  [/^Out of Range Error/i, '100046', '22003'],
  [/division by zero/i, '100051', '22012'],
];

/** Any thrown value → a Snowflake error. `timeoutSeconds` > 0 turns an interrupt into a timeout (000630). */
export function toSnowflakeError(error: unknown, timeoutSeconds: number): SqlError {
  if (error instanceof SnowflakeSqlError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/^INTERRUPT Error/i.test(message) || /interrupted/i.test(message)) {
    return timeoutSeconds > 0
      ? { code: '000630', sqlState: '57014', message: `Statement reached its statement or warehouse timeout of ${timeoutSeconds} second(s) and was canceled.` }
      : { code: '000604', sqlState: '57014', message: 'SQL execution canceled' };
  }
  for (const [pattern, code, sqlState] of DUCKDB_PREFIXES) {
    if (pattern.test(message)) return { code, sqlState, message: `SQL compilation error:\n${message}` };
  }
  return { code: '000603', sqlState: 'XX000', message: `SQL execution internal error:\n${message}` };
}
