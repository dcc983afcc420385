/**
 * Builds the folder-level import graph of src/ (a folder is the first path segment under src/) from every
 * `import`, `import type`, `export ... from` and literal `import()` in every .ts file, and fails when any
 * set of folders imports one another in a cycle (a strongly connected component of two or more folders),
 * listing the import lines that make it. Parsed with the TypeScript compiler, so comments and strings that
 * look like imports are not counted.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve('src');

/** Imports left out of the graph, as [from folder, to folder]: none; keep it that way. */
const ALLOWED_IMPORTS: readonly (readonly [string, string])[] = [];

interface ImportLine {
  readonly from: string;
  readonly to: string;
  /** `src/...:line: import ...` as written (first line of the statement). */
  readonly where: string;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.isFile() && entry.name.endsWith('.ts') ? [path] : [];
  });
}

function folderOf(file: string): string | undefined {
  const parts = relative(SRC, file).split(sep);
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

/** Every relative module specifier of a file, with the 1-based line of the statement that names it. */
function specifiers(file: string, text: string): { readonly specifier: string; readonly line: number }[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: { specifier: string; line: number }[] = [];
  const add = (node: ts.Node, literal: ts.Expression | undefined) => {
    if (literal && ts.isStringLiteral(literal) && literal.text.startsWith('.')) {
      out.push({ specifier: literal.text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node, node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

function crossFolderImports(): ImportLine[] {
  const lines: ImportLine[] = [];
  for (const file of tsFiles(SRC)) {
    const from = folderOf(file);
    const text = readFileSync(file, 'utf8');
    const textLines = text.split('\n');
    for (const { specifier, line } of specifiers(file, text)) {
      const to = folderOf(resolve(dirname(file), specifier));
      if (from === undefined || to === undefined || to === from) continue;
      const where = `${relative(process.cwd(), file)}:${line}: ${(textLines[line - 1] ?? '').trim()}`;
      lines.push({ from, to, where });
    }
  }
  return lines;
}

/** Tarjan's strongly connected components, each sorted; singletons left out. */
function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const connect = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) as number);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) out.push(component.sort());
  };
  for (const node of [...edges.keys()].sort()) if (!index.has(node)) connect(node);
  return out;
}

function graphOf(lines: readonly ImportLine[]): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of lines) {
    for (const folder of [from, to]) if (!edges.has(folder)) edges.set(folder, new Set());
    edges.get(from)?.add(to);
  }
  return edges;
}

describe('folder imports in src/', () => {
  it('does find cross-folder imports when it parses src/', () => {
    const lines = crossFolderImports().filter((l) => !ALLOWED_IMPORTS.some(([from, to]) => l.from === from && l.to === to));
    // A parser that found nothing would pass the cycle test below for the wrong reason.
    expect(lines.some((l) => l.from === 'cli' && l.to === 'config')).toBe(true);
    expect(lines.some((l) => l.where.includes('import type'))).toBe(true);
  });

  it('does report a cycle of three folders when each imports the next', () => {
    const lines = [
      { from: 'a', to: 'b', where: '' },
      { from: 'b', to: 'c', where: '' },
      { from: 'c', to: 'a', where: '' },
      { from: 'c', to: 'd', where: '' },
    ];
    expect(cycles(graphOf(lines))).toEqual([['a', 'b', 'c']]);
  });

  it('does not find a folder that imports a folder that imports it', () => {
    const lines = crossFolderImports().filter((l) => !ALLOWED_IMPORTS.some(([from, to]) => l.from === from && l.to === to));
    const report = cycles(graphOf(lines)).map((component) => {
      const inside = lines.filter((l) => component.includes(l.from) && component.includes(l.to));
      return [`cycle among ${component.join(', ')}:`, ...inside.map((l) => `  ${l.from} -> ${l.to}  ${l.where}`)].join('\n');
    });
    expect(report.join('\n\n')).toBe('');
  });
});
