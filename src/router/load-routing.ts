/**
 * Loads routing.yaml: reads and parses the file (src/config/read-yaml-file.ts), validates it (validate-routing.ts)
 * and returns a deeply frozen `RoutingConfig`, or throws one `ConfigError` listing every problem, sorted
 * by line. `loadRoutingOffline` is for commands that send nothing (route-test, check-config): receivers'
 * unset variables become placeholders and are returned as a list. The only I/O in src/router.
 */

import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/errors.js';
import type { ConfigIssue } from '../config/errors.js';
import { readYamlFile } from '../config/read-yaml-file.js';
import type { NotifierRegistry } from '../notifiers/registry.js';
import type { RoutingConfig } from './routing-config.js';
import { validateRouting } from './validate-routing.js';

type Env = Readonly<Record<string, string | undefined>>;

export async function loadRouting(path: string, env: Env, notifiers?: NotifierRegistry): Promise<RoutingConfig> {
  const { config, issues } = await validateFile(path, env, notifiers);
  if (!config) throw new ConfigError(byLine(issues));
  return deepFreeze(config);
}

export interface OfflineRouting {
  /** Receivers' unset variables read as `<unset NAME>`: fine for matching and describing, never for sending. */
  readonly routing: RoutingConfig;
  /** One SM105 issue per unset variable a receiver needs, sorted by line; empty when all are set. */
  readonly missing: readonly ConfigIssue[];
}

/**
 * The routing table for commands that send nothing. Throws a `ConfigError` listing every problem when
 * anything other than a receiver's unset environment variable is wrong.
 */
export async function loadRoutingOffline(path: string, env: Env): Promise<OfflineRouting> {
  const missing: ConfigIssue[] = [];
  let placeholders: Record<string, string> = {};
  // A receiver checks some keys only once others are present, so a filled-in variable can reveal the
  // next unset one: repeat until nothing new is missing.
  for (;;) {
    const result = await validateFile(path, { ...env, ...placeholders });
    if (result.config) return { routing: deepFreeze(result.config), missing: byLine(missing) };
    const unset = result.issues.filter((i) => i.code === 'SM105' && /^receivers\b/.test(i.path ?? ''));
    const names = unset.map((i) => /environment variable (\S+) is not set/.exec(i.message)?.[1]).filter((n): n is string => n !== undefined);
    if (unset.length < result.issues.length || names.length === 0 || names.every((n) => n in placeholders))
      throw new ConfigError(byLine([...missing, ...result.issues]));
    missing.push(...unset);
    placeholders = { ...placeholders, ...Object.fromEntries(names.map((n) => [n, `<unset ${n}>`])) };
  }
}

async function validateFile(path: string, env: Env, notifiers?: NotifierRegistry) {
  const { absoluteFile, value, lineOf } = await readYamlFile(path, 'routing');
  const readTextFile = (file: string) => readFileSync(file, 'utf8');
  return validateRouting(value, { file: path, absoluteFile, env, lineOf, readTextFile, ...(notifiers !== undefined ? { notifiers } : {}) });
}

function byLine(issues: readonly ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
}

/** Freezes plain objects and arrays all the way down; Dates, RegExps and Secrets are left as they are. */
function deepFreeze<T>(value: T): T {
  if (Array.isArray(value) || (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)) {
    for (const child of Object.values(value as object)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
