/**
 * The settings a Snowflake session needs, and where they come from. Precedence, per key: snowmon.yaml's
 * `snowflake:` section, then the `SNOWFLAKE_*` environment variables, then the Snowflake CLI's connection
 * (connections.toml or config.toml, see connections-toml.ts); `access_url` replaces host, port and
 * protocol. The file is the reviewed deployment artifact (and can itself pull from the environment with
 * `${VAR}`); the environment is per-run; the CLI's connection is a personal default. Resolving reads no
 * key material; connect-snowflake.ts and private-key.ts do.
 */

import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError } from '../config/errors.js';
import type { ConfigIssue } from '../config/errors.js';
import type { Authenticator, SnowflakeSection } from './snowflake-config.js';
import type { AccountConfig } from './account-config.js';
import { Secret } from '../config/secret.js';
import { chooseTomlConnection } from './connections-toml.js';
import { defaultAccessUrl } from './default-access-url.js';
import { ENDPOINT_RULES, endpointUrl, isHostName, parsePort, parseProtocol } from './snowflake-endpoint.js';
import type { ChosenConnection, ConnectionsTomlOptions, TomlConnection } from './connections-toml.js';

export interface SnowflakeSettings {
  /** Account identifier, e.g. `xy12345.eu-west-1` or `myorg-myaccount`. */
  readonly account: string;
  /** Overrides `https://<account>.snowflakecomputing.com` (the emulator: `http://127.0.0.1:PORT`). */
  readonly accessUrl?: string;
  readonly user: string;
  readonly authenticator: Authenticator;
  readonly password?: Secret;
  /** Absolute path of a PKCS#8 PEM private key, for SNOWFLAKE_JWT. */
  readonly privateKeyFile?: string;
  readonly privateKeyPassphrase?: Secret;
  readonly role?: string;
  readonly warehouse?: string;
  readonly database?: string;
  readonly schema?: string;
  /** Deadline of one statement unless the caller gives its own; default 300 000 (see DEFAULT_STATEMENT_TIMEOUT_MS). */
  readonly statementTimeoutMs: number;
  /** Deadline of the whole login, driver retries included; default 15 000. */
  readonly loginTimeoutMs: number;
  /** The Snowflake CLI connection that filled keys, if one did (for check-config). */
  readonly cliConnection?: { readonly name: string; readonly file: string };
}

/**
 * 5 minutes: room for a 7-day ACCOUNT_USAGE.QUERY_HISTORY scan of a large account on an X-Small (tens of
 * millions of rows; a cancelled statement is billed for the time it ran and returns nothing), while a
 * runaway statement costs at most 5 min = 0.083 credits on X-Small. The warehouse loop's deadline (`daemon.warehouse_run_timeout`, default 1 h) leaves room for several such statements.
 */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 300_000;
export const DEFAULT_LOGIN_TIMEOUT_MS = 15_000;

export interface ResolveOptions extends ConnectionsTomlOptions {
  /** The config file as the user named it (`--config`), for messages; default `snowmon.yaml`. */
  readonly configFile?: string;
  /**
   * An entry of `accounts:` (set by resolveAccountSettings): its account comes from its own `account` key or
   * the connection it names, never from SNOWFLAKE_ACCOUNT or the default connection, which would point every
   * entry at the same account.
   */
  readonly fleetEntry?: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

export async function resolveSnowflakeSettings(section: SnowflakeSection, env: Env, options: ResolveOptions = {}): Promise<SnowflakeSettings> {
  const chosen = await chooseTomlConnection(section.connection, env, options);
  const lookup = settingLookup(chosen, env);
  const { pick, fromCli } = lookup;
  const home = options.home ?? homedir();
  const issues: ConfigIssue[] = [];

  const account = options.fleetEntry
    ? (section.account ?? (section.connection !== undefined ? lookup.fromCli([], ['account']) : undefined))
    : pick(section.account, ['SNOWFLAKE_ACCOUNT'], ['account']);
  const user = pick(section.user, ['SNOWFLAKE_USER'], ['user', 'username']);
  const password = section.password ?? secretOf(fromCli(['SNOWFLAKE_PASSWORD'], ['password']));
  const keyFile =
    section.privateKeyFile ?? expandPath(fromCli(['SNOWFLAKE_PRIVATE_KEY_FILE', 'SNOWFLAKE_PRIVATE_KEY_PATH'], ['private_key_file', 'private_key_path']), home);
  const privateKeyPassphrase =
    section.privateKeyPassphrase ??
    secretOf(fromCli(['SNOWFLAKE_PRIVATE_KEY_FILE_PWD', 'PRIVATE_KEY_PASSPHRASE'], ['private_key_file_pwd', 'private_key_passphrase']));
  const authenticator = chooseAuthenticator(pick(section.authenticator, ['SNOWFLAKE_AUTHENTICATOR'], ['authenticator']), keyFile, issues);
  const warehouse = pick(section.warehouse, ['SNOWFLAKE_WAREHOUSE'], ['warehouse']);
  issues.push(...missingSettings({ account, user, warehouse, authenticator, keyFile, password }, options.configFile ?? 'snowmon.yaml', options.fleetEntry));
  const endpoint = resolveEndpoint(section, lookup, issues, options.fleetEntry === true);
  if (issues.length > 0) throw new ConfigError(issues);
  const accessUrl = section.accessUrl ?? endpointUrl(account as string, endpoint);

  const optional = (name: string, value: unknown) => (value === undefined ? {} : { [name]: value });
  return Object.freeze({
    account: account as string,
    ...optional('accessUrl', accessUrl),
    user: user as string,
    authenticator,
    ...optional('password', authenticator === 'SNOWFLAKE' ? password : undefined),
    ...optional('privateKeyFile', authenticator === 'SNOWFLAKE_JWT' ? keyFile : undefined),
    ...optional('privateKeyPassphrase', authenticator === 'SNOWFLAKE_JWT' ? privateKeyPassphrase : undefined),
    ...optional('role', pick(section.role, ['SNOWFLAKE_ROLE'], ['role'])),
    warehouse,
    ...optional('database', pick(section.database, ['SNOWFLAKE_DATABASE'], ['database'])),
    ...optional('schema', pick(section.schema, ['SNOWFLAKE_SCHEMA'], ['schema'])),
    statementTimeoutMs: section.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    loginTimeoutMs: section.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS,
    ...optional('cliConnection', chosen ? Object.freeze({ name: chosen.name, file: chosen.file }) : undefined),
  });
}

/** How one key is read outside snowmon.yaml: the CLI connection's override variables, then SNOWFLAKE_*, then the connection's own key. */
interface SettingLookup {
  readonly chosen: ChosenConnection | undefined;
  /** The first non-empty value among `keys` of `table` (a number reads as its digits). */
  readonly text: (table: Readonly<Record<string, unknown>>, keys: readonly string[]) => string | undefined;
  readonly fromEnv: (...names: string[]) => string | undefined;
  readonly fromToml: (...keys: string[]) => string | undefined;
  /** The CLI's per-connection variables rank above the generic SNOWFLAKE_* ones, as they do in `snow`. */
  readonly fromCli: (envNames: string[], keys: string[]) => string | undefined;
  /** snowmon.yaml's own value, else fromCli. */
  readonly pick: (own: string | undefined, envNames: string[], tomlKeys: string[]) => string | undefined;
}

function settingLookup(chosen: ChosenConnection | undefined, env: Env): SettingLookup {
  const toml: TomlConnection = chosen?.values ?? {};
  const overrides = chosen?.overrides ?? {};
  const text = (table: Readonly<Record<string, unknown>>, keys: readonly string[]): string | undefined => {
    for (const key of keys) {
      const value = table[key];
      if (typeof value === 'string' && value !== '') return value;
      if (typeof value === 'number') return String(value);
    }
    return undefined;
  };
  const fromEnv = (...names: string[]): string | undefined => text(env, names);
  const fromToml = (...keys: string[]): string | undefined => text(toml, keys);
  const fromCli = (envNames: string[], keys: string[]) => text(overrides, keys) ?? fromEnv(...envNames) ?? fromToml(...keys);
  const pick = (own: string | undefined, envNames: string[], tomlKeys: string[]) => own ?? fromCli(envNames, tomlKeys);
  return { chosen, text, fromEnv, fromToml, fromCli, pick };
}

function secretOf(text: string | undefined): Secret | undefined {
  return text !== undefined ? new Secret(text) : undefined;
}

/** The authenticator asked for, else key-pair when a key file is set, else password; an unsupported one is an issue. */
function chooseAuthenticator(asked: string | undefined, keyFile: string | undefined, issues: ConfigIssue[]): Authenticator {
  const implied = keyFile ? 'SNOWFLAKE_JWT' : 'SNOWFLAKE';
  if (asked === undefined) return implied;
  const upper = asked.toUpperCase();
  if (upper === 'SNOWFLAKE' || upper === 'SNOWFLAKE_JWT') return upper;
  issues.push({
    code: 'SM108',
    path: 'snowflake.authenticator',
    message: `unsupported authenticator "${asked}" (snowmon supports SNOWFLAKE and SNOWFLAKE_JWT)`,
  });
  return implied;
}

interface SessionBasics {
  readonly account: string | undefined;
  readonly user: string | undefined;
  readonly warehouse: string | undefined;
  readonly authenticator: Authenticator;
  readonly keyFile: string | undefined;
  readonly password: Secret | undefined;
}

/** SM110 for each setting a session cannot start without, saying where it may be set (`configFile`: the file's name). */
function missingSettings({ account, user, warehouse, authenticator, keyFile, password }: SessionBasics, configFile: string, fleetEntry = false): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const where = (key: string, envName: string) => `set snowflake.${key} in ${configFile}, ${envName}, or ${key} in a Snowflake CLI connection`;
  const entryWhere = `set snowflake.account in ${configFile}, or snowflake.connection naming a Snowflake CLI connection with an account (an entry of accounts:, or organization:, never reads SNOWFLAKE_ACCOUNT)`;
  if (!account)
    issues.push({ code: 'SM110', path: 'snowflake.account', message: `no account: ${fleetEntry ? entryWhere : where('account', 'SNOWFLAKE_ACCOUNT')}` });
  if (!user) issues.push({ code: 'SM110', path: 'snowflake.user', message: `no user: ${where('user', 'SNOWFLAKE_USER')}` });
  if (!warehouse) {
    issues.push({ code: 'SM110', path: 'snowflake.warehouse', message: `no warehouse: ${where('warehouse', 'SNOWFLAKE_WAREHOUSE')}` });
  }
  if (authenticator === 'SNOWFLAKE_JWT' && !keyFile) {
    issues.push({
      code: 'SM110',
      path: 'snowflake.private_key_file',
      message: 'authenticator SNOWFLAKE_JWT needs a private key: set snowflake.private_key_file or SNOWFLAKE_PRIVATE_KEY_FILE',
    });
  }
  if (authenticator === 'SNOWFLAKE' && !password) {
    issues.push({
      code: 'SM110',
      path: 'snowflake.password',
      message: `no password for user ${user ?? '(unknown)'}: set SNOWFLAKE_PASSWORD or snowflake.password_file, or use key-pair auth with snowflake.private_key_file`,
    });
  }
  return issues;
}

/**
 * host, port and protocol, picked key by key like the rest (access_url replaces all three); an invalid value
 * is an SM108 naming its source. An entry of `accounts:` (`fleetEntry`) takes them only from its keys (the
 * `snowflake:` defaults included) and the connection it names: SNOWFLAKE_HOST / _PORT / _PROTOCOL or the
 * default connection would point every entry at the same host.
 */
function resolveEndpoint(section: SnowflakeSection, lookup: SettingLookup, issues: ConfigIssue[], fleetEntry: boolean) {
  const { chosen, text, fromEnv, fromToml } = lookup;
  const named = !fleetEntry || section.connection !== undefined;
  const endpointKey = <T>(key: 'host' | 'port' | 'protocol', own: T | undefined, check: (text: string) => T | undefined): T | undefined => {
    if (own !== undefined) return own;
    const envName = `SNOWFLAKE_${key.toUpperCase()}`;
    const sources: [string | undefined, () => string][] = [
      [named ? text(chosen?.overrides ?? {}, [key]) : undefined, () => chosen?.overrideName(key) ?? ''],
      [fleetEntry ? undefined : fromEnv(envName), () => envName],
      [named ? fromToml(key) : undefined, () => `${key} in connection "${chosen?.name}" of ${chosen?.file}`],
    ];
    const found = sources.find(([value]) => value !== undefined);
    if (!found) return undefined;
    const [raw, from] = found as [string, () => string];
    const value = check(raw);
    if (value === undefined)
      issues.push({ code: 'SM108', path: `snowflake.${key}`, message: `invalid ${key} ${JSON.stringify(raw)} from ${from()} (${ENDPOINT_RULES[key]})` });
    return value;
  };
  return {
    host: endpointKey('host', section.host, (raw) => (isHostName(raw) ? raw : undefined)),
    port: endpointKey('port', section.port, parsePort),
    protocol: endpointKey('protocol', section.protocol, parseProtocol),
  };
}

/**
 * One account's settings: its `snowflake:` keys, then the environment, then its CLI connection. A problem
 * names the account's entry (`accounts[1].warehouse`) instead of `snowflake.warehouse`. An `accounts:` entry
 * and the `organization:` account (keyPath `organization`) resolve by the fleet rule (`fleetEntry`): their
 * account and where they log in never come from SNOWFLAKE_ACCOUNT / _HOST / _PORT / _PROTOCOL or the default
 * connection, which name the watched account.
 */
export async function resolveAccountSettings(account: AccountConfig, env: Env, options: ResolveOptions = {}): Promise<SnowflakeSettings> {
  try {
    return await resolveSnowflakeSettings(account.snowflake, env, { ...options, fleetEntry: account.keyPath !== 'snowflake' });
  } catch (error) {
    if (!(error instanceof ConfigError) || account.keyPath === 'snowflake') throw error;
    const at = (text: string) => text.replace(/\bsnowflake\.(?=[a-z_]+)/g, `${account.keyPath}.`);
    throw new ConfigError(
      error.issues.map((issue) => ({
        ...(issue.file === undefined ? account.written : {}),
        ...issue,
        message: at(issue.message),
        ...(issue.path ? { path: at(issue.path) } : {}),
      })),
    );
  }
}

/**
 * The SNOWFLAKE_HOST / _PORT / _PROTOCOL variables set in `env` that an entry of `accounts:` would have read
 * before fleet mode and now ignores (it has no such key of its own, nor `access_url`), for a note: check-config
 * prints it and `run` logs it, so a deployment that pointed its accounts at a host through the environment
 * learns why they log in elsewhere. Empty in the single `snowflake:` form, which reads them.
 */
export function ignoredEndpointVariables(accounts: readonly AccountConfig[], env: Env): string[] {
  const entries = accounts.filter((a) => a.keyPath !== 'snowflake' && a.snowflake.accessUrl === undefined);
  return (['host', 'port', 'protocol'] as const)
    .filter((key) => (env[`SNOWFLAKE_${key.toUpperCase()}`] ?? '') !== '' && entries.some((a) => a.snowflake[key] === undefined))
    .map((key) => `SNOWFLAKE_${key.toUpperCase()}`);
}

/**
 * The note for ignoredEndpointVariables' answer (`names` not empty), e.g. `SNOWFLAKE_HOST is set, but ...`;
 * for the `organization:` account, which takes only the login keys from `snowflake:`, not where to log in.
 */
export function ignoredEndpointNote(names: readonly string[], organization = false): string {
  const keys = names.map((n) => n.replace('SNOWFLAKE_', '').toLowerCase()).join(', ');
  const set = `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} set, but`;
  return organization
    ? `${set} organization: does not read the environment for ${names.length === 1 ? 'it' : 'these'}: set ${keys} (or access_url) in organization:`
    : `${set} entries of accounts: do not read the environment for these: set ${keys} under snowflake: (every entry) or in an entry`;
}

/**
 * SM132 for each entry that logs in to the same account at the same host as an earlier one: two entries
 * watching one account double every alert and every query's cost.
 */
function sameAccountIssues(resolvedAccounts: readonly (readonly [AccountConfig, SnowflakeSettings])[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, string>();
  for (const [account, resolved] of resolvedAccounts) {
    const host = new URL(resolved.accessUrl ?? defaultAccessUrl(resolved.account)).host;
    const key = `${resolved.account.toLowerCase()} ${host}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, account.keyPath);
      continue;
    }
    issues.push({
      ...account.written,
      code: 'SM132',
      path: `${account.keyPath}.account`,
      message: `${account.keyPath} and ${first} both log in to account ${JSON.stringify(resolved.account)} at ${host}: give each entry its own account (or connection)`,
    });
  }
  return issues;
}

/** Throws a ConfigError of sameAccountIssues when there are any. */
export function refuseSameAccounts(resolvedAccounts: readonly (readonly [AccountConfig, SnowflakeSettings])[]): void {
  const issues = sameAccountIssues(resolvedAccounts);
  if (issues.length > 0) throw new ConfigError(issues);
}

function expandPath(path: string | undefined, home: string): string | undefined {
  if (!path) return undefined;
  if (path === '~' || path.startsWith('~/')) return join(home, path.slice(1));
  return isAbsolute(path) ? path : resolve(path);
}
