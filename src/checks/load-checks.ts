/**
 * Loads every `*.sql` check in a folder (the package's own `queries/` by default), sorted by file name,
 * collecting header errors instead of throwing. Parsing one file lives in `query-file.ts`.
 */

import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckDefinition } from './check.js';
import { parseQueryFile } from './query-file.js';

/**
 * The `queries/` folder shipped with the package: found by walking up from this module to the
 * package root, so it works from `src/checks/` (vitest) and from `dist/src/checks/` (after tsc).
 */
export function defaultQueriesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'queries'))) return join(dir, 'queries');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the package queries/ folder above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** Reads and parses every `.sql` file in `dir`; errors name the file as `<dir name>/<file>:<line>`. */
export async function loadChecks(dir: string = defaultQueriesDir()): Promise<{ checks: CheckDefinition[]; errors: string[] }> {
  const folder = resolve(dir);
  let entries: string[];
  try {
    entries = (await readdir(folder)).filter((f) => f.toLowerCase().endsWith('.sql')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { checks: [], errors: [`${dir}: cannot read the queries folder (${code})`] };
  }
  const checks: CheckDefinition[] = [];
  const errors: string[] = [];
  const names = new Map<string, string>();
  for (const entry of entries) {
    const shown = `${basename(folder)}/${entry}`;
    const text = await readFile(join(folder, entry), 'utf8');
    const parsed = parseQueryFile(text, shown);
    errors.push(...parsed.errors);
    if (!parsed.definition) continue;
    const name = parsed.definition.header.name;
    const other = names.get(name);
    if (other) {
      errors.push(`${shown}:1: check "${name}" is already defined in ${other}`);
      continue;
    }
    names.set(name, shown);
    checks.push(parsed.definition);
  }
  return { checks: await withShippedThresholds(folder, checks), errors };
}

/**
 * Checks from a folder other than the shipped one, each given the shipped header's threshold defaults
 * (under its own) when it shares a shipped check's name: the shipped header is the one declaration of
 * the defaults its evaluator reads, also for a user's copy that leaves a key out.
 */
async function withShippedThresholds(folder: string, checks: CheckDefinition[]): Promise<CheckDefinition[]> {
  const shippedDir = defaultQueriesDir();
  if (folder === resolve(shippedDir)) return checks;
  const shipped = new Map((await loadChecks(shippedDir)).checks.map((c) => [c.header.name, c.header.thresholds]));
  return checks.map((check) => {
    const defaults = shipped.get(check.header.name);
    if (defaults === undefined) return check;
    return { ...check, header: { ...check.header, thresholds: Object.freeze({ ...defaults, ...check.header.thresholds }) } };
  });
}
