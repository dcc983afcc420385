/**
 * Loads snowmon.yaml: reads and parses the file (read-yaml-file.ts), validates it (validate-config.ts)
 * and returns a deeply frozen `Config`, or throws one `ConfigError` listing every problem found. It does
 * not merge in the environment or connections.toml; src/sources/snowflake-settings.ts does.
 */

import { readFileSync } from 'node:fs';
import { defaultQueriesDir } from '../checks/load-checks.js';
import { ConfigError } from './errors.js';
import { readYamlFile } from './read-yaml-file.js';
import type { Config } from './schema.js';
import { validateConfig } from './validate-config.js';

export async function loadConfig(path: string, env: Readonly<Record<string, string | undefined>>): Promise<Config> {
  const { absoluteFile, value, lineOf } = await readYamlFile(path, 'config');
  const result = validateConfig(value, {
    file: path,
    absoluteFile,
    env,
    lineOf,
    readTextFile: (file) => readFileSync(file, 'utf8'),
    defaultQueriesDir: defaultQueriesDir(),
  });
  if (!result.config) throw new ConfigError([...result.issues].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)));
  return deepFreeze(result.config);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
