/**
 * The static import graph of our TypeScript sources, as Node will load the compiled modules: `import` and
 * `export ... from` declarations, including `import { type X }` (verbatimModuleSyntax keeps it as a bare
 * import) but not `import type` nor dynamic `import()` (loaded only when a command asks). For tests that
 * keep a package out of what an entry point loads.
 */

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import ts from 'typescript';

/** The specifiers `file` imports statically at run time. */
export function staticSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const out: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      if (statement.importClause?.isTypeOnly) continue;
      out.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      out.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return out;
}

/** Every package (bare specifier: `pg`, `@duckdb/node-api`, `node:fs`) `entry` reaches statically, with one path to each. */
export function reachablePackages(entry: string): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const seen = new Set<string>();
  const queue: { file: string; path: string[] }[] = [{ file: resolve(entry), path: [resolve(entry)] }];
  while (queue.length > 0) {
    const { file, path } = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const specifier of staticSpecifiers(file)) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
        queue.push({ file: target, path: [...path, target] });
      } else if (!packages.has(specifier)) {
        packages.set(specifier, path);
      }
    }
  }
  return packages;
}
