#!/usr/bin/env node
/**
 * Lists the functions in src/ longer than a limit (default 80 lines), longest first, as `lines  file:line  name`:
 * every function-like node (declarations, methods, accessors, constructors, arrows, function expressions)
 * found by TypeScript's own parser. The ones in ALLOWED below are listed apart: the rest are the offenders.
 * A list to read: it always exits 0. test/unit/structure/long-functions.test.ts reads `--json` and fails on
 * an offender, or on an allowance that no longer matches a long function.
 * Usage: node scripts/long-functions.js [--max 80] [--json] [dir]
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Functions allowed over the limit, by file and name, each with the reason. Only data tables and data
 * generators, whose length is rows of values (splitting them would scatter one table over several
 * functions), and migrations, which are frozen once released. Not logic: split that instead.
 * @type {readonly { file: string; name: string; why: string }[]}
 */
const ALLOWED = [
  {
    file: 'src/emulator/scenarios/security.ts',
    name: 'generateSecurity',
    why: 'emulator data: USERS, ROLES, GRANTS_TO_ROLES, LOGIN_HISTORY, NETWORK_POLICIES and POLICY_REFERENCES rows, one table after another',
  },
  {
    file: 'src/emulator/scenarios/storage.ts',
    name: 'generateStorage',
    why: 'emulator data: TABLES, TABLE_STORAGE_METRICS, DATABASE_STORAGE_USAGE_HISTORY and STORAGE_USAGE rows',
  },
  {
    file: 'src/emulator/scenarios/derive-metering.ts',
    name: 'generateWarehouseEvents',
    why: 'emulator data: WAREHOUSE_EVENTS_HISTORY as one temp table and two SQL statements',
  },
  {
    file: 'src/emulator/scenarios/query-history.ts',
    name: 'loadGeneratorInputs',
    why: "emulator data: the query generator's three input tables, column lists and rows",
  },
  { file: 'src/ledger/migrations/2026-11-22-initial.ts', name: 'up', why: 'a released migration is frozen: it must create the same schema forever' },
];

const args = process.argv.slice(2);
const maxAt = args.indexOf('--max');
const max = maxAt >= 0 ? Number(args.splice(maxAt, 2)[1]) : 80;
const jsonAt = args.indexOf('--json');
const json = jsonAt >= 0 && args.splice(jsonAt, 1).length > 0;
const root = args[0] ?? 'src';

/** @param {string} dir @returns {Generator<string>} */
function* tsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/** A readable name: the declared one, else what it is assigned to or the property it is the value of. */
/** @param {ts.SignatureDeclaration} node @param {ts.SourceFile} source @returns {string} */
function nameOf(node, source) {
  if (node.name) return node.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent))) return parent.name.getText(source);
  if (parent && ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText(source).slice(0, 40)})`;
  return '(anonymous)';
}

/** @type {{ lines: number; where: string; file: string; name: string }[]} */
const long = [];
for (const file of tsFiles(root)) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      const path = relative('.', file);
      if (lines > max) long.push({ lines, where: `${path}:${first + 1}`, file: path, name: nameOf(node, source) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

long.sort((a, b) => b.lines - a.lines || a.where.localeCompare(b.where));
/** @param {{ file: string; name: string }} f */
const allowance = (f) => ALLOWED.find((a) => a.file === f.file.split('\\').join('/') && a.name === f.name);
const offenders = long.filter((f) => allowance(f) === undefined);
const allowed = long.flatMap((f) => {
  const a = allowance(f);
  return a === undefined ? [] : [{ ...f, why: a.why }];
});
const stale = ALLOWED.filter((a) => !long.some((f) => allowance(f) === a));

if (json) {
  console.log(JSON.stringify({ max, offenders, allowed, stale }, null, 2));
} else {
  for (const f of offenders) console.log(`${String(f.lines).padStart(5)}  ${f.where}  ${f.name}`);
  console.log(`${offenders.length} function(s) over ${max} lines in ${root}/`);
  if (allowed.length > 0) console.log(`\nallowed (scripts/long-functions.js ALLOWED):`);
  for (const f of allowed) console.log(`${String(f.lines).padStart(5)}  ${f.where}  ${f.name}: ${f.why}`);
  for (const a of stale) console.log(`stale allowance: ${a.file} ${a.name} is no longer over ${max} lines; remove it from ALLOWED`);
}
