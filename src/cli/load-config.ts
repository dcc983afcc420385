/**
 * Loads snowmon.yaml into a deeply frozen `Config`, or throws one `ConfigError` listing every problem
 * found. It does not merge in the environment or connections.toml; src/sources/snowflake-settings.ts does.
 * `loadConfigOffline` is for commands that connect to neither Snowflake nor the store (route-test,
 * check-config): a secret of those connections whose variable is unset or whose file cannot be read is
 * set aside instead of failing the load. `loadConfigForStore` is for the commands that only open the store
 * (`alerts`, `silence`, `ack`): every unset variable or unreadable file but the store's URL and what names
 * the accounts is set aside.
 */

import type { ConfigIssue } from '../config/errors.js';
import { loadConfigFile, loadConfigFileSettingAside, type LoadedConfig } from '../config/load-config.js';
import { validateConfig } from './snowmon-config.js';
import type { Config } from './snowmon-config.js';

type Env = Readonly<Record<string, string | undefined>>;

export function loadConfig(path: string, env: Env): Promise<Config> {
  return loadConfigFile(path, env, validateConfig);
}

/**
 * The secrets only a connection uses: Snowflake passwords and key passphrases (`snowflake:`, each entry of
 * `accounts:`, `organization:`), the store's URL and the heartbeat URL, written inline or as `*_file`.
 */
const CONNECTION_SECRET = /^(?:(?:snowflake|accounts\[\d+\]|organization)\.(?:password|private_key_passphrase)|store\.url|daemon\.heartbeat_url)(?:_file)?$/;

/** An unset variable (SM105) or unreadable file (SM107) behind a connection's secret. */
export function isConnectionSecretIssue(issue: ConfigIssue): boolean {
  return (issue.code === 'SM105' || issue.code === 'SM107') && CONNECTION_SECRET.test(issue.path ?? '');
}

/**
 * loadConfig with the connections' unavailable secrets set aside (those keys read as absent); when the load
 * fails anyway, its error names them too only if `listAllOnFailure`.
 */
/**
 * What the store commands never use: the Snowflake connections (but the keys naming the accounts, which
 * `alerts --account` reads) and the daemon's settings (HTTP port, dashboard token, heartbeat).
 */
const NOT_FOR_THE_STORE = /^(?:snowflake\.(?!account$)|organization\.|daemon\.|accounts\[\d+\]\.(?!name$|account$|labels\.))/;

/** An unset variable (SM105) or unreadable file (SM107) behind a key the store commands never use. */
export function isNotForTheStore(issue: ConfigIssue): boolean {
  return (issue.code === 'SM105' || issue.code === 'SM107') && NOT_FOR_THE_STORE.test(issue.path ?? '');
}

export async function loadConfigForStore(path: string, env: Env): Promise<Config> {
  return (await loadConfigFileSettingAside(path, env, validateConfig, isNotForTheStore)).config;
}

export function loadConfigOffline(path: string, env: Env, listAllOnFailure = false): Promise<LoadedConfig<Config>> {
  return loadConfigFileSettingAside(path, env, validateConfig, isConnectionSecretIssue, listAllOnFailure);
}
