/**
 * Parses one `queries/*.sql` file into a CheckDefinition: the `-- key: value` comment header, validated
 * with operator errors that name file, line, key and value, and the body split into statements. It
 * reads no files; `load-checks.ts` does.
 */

import type { CheckCost, CheckDefinition, CheckHeader, CheckSource } from './check.js';
import { firstKeyword, splitStatements } from './sql-scanner.js';

const SOURCES: readonly CheckSource[] = ['show', 'account_usage', 'information_schema', 'organization_usage'];
const COSTS: readonly CheckCost[] = ['free', 'warehouse'];
const REQUIRED_KEYS = ['name', 'summary', 'grain', 'source', 'cost', 'cadence', 'labels', 'runbook'] as const;
const OPTIONAL_KEYS = ['thresholds'] as const;
const KNOWN_KEYS: readonly string[] = [...REQUIRED_KEYS, ...OPTIONAL_KEYS];

export interface ParsedQueryFile {
  /** Present when the file has no errors. */
  readonly definition?: CheckDefinition;
  /** Operator errors, e.g. `queries/top_queries.sql:3: unknown cost "cheap" (expected free or warehouse)`. */
  readonly errors: readonly string[];
}

/**
 * Parses a query file's text. `file` is the path shown in errors (e.g. `queries/top_queries.sql`);
 * the header's `name` must equal the file's base name.
 */
export function parseQueryFile(text: string, file: string): ParsedQueryFile {
  const errors: string[] = [];
  const lines = text.split(/\r?\n/);
  const { values, bodyStart } = readHeader(lines, file, errors);
  const at = (key: string): string => `${file}:${values.get(key)?.line ?? 1}`;
  const get = (key: string): string => values.get(key)?.value ?? '';
  errors.push(...headerValueErrors(file, values, at, get));
  const thresholds = parseThresholds(get('thresholds'), at('thresholds'), errors);
  const labels = get('labels')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const label of labels) {
    if (!/^[a-z][a-z0-9_]*$/.test(label)) errors.push(`${at('labels')}: invalid label "${label}" (expected lower-case letters, digits and _)`);
  }
  const lastHeaderLine = Math.max(1, ...[...values.values()].map((v) => v.line));
  const statements = readStatements(lines, bodyStart, `${file}:${lastHeaderLine}`, errors);
  if (get('cost') === 'free') {
    for (const statement of statements) {
      if (firstKeyword(statement) !== 'show') {
        errors.push(`${at('cost')}: cost "free" allows SHOW statements only (found "${statement.split('\n')[0]}")`);
      }
    }
  }

  if (errors.length > 0) return { errors };
  const header: CheckHeader = Object.freeze({
    name: get('name'),
    summary: get('summary'),
    grain: get('grain'),
    source: get('source') as CheckSource,
    cost: get('cost') as CheckCost,
    cadence: get('cadence'),
    thresholds: Object.freeze(thresholds),
    labels: Object.freeze(labels),
    runbook: get('runbook'),
  });
  return { definition: Object.freeze({ header, file, statements: Object.freeze(statements) }), errors: [] };
}

type HeaderValues = Map<string, { value: string; line: number }>;

/** The header's `key: value` lines by key (unknown, duplicate and malformed lines are errors), and where the body starts. */
function readHeader(lines: readonly string[], file: string, errors: string[]): { values: HeaderValues; bodyStart: number } {
  const values: HeaderValues = new Map();
  let bodyStart = lines.length;
  for (let index = 0; index < lines.length; index++) {
    const raw = (lines[index] as string).trim();
    const lineNo = index + 1;
    if (raw === '' && values.size === 0) continue;
    // The header is the first block of comment lines; a blank line or SQL ends it.
    if (raw === '' || !raw.startsWith('--')) {
      bodyStart = index;
      break;
    }
    const content = raw.replace(/^--\s?/, '');
    const match = /^([A-Za-z_]+)\s*:\s*(.*)$/.exec(content);
    if (!match) {
      // A plain comment line inside the header is allowed only after the keys start.
      if (values.size === 0) errors.push(`${file}:${lineNo}: expected "-- key: value" header line, got ${JSON.stringify(raw)}`);
      continue;
    }
    const key = (match[1] as string).toLowerCase();
    const value = (match[2] as string).trim();
    if (!KNOWN_KEYS.includes(key)) {
      errors.push(`${file}:${lineNo}: unknown header key "${key}" (expected one of ${KNOWN_KEYS.join(', ')})`);
      continue;
    }
    if (values.has(key)) {
      errors.push(`${file}:${lineNo}: duplicate header key "${key}"`);
      continue;
    }
    values.set(key, { value, line: lineNo });
  }
  return { values, bodyStart };
}

/** Missing or empty required keys, then name, source, cost and cadence checked against their rules. */
function headerValueErrors(file: string, values: HeaderValues, at: (key: string) => string, get: (key: string) => string): string[] {
  const errors: string[] = [];
  for (const key of REQUIRED_KEYS) {
    const entry = values.get(key);
    if (!entry) errors.push(`${file}:1: missing header key "${key}"`);
    else if (entry.value === '') errors.push(`${file}:${entry.line}: empty header key "${key}"`);
  }
  const name = get('name');
  const base = file.replace(/^.*[\\/]/, '').replace(/\.sql$/i, '');
  if (name && !/^[a-z][a-z0-9_]*$/.test(name)) {
    errors.push(`${at('name')}: invalid name "${name}" (expected lower-case letters, digits and _)`);
  } else if (name && name !== base) {
    errors.push(`${at('name')}: name "${name}" does not match the file name "${base}.sql"`);
  }
  const source = get('source');
  if (source && !SOURCES.includes(source as CheckSource)) {
    errors.push(`${at('source')}: unknown source "${source}" (expected show, account_usage, information_schema or organization_usage)`);
  }
  const cost = get('cost');
  if (cost && !COSTS.includes(cost as CheckCost)) {
    errors.push(`${at('cost')}: unknown cost "${cost}" (expected free or warehouse)`);
  }
  if (cost === 'free' && source && source !== 'show') {
    errors.push(`${at('cost')}: cost "free" needs source show (got "${source}")`);
  }
  const cadence = get('cadence');
  if (cadence && !/^[1-9][0-9]*[smhd]$/.test(cadence)) {
    errors.push(`${at('cadence')}: invalid cadence "${cadence}" (expected a number and s, m, h or d, e.g. 1h)`);
  }
  return errors;
}

/** `thresholds: a=1, b=2.5` (or `none`) as numbers by name; `where` is the file:line errors name. */
function parseThresholds(text: string, where: string, errors: string[]): Record<string, number> {
  const thresholds: Record<string, number> = {};
  if (!text || text === 'none') return thresholds;
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const pair = /^([a-z][a-z0-9_]*)\s*=\s*(-?[0-9]+(?:\.[0-9]+)?)$/.exec(item);
    if (!pair) {
      errors.push(`${where}: invalid threshold "${item}" (expected name=number)`);
      continue;
    }
    const key = pair[1] as string;
    if (key in thresholds) errors.push(`${where}: duplicate threshold "${key}"`);
    thresholds[key] = Number(pair[2]);
  }
  return thresholds;
}

/** The body's statements; none is an error at `where` (the last header line). */
function readStatements(lines: readonly string[], bodyStart: number, where: string, errors: string[]): string[] {
  if (bodyStart >= lines.length) {
    errors.push(`${where}: no sql statements after the header`);
    return [];
  }
  const statements = splitStatements(lines.slice(bodyStart).join('\n'));
  if (statements.length === 0) errors.push(`${where}: no sql statements after the header`);
  return statements;
}
