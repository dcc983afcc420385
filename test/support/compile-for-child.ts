/**
 * Gives a test the compiled .js of a TypeScript entry point, so it can spawn it as a plain `node` child
 * process on Node 20 (no type stripping there, no vite-node in vitest 4). The whole tree is emitted once per
 * vitest run into .cache/test-build/ inside the checkout, without type checking (`npm test` runs tsc first),
 * however many test files ask; a cross-process lock lets parallel test files share that one build. Test helper.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BUILD = join(ROOT, '.cache', 'test-build');
const STAMP = join(BUILD, '.built-for-run');
const LOCK = join(ROOT, '.cache', 'test-build.lock');
/** A lock older than this is left over from a killed run (a build takes seconds to a minute or two). */
const STALE_LOCK_MS = 10 * 60_000;

/** The compiled path of `entry` (relative to the checkout), building the tree first if this run has not. */
export function compileForChild(entry: string): string {
  const source = resolve(ROOT, entry);
  buildOnce(runId());
  const compiled = join(BUILD, relative(ROOT, source)).replace(/\.ts$/, '.js');
  if (!existsSync(compiled)) throw new Error(`the test build has no ${compiled}: is ${entry} under src/, test/ or bench/?`);
  return compiled;
}

/** The id child-build-setup.ts gives this vitest run; a file run without it builds once per worker process. */
function runId(): string {
  const provided: unknown = inject('childBuildRun');
  return typeof provided === 'string' ? provided : `process-${process.pid}`;
}

function buildOnce(run: string): void {
  if (builtFor() === run) return;
  withLock(() => {
    if (builtFor() === run) return; // another test file built it while we waited
    mkdirSync(BUILD, { recursive: true });
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.json'), '--noCheck', '--outDir', BUILD], { encoding: 'utf8' });
    // --noCheck still reports syntax and config errors; a file it could not emit fails compileForChild's check.
    if (result.status !== 0 && result.status !== 2) throw new Error(`tsc failed (${result.status}):\n${result.stdout}${result.stderr}`);
    writeFileSync(STAMP, run);
  });
}

function builtFor(): string | undefined {
  return existsSync(STAMP) ? readFileSync(STAMP, 'utf8') : undefined;
}

function withLock(work: () => void): void {
  mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (lockAgeMs() > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    work();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function lockAgeMs(): number {
  try {
    return Date.now() - statSync(LOCK).mtimeMs;
  } catch {
    return 0; // released meanwhile
  }
}
