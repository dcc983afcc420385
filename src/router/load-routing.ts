/**
 * Loads routing.yaml: reads and parses the file (src/config/read-yaml-file.ts), validates it (validate-routing.ts)
 * and returns a deeply frozen `RoutingConfig`, or throws one `ConfigError` listing every problem, sorted
 * by line. The only I/O in src/router.
 */

import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/errors.js';
import { readYamlFile } from '../config/read-yaml-file.js';
import type { RoutingConfig } from './routing-config.js';
import { validateRouting } from './validate-routing.js';

export async function loadRouting(path: string, env: Readonly<Record<string, string | undefined>>): Promise<RoutingConfig> {
  const { absoluteFile, value, lineOf } = await readYamlFile(path, 'routing');
  const result = validateRouting(value, {
    file: path,
    absoluteFile,
    env,
    lineOf,
    readTextFile: (file) => readFileSync(file, 'utf8'),
  });
  if (!result.config) throw new ConfigError([...result.issues].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)));
  return deepFreeze(result.config);
}

/** Freezes plain objects and arrays all the way down; Dates, RegExps and Secrets are left as they are. */
function deepFreeze<T>(value: T): T {
  if (Array.isArray(value) || (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)) {
    for (const child of Object.values(value as object)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
