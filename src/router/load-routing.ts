/**
 * Loads routing.yaml: reads the file, parses YAML with line numbers, validates it (validate-routing.ts)
 * and returns a deeply frozen `RoutingConfig`, or throws one `ConfigError` listing every problem, sorted
 * by line. The only I/O in src/router.
 */

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { describeFsError } from '../config/describe-fs-error.js';
import { ConfigError } from '../config/errors.js';
import type { ConfigIssue } from '../config/errors.js';
import { keyLines } from '../config/key-lines.js';
import { yamlIssue } from '../config/load-config.js';
import type { RoutingConfig } from './routing-config.js';
import { validateRouting } from './validate-routing.js';

export async function loadRouting(path: string, env: Readonly<Record<string, string | undefined>>): Promise<RoutingConfig> {
  const absoluteFile = resolve(path);
  let text: string;
  try {
    text = await readFile(absoluteFile, 'utf8');
  } catch (error) {
    throw new ConfigError([{ code: 'SM100', file: path, message: `cannot read routing file: ${describeFsError(error)}` }]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) {
    throw new ConfigError(document.errors.map((e): ConfigIssue => yamlIssue(path, e.message, e.linePos?.[0]?.line)));
  }
  const result = validateRouting(document.toJS(), {
    file: path,
    absoluteFile,
    env,
    lineOf: keyLines(document, lineCounter),
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
