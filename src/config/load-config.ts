/**
 * Loads snowmon.yaml: reads the file, parses YAML with source positions, validates it (validate-config.ts)
 * and returns a deeply frozen `Config`, or throws one `ConfigError` listing every problem found. It does
 * not merge in the environment or connections.toml; src/sources/snowflake-settings.ts does.
 */

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { defaultQueriesDir } from '../checks/load-checks.js';
import { ConfigError } from './errors.js';
import type { ConfigIssue } from './errors.js';
import { keyLines } from './key-lines.js';
import type { Config } from './schema.js';
import { describeFsError } from './describe-fs-error.js';
import { validateConfig } from './validate-config.js';

export async function loadConfig(path: string, env: Readonly<Record<string, string | undefined>>): Promise<Config> {
  const absoluteFile = resolve(path);
  let text: string;
  try {
    text = await readFile(absoluteFile, 'utf8');
  } catch (error) {
    throw new ConfigError([{ code: 'SM100', file: path, message: `cannot read config file: ${describeFsError(error)}` }]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(document.errors.map((e): ConfigIssue => yamlIssue(path, e.message, e.linePos?.[0]?.line)));
  }
  const result = validateConfig(document.toJS(), {
    file: path,
    absoluteFile,
    env,
    lineOf: keyLines(document, lineCounter),
    readTextFile: (file) => readFileSync(file, 'utf8'),
    defaultQueriesDir: defaultQueriesDir(),
  });
  if (!result.config) throw new ConfigError([...result.issues].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)));
  return deepFreeze(result.config);
}

/** `yaml syntax error: map keys must be unique` from the parser's multi-line message. */
export function yamlIssue(file: string, message: string, line: number | undefined): ConfigIssue {
  const first = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
  const text = first.charAt(0).toLowerCase() + first.slice(1);
  return { code: 'SM101', file, ...(line !== undefined ? { line } : {}), message: `yaml syntax error: ${text}` };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
