/**
 * Loads a config file of sections: reads and parses it (read-yaml-file.ts), validates it with the given
 * function (usually through validate-config.ts's `validateSections`) and returns it deeply frozen, or
 * throws one `ConfigError` listing every problem found, sorted by line. Knows no section.
 */

import { readFileSync } from 'node:fs';
import { ConfigError } from './errors.js';
import type { ConfigIssue } from './errors.js';
import { readYamlFile } from './read-yaml-file.js';
import type { ValidationContext, ValidationResult } from './validate-config.js';

type Validate<T> = (raw: unknown, context: ValidationContext) => ValidationResult<T>;

export async function loadConfigFile<T>(path: string, env: Readonly<Record<string, string | undefined>>, validate: Validate<T>): Promise<T> {
  return (await loadConfigFileSettingAside(path, env, validate, () => false)).config;
}

/** A loaded config and the issues `setAside` kept apart (validate-config.ts's ValidationContext). */
export interface LoadedConfig<T> {
  readonly config: T;
  /** Sorted by line. */
  readonly setAside: readonly ConfigIssue[];
}

/**
 * loadConfigFile for a command that can do without what `setAside` picks. When the load fails anyway, the
 * ConfigError lists the other issues, and the set-aside ones too when `failWithSetAside` (a command that
 * reports every problem, check-config).
 */
export async function loadConfigFileSettingAside<T>(
  path: string,
  env: Readonly<Record<string, string | undefined>>,
  validate: Validate<T>,
  setAside: (issue: ConfigIssue) => boolean,
  failWithSetAside = false,
): Promise<LoadedConfig<T>> {
  const { absoluteFile, value, lineOf } = await readYamlFile(path, 'config');
  const result = validate(value, { file: path, absoluteFile, env, lineOf, readTextFile: (file) => readFileSync(file, 'utf8'), setAside });
  const apart = byLine(result.setAside ?? []);
  if (!result.config) throw new ConfigError(byLine([...result.issues, ...(failWithSetAside ? apart : [])]));
  return { config: deepFreeze(result.config), setAside: apart };
}

function byLine(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
