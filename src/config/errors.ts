/**
 * The catalog of operator errors for configuration, Snowflake settings and the install, and the
 * `ConfigError` that carries one or more of them. Messages are lowercase one-liners naming file, line
 * and key path; secret values are never part of a message. Programmer errors are plain `Error`s, not these.
 */

import { printable, quoteText } from './printable.js';

/** Every config error code snowmon emits, with what it means. Codes are stable; never reuse one. */
export const CONFIG_ERROR_CODES = {
  SM100: 'config file cannot be read',
  SM101: 'yaml syntax error',
  SM102: 'unknown key',
  SM103: 'wrong type',
  SM104: 'invalid duration',
  SM105: 'missing environment variable',
  SM106: 'secret written in config text',
  SM107: 'secret or key file cannot be read',
  SM108: 'invalid value',
  SM109: 'conflicting keys',
  SM110: 'missing required setting',
  SM111: 'connections.toml problem',
  SM112: 'private key cannot be used',
  SM113: 'yaml beyond limits (nesting depth, alias expansion, an alias inside its own anchor)',
  SM120: 'undefined receiver',
  SM121: 'invalid matcher',
  SM122: 'invalid regex',
  SM123: 'undefined time interval',
  SM124: 'overlapping times',
  SM125: 'invalid time of day',
  SM126: 'no catch-all route',
  SM127: 'immediate response without a pager receiver',
  SM128: 'duplicate name',
  SM129: 'invalid time zone',
  SM130: 'regex feature Alertmanager (Go RE2) does not have: lookahead, lookbehind or backreference',
  SM131: 'dashboard credential not usable (an htpasswd line without a bcrypt hash, a short token)',
  SM132: 'two entries of accounts: resolve to the same Snowflake account (identifier and host)',
  SM140: 'optional dependency not installed (DuckDB, for the built-in emulator: demo, emulator, audit --emulator)',
} as const;

export type ConfigErrorCode = keyof typeof CONFIG_ERROR_CODES;

/** One problem found in the configuration. */
export interface ConfigIssue {
  readonly code: ConfigErrorCode;
  /** Lowercase, secret-free description, e.g. `invalid duration "12 parsecs"`. */
  readonly message: string;
  /** The file the problem is in, as the user named it. */
  readonly file?: string;
  /** 1-based line in `file`. */
  readonly line?: number;
  /** Dotted key path, e.g. `snowflake.statement_timeout`. */
  readonly path?: string;
}

/**
 * `snowmon.yaml:7: snowflake.statement_timeout: invalid duration "12 parsecs" (SM104)`: always one line of
 * bounded length, whatever a key, file name or message carries (see printable.ts).
 */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.file ? `${printable(issue.file, 300)}${issue.line !== undefined ? `:${issue.line}` : ''}: ` : '';
  const path = issue.path ? `${printable(issue.path, 160)}: ` : '';
  return `${where}${path}${printable(issue.message, 400)} (${issue.code})`;
}

/** One or more operator errors in the configuration; `message` lists them one per line. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    if (issues.length === 0) throw new Error('ConfigError needs at least one issue');
    super(issues.map(formatIssue).join('\n'));
    this.name = 'ConfigError';
    this.issues = Object.freeze(issues.map((i) => Object.freeze({ ...i })));
  }
}

/**
 * Quotes a value for a message the way the catalog does: strings in double quotes, escaped and cut to
 * 80 characters with their length (`"xxxx…" (200074 chars)`), collections by kind, others as text.
 */
export function quote(value: unknown): string {
  if (typeof value === 'string') return quoteText(value);
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return printable(String(value));
}
