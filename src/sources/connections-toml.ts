/**
 * Reads the Snowflake CLI's connection definitions the way `snow` does: from the folder
 * snowflake-cli-folder.ts picks, `connections.toml` when it exists (it replaces config.toml's
 * `[connections]` whole), else config.toml's `[connections.NAME]` tables; then picks the connection and
 * collects its `SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>` environment overrides. It returns raw key/value tables;
 * merging with snowmon.yaml and the environment is snowflake-settings.ts's job.
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TomlError, parse } from 'smol-toml';
import { ConfigError } from '../config/errors.js';
import { snowflakeCliFolder } from './snowflake-cli-folder.js';
import type { CliFolderOptions } from './snowflake-cli-folder.js';

export type TomlConnection = Readonly<Record<string, unknown>>;

export interface ChosenConnection {
  /** The connection's name. */
  readonly name: string;
  /** The file it came from. */
  readonly file: string;
  /** The connection's keys as written in the file. */
  readonly values: TomlConnection;
  /** `SNOWFLAKE_CONNECTIONS_<NAME>_<KEY>` variables, by lowercase key: the CLI's per-connection overrides. */
  readonly overrides: Readonly<Record<string, string>>;
  /** The variable an override key came from, for messages. */
  readonly overrideName: (key: string) => string;
}

export interface ConnectionsTomlOptions extends CliFolderOptions {}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The connection snowmon should use, or undefined when none applies. `requested` (snowmon.yaml's
 * `connection:`) wins over SNOWFLAKE_DEFAULT_CONNECTION_NAME, then config.toml's top-level
 * `default_connection_name` (the CLI reads it from config.toml only), then `default`. Asking for a
 * connection by name that does not exist is an error; a missing implicit `default` is not.
 */
export async function chooseTomlConnection(
  requested: string | undefined,
  env: Env,
  options: ConnectionsTomlOptions = {},
): Promise<ChosenConnection | undefined> {
  const folder = await snowflakeCliFolder(env, options);
  const connectionsFile = join(folder, 'connections.toml');
  const configFile = join(folder, 'config.toml');
  const connectionsToml = await readToml(connectionsFile);
  const configToml = await readToml(configFile);

  const file = connectionsToml ? connectionsFile : configFile;
  const tables: Record<string, unknown> = connectionsToml ?? (isTable(configToml?.connections) ? configToml.connections : {});
  const configDefault = typeof configToml?.default_connection_name === 'string' ? configToml.default_connection_name : undefined;
  const explicit = requested ?? (env.SNOWFLAKE_DEFAULT_CONNECTION_NAME || undefined);
  const name = explicit ?? configDefault ?? 'default';
  const values = tables[name];
  const prefix = `SNOWFLAKE_CONNECTIONS_${name.toUpperCase()}_`;
  if (isTable(values)) return { name, file, values, overrides: envOverrides(prefix, env), overrideName: (key) => `${prefix}${key.toUpperCase()}` };
  if (explicit === undefined && configDefault === undefined) return undefined;
  const where = connectionsToml || configToml ? file : `${folder} (it has no connections.toml or config.toml)`;
  const known = Object.keys(tables).filter((k) => isTable(tables[k]));
  const via =
    requested !== undefined
      ? 'snowflake.connection'
      : explicit !== undefined
        ? 'SNOWFLAKE_DEFAULT_CONNECTION_NAME'
        : `default_connection_name in ${configFile}`;
  throw new ConfigError([
    {
      code: 'SM111',
      message: `connection "${name}" (from ${via}) is not defined in ${where}${known.length > 0 ? ` (defined: ${known.join(', ')})` : ''}`,
    },
  ]);
}

/** `SNOWFLAKE_CONNECTIONS_DEV_PASSWORD=...` sets `password` of connection `dev`, as snowflake-cli's config.py does. */
function envOverrides(prefix: string, env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith(prefix) && key.length > prefix.length && value !== undefined) out[key.slice(prefix.length).toLowerCase()] = value;
  }
  return out;
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
    return parse(text);
  } catch (error) {
    // Only the parser's first line: its snippet could show a password from the file.
    const line = error instanceof TomlError ? error.line : undefined;
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '').replace(/^invalid toml document:\s*/i, '') : 'invalid toml';
    throw new ConfigError([{ code: 'SM111', file, ...(line !== undefined ? { line } : {}), message: `invalid toml: ${reason.toLowerCase()}` }]);
  }
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
