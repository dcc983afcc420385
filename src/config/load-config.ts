/**
 * Loads a config file of sections: reads and parses it (read-yaml-file.ts), validates it with the given
 * function (usually through validate-config.ts's `validateSections`) and returns it deeply frozen, or
 * throws one `ConfigError` listing every problem found, sorted by line. Knows no section.
 */

import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';
import { readYamlFile } from './read-yaml-file.js';
import type { ValidationContext, ValidationResult } from './validate-config.js';

export async function loadConfigFile<T>(
  path: string,
  env: Readonly<Record<string, string | undefined>>,
  validate: (raw: unknown, context: ValidationContext) => ValidationResult<T>,
): Promise<T> {
  const { absoluteFile, value, lineOf } = await readYamlFile(path, 'config');
  const result = validate(value, { file: path, absoluteFile, env, lineOf, readTextFile: (file) => readFileSync(file, 'utf8') });
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
