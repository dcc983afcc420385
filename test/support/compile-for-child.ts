/**
 * Compiles one TypeScript entry point (and what it imports) with the project's tsconfig into
 * .cache/test-children/ inside the checkout (not node_modules/.cache: worktrees may share node_modules), so a test can spawn it as a plain `node` child process on Node 20 (no type
 * stripping there, no vite-node in vitest 4). Returns the compiled .js path. Test helper.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `name` names the output folder (default: the entry's base name); give one when test files may compile in parallel. */
export function compileForChild(entry: string, name?: string): string {
  const source = resolve(ROOT, entry);
  const outDir = join(ROOT, '.cache', 'test-children', name ?? basename(source, '.ts'));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const config = join(outDir, 'tsconfig.json');
  writeFileSync(config, JSON.stringify({
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: { outDir, rootDir: ROOT, noEmit: false, sourceMap: false },
    files: [source],
    include: [],
  }));
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], { encoding: 'utf8' });
  const compiled = join(outDir, relative(ROOT, source)).replace(/\.ts$/, '.js');
  // Type errors elsewhere in the graph still emit; only a missing output is fatal here.
  if (!existsSync(compiled)) throw new Error(`tsc did not emit ${compiled}:\n${tsc.stdout}${tsc.stderr}`);
  return compiled;
}
