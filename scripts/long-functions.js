#!/usr/bin/env node
/**
 * Lists the functions in src/ longer than a limit (default 80 lines), longest first, as `lines  file:line  name`:
 * every function-like node (declarations, methods, accessors, constructors, arrows, function expressions)
 * found by TypeScript's own parser. A list to read, not a lint: it always exits 0.
 * Usage: node scripts/long-functions.js [--max 80] [dir]
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const args = process.argv.slice(2);
const maxAt = args.indexOf('--max');
const max = maxAt >= 0 ? Number(args.splice(maxAt, 2)[1]) : 80;
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

/** @type {{ lines: number; where: string; name: string }[]} */
const long = [];
for (const file of tsFiles(root)) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > max) long.push({ lines, where: `${relative('.', file)}:${first + 1}`, name: nameOf(node, source) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

long.sort((a, b) => b.lines - a.lines || a.where.localeCompare(b.where));
for (const f of long) console.log(`${String(f.lines).padStart(5)}  ${f.where}  ${f.name}`);
console.log(`${long.length} function(s) over ${max} lines in ${root}/`);
