/**
 * Loads snowmon.yaml into a deeply frozen `Config`, or throws one `ConfigError` listing every problem
 * found. It does not merge in the environment or connections.toml; src/sources/snowflake-settings.ts does.
 */

import { loadConfigFile } from '../config/load-config.js';
import { validateConfig } from './snowmon-config.js';
import type { Config } from './snowmon-config.js';

export function loadConfig(path: string, env: Readonly<Record<string, string | undefined>>): Promise<Config> {
  return loadConfigFile(path, env, validateConfig);
}
