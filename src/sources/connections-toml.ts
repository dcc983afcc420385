/**
 * Reads the Snowflake CLI's connection definitions the way `snow` does: `$SNOWFLAKE_HOME` (default
 * `~/.snowflake`) `/connections.toml`, else the `[connections.*]` tables of `config.toml`, and picks the
 * connection to use. It returns raw key/value tables; merging with snowmon.yaml and the environment is
 * snowflake-settings.ts's job.
 */

import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { TomlError, parse } from 'smol-toml';
import { ConfigError } from '../config/errors.js';

export type TomlConnection = Readonly<Record<string, unknown>>;

export interface ChosenConnection {
  /** The connection's name. */
  readonly name: string;
  /** The file it came from. */
  readonly file: string;
  readonly values: TomlConnection;
}

export interface ConnectionsTomlOptions {
  /** Overrides the home folder used when SNOWFLAKE_HOME is unset (tests). */
  readonly home?: string;
}

/**
 * The connection snowmon should use, or undefined when none applies. `requested` (snowmon.yaml's
 * `connection:`) wins over SNOWFLAKE_DEFAULT_CONNECTION_NAME, then config.toml's `default_connection_name`,
 * then `default`. Asking for a connection by name that does not exist is an error; a missing implicit
 * `default` is not.
 */
export async function chooseTomlConnection(
  requested: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  options: ConnectionsTomlOptions = {},
): Promise<ChosenConnection | undefined> {
  const folder = env.SNOWFLAKE_HOME || join(options.home ?? homedir(), '.snowflake');
  const connectionsFile = join(folder, 'connections.toml');
  const configFile = join(folder, 'config.toml');
  const connectionsToml = await readToml(connectionsFile);
  const configToml = await readToml(configFile);

  let file: string | undefined;
  let tables: Record<string, unknown> = {};
  if (connectionsToml) {
    file = connectionsFile;
    tables = connectionsToml;
  } else if (configToml && isTable(configToml.connections)) {
    file = configFile;
    tables = configToml.connections;
  }
  const configDefault = typeof configToml?.default_connection_name === 'string' ? configToml.default_connection_name : undefined;
  const explicit = requested ?? (env.SNOWFLAKE_DEFAULT_CONNECTION_NAME || undefined);
  const name = explicit ?? configDefault ?? 'default';
  const values = tables[name];
  if (isTable(values)) return { name, file: file as string, values };
  if (explicit === undefined && configDefault === undefined) return undefined;
  const where = file ?? connectionsFile;
  const known = Object.keys(tables).filter((k) => isTable(tables[k]));
  const via = requested !== undefined ? 'snowflake.connection' : explicit !== undefined ? 'SNOWFLAKE_DEFAULT_CONNECTION_NAME' : `default_connection_name in ${configFile}`;
  throw new ConfigError([
    {
      code: 'SM111',
      message: `connection "${name}" (from ${via}) is not defined in ${where}${known.length > 0 ? ` (defined: ${known.join(', ')})` : ''}`,
    },
  ]);
}

async function readToml(file: string): Promise<Record<string, unknown> | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError([{ code: 'SM111', file, message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? 'error'}` }]);
  }
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    // Only the parser's first line: its snippet could show a password from the file.
    const line = error instanceof TomlError ? error.line : undefined;
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '').replace(/^invalid toml document:\s*/i, '') : 'invalid toml';
    throw new ConfigError([
      { code: 'SM111', file, ...(line !== undefined ? { line } : {}), message: `invalid toml: ${reason.toLowerCase()}` },
    ]);
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
