/**
 * Finds and loads the config a command runs with: `--config FILE`, else `SNOWMON_CONFIG`, else
 * `./snowmon.yaml` when it exists, else the defaults (Snowflake settings from the environment and
 * connections.toml). An explicitly named file that is missing is an error.
 */

import { existsSync } from 'node:fs';
import { defaultConfig } from './default-config.js';
import { loadConfig } from './load-config.js';
import type { Config } from './snowmon-config.js';

type Env = Readonly<Record<string, string | undefined>>;

export async function loadCliConfig(explicit: string | undefined, env: Env): Promise<Config> {
  const named = explicit ?? (env.SNOWMON_CONFIG || undefined);
  if (named) return loadConfig(named, env);
  if (existsSync('snowmon.yaml')) return loadConfig('snowmon.yaml', env);
  return defaultConfig(env);
}
