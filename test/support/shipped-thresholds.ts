/**
 * The threshold defaults a shipped check declares in its SQL header, for tests that call an evaluator
 * directly: the header stays the one place those numbers are written.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultQueriesDir } from '../../src/checks/load-checks.js';
import { parseQueryFile } from '../../src/checks/query-file.js';

/** `queries/<name>.sql`'s `-- thresholds:`; throws when the file does not parse. */
export function shippedThresholds(name: string): Readonly<Record<string, number>> {
  const parsed = parseQueryFile(readFileSync(join(defaultQueriesDir(), `${name}.sql`), 'utf8'), `${name}.sql`);
  if (!parsed.definition) throw new Error(parsed.errors.join('\n'));
  return parsed.definition.header.thresholds;
}
