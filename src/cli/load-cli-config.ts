/**
 * Finds and loads the config a command runs with: `--config FILE`, else `SNOWMON_CONFIG`, else
 * `./snowmon.yaml` when it exists, else the defaults (Snowflake settings from the environment and
 * connections.toml). An explicitly named file that is missing is an error. `offline`: for a command that
 * connects to neither Snowflake nor the store (route-test), whose secrets it therefore does not need;
 * `store`: for a command that opens only the store (alerts, silence, ack): it needs no other secret.
 */

import { existsSync } from 'node:fs';
import { defaultConfig } from './default-config.js';
import { loadConfig, loadConfigForStore, loadConfigOffline } from './load-config.js';
import type { Config } from './snowmon-config.js';

type Env = Readonly<Record<string, string | undefined>>;

export async function loadCliConfig(
  explicit: string | undefined,
  env: Env,
  options: { readonly offline?: boolean; readonly store?: boolean } = {},
): Promise<Config> {
  const load = async (file: string) =>
    options.offline === true ? (await loadConfigOffline(file, env)).config : options.store === true ? loadConfigForStore(file, env) : loadConfig(file, env);
  const named = explicit ?? (env.SNOWMON_CONFIG || undefined);
  if (named) return load(named);
  if (existsSync('snowmon.yaml')) return load('snowmon.yaml');
  return defaultConfig(env);
}
