/**
 * The folder the Snowflake CLI reads config.toml and connections.toml from, chosen as
 * snowflake-connector-python's sf_dirs.py does: `$SNOWFLAKE_HOME` (default `~/.snowflake`) when that path
 * exists, else the platform's config folder for "snowflake" (platformdirs' user_config_dir).
 */

import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export interface CliFolderOptions {
  /** The home folder (tests); default os.homedir(). */
  readonly home?: string;
  /** The platform whose config folder is the fallback (tests); default process.platform. */
  readonly platform?: NodeJS.Platform;
}

type Env = Readonly<Record<string, string | undefined>>;

export async function snowflakeCliFolder(env: Env, options: CliFolderOptions = {}): Promise<string> {
  const home = options.home ?? homedir();
  const wanted = expandHome(env.SNOWFLAKE_HOME ?? '~/.snowflake', home);
  if (wanted !== '' && (await exists(wanted))) return resolve(wanted);
  return platformConfigFolder(env, home, options.platform ?? process.platform);
}

/** platformdirs' user_config_dir("snowflake", appauthor=False): Linux honours XDG_CONFIG_HOME. */
function platformConfigFolder(env: Env, home: string, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'snowflake');
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'snowflake');
  const xdg = env.XDG_CONFIG_HOME?.trim();
  return join(xdg ? xdg : join(home, '.config'), 'snowflake');
}

function expandHome(path: string, home: string): string {
  return path === '~' || path.startsWith('~/') ? join(home, path.slice(1)) : path;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
