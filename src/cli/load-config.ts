/**
 * Loads snowmon.yaml into a deeply frozen `Config`, or throws one `ConfigError` listing every problem
 * found. It does not merge in the environment or connections.toml; src/sources/snowflake-settings.ts does.
 * `loadConfigOffline` is for commands that connect to neither Snowflake nor the store (route-test,
 * check-config): a secret of those connections whose variable is unset or whose file cannot be read is
 * set aside instead of failing the load.
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
export function loadConfigOffline(path: string, env: Env, listAllOnFailure = false): Promise<LoadedConfig<Config>> {
  return loadConfigFileSettingAside(path, env, validateConfig, isConnectionSecretIssue, listAllOnFailure);
}
