/**
 * The `snowflake:` section of snowmon.yaml: its type, keys and validation through the shared `Validator`.
 * Every key is optional here; the environment and connections.toml fill the rest (snowflake-settings.ts).
 */

import { quote } from '../config/errors.js';
import type { Secret } from '../config/secret.js';
import type { Mapping, Validator } from '../config/validate-config.js';
import { ENDPOINT_RULES, isHostName, parsePort, parseProtocol } from './snowflake-endpoint.js';
import type { Protocol } from './snowflake-endpoint.js';

export type Authenticator = 'SNOWFLAKE' | 'SNOWFLAKE_JWT';

/** The `snowflake:` section as written (after `${ENV}` and `*_file` resolution). */
export interface SnowflakeSection {
  /** A connection name in the Snowflake CLI's connections.toml. */
  readonly connection?: string;
  readonly account?: string;
  /** Overrides `https://<account>.snowflakecomputing.com`, e.g. the emulator's `http://127.0.0.1:PORT`; wins over host, port and protocol. */
  readonly accessUrl?: string;
  /** Host name to log in to instead of the account's (`host` of the Snowflake CLI). */
  readonly host?: string;
  /** 1-65535; default 443 (or the protocol's). */
  readonly port?: number;
  readonly protocol?: Protocol;
  readonly user?: string;
  readonly authenticator?: Authenticator;
  /** From `password: ${ENV}` or `password_file`. */
  readonly password?: Secret;
  /** Absolute path of a PKCS#8 PEM private key. */
  readonly privateKeyFile?: string;
  /** From `private_key_passphrase: ${ENV}` or `private_key_passphrase_file`. */
  readonly privateKeyPassphrase?: Secret;
  readonly role?: string;
  readonly warehouse?: string;
  readonly database?: string;
  readonly schema?: string;
  readonly statementTimeoutMs?: number;
  readonly loginTimeoutMs?: number;
}

/**
 * Keys accepted in `snowflake:`. `password` and `private_key_passphrase` are secrets: never printed, never
 * accepted as literal text; their `*_file` variants read them from a file.
 */
export const SNOWFLAKE_KEYS = [
  'connection',
  'account',
  'access_url',
  'host',
  'port',
  'protocol',
  'user',
  'authenticator',
  'password',
  'password_file',
  'private_key_file',
  'private_key_passphrase',
  'private_key_passphrase_file',
  'role',
  'warehouse',
  'database',
  'schema',
  'statement_timeout',
  'login_timeout',
] as const;

/** Validates `snowflake:`; every key optional. */
export function snowflakeSection(v: Validator, value: unknown): SnowflakeSection {
  const path = ['snowflake'];
  const map = v.section(value, path);
  if (!map) return {};
  v.knownKeys(map, path, SNOWFLAKE_KEYS);
  return snowflakeKeys(v, map, path);
}

/** The `snowflake:` keys of `map` at `path` (the section itself, or an `accounts:` entry); unknown keys are the caller's to report. */
export function snowflakeKeys(v: Validator, map: Mapping, path: readonly string[]): SnowflakeSection {
  const at = (key: string) => [...path, key];
  const out: Record<string, unknown> = {};
  const put = (name: keyof SnowflakeSection, value: unknown) => {
    if (value !== undefined) out[name] = value;
  };
  put('connection', v.string(map, at('connection')));
  put('account', v.string(map, at('account')));
  put('accessUrl', v.url(map, at('access_url')));
  put(
    'host',
    endpointKey(v, map, at('host'), (value) => (typeof value === 'string' && isHostName(value) ? value : undefined)),
  );
  put('port', endpointKey(v, map, at('port'), parsePort));
  put('protocol', endpointKey(v, map, at('protocol'), parseProtocol));
  put('user', v.string(map, at('user')));
  put('authenticator', authenticator(v, map, at('authenticator')));
  put('password', v.secret(map, at('password')));
  const keyFile = v.string(map, at('private_key_file'));
  put('privateKeyFile', keyFile === undefined ? undefined : v.absolute(keyFile));
  put('privateKeyPassphrase', v.secret(map, at('private_key_passphrase')));
  for (const key of ['role', 'warehouse', 'database', 'schema'] as const) put(key, v.string(map, at(key)));
  put('statementTimeoutMs', v.duration(map, at('statement_timeout')));
  put('loginTimeoutMs', v.duration(map, at('login_timeout')));
  return out;
}

/** `snowflake.host`, `port` or `protocol` (the last key of `path`), checked by snowflake-endpoint.ts's rule. */
function endpointKey<T>(v: Validator, map: Mapping, path: readonly string[], check: (value: string | number) => T | undefined): T | undefined {
  const key = path[path.length - 1] as keyof typeof ENDPOINT_RULES;
  const value = key === 'port' ? v.number(map, path) : v.string(map, path);
  if (value === undefined) return undefined;
  const checked = check(value);
  if (checked === undefined) v.report('SM108', path, `invalid ${key} ${quote(value)} (${ENDPOINT_RULES[key]})`);
  return checked;
}

function authenticator(v: Validator, map: Mapping, path: readonly string[]): Authenticator | undefined {
  const text = v.string(map, path);
  if (text === undefined) return undefined;
  const upper = text.toUpperCase();
  if (upper === 'SNOWFLAKE' || upper === 'SNOWFLAKE_JWT') return upper;
  v.report('SM108', path, `unsupported authenticator ${quote(text)} (use SNOWFLAKE or SNOWFLAKE_JWT)`);
  return undefined;
}
