/**
 * Reads one dbt artifact file (from 8 MB on with the selective reader, parse-artifact.ts
 * `readArtifactBytes`), and a cache of parsed manifests keyed by path, mtime and size, so the daemon's
 * polls, its warehouse cycle and an audit do not parse an unchanged manifest again. Run results are not
 * cached: each is read once.
 */

import { readFileSync, statSync } from 'node:fs';
import type { Artifact, ArtifactProblem, ManifestArtifact } from './artifact.js';
import { parseArtifact, readArtifactBytes } from './parse-artifact.js';

/**
 * From this size on a file goes through the selective reader. Below it JSON.parse (native) is faster, and
 * the whole tree of a file this small costs tens of MB for a moment; both give the same artifact
 * (test/unit/dbt/read-artifact-file.test.ts).
 */
export const SELECTIVE_FROM_BYTES = 8 * 1024 * 1024;

interface Cached {
  readonly mtimeMs: number;
  readonly size: number;
  readonly manifest: ManifestArtifact;
}

/** Parsed manifests by path; an entry serves while the file's mtime and size are those it was read at. */
export class ManifestCache {
  readonly #entries = new Map<string, Cached>();

  get(file: string, mtimeMs: number, size: number): ManifestArtifact | undefined {
    const entry = this.#entries.get(file);
    return entry !== undefined && entry.mtimeMs === mtimeMs && entry.size === size ? entry.manifest : undefined;
  }

  set(file: string, mtimeMs: number, size: number, manifest: ManifestArtifact): void {
    this.#entries.set(file, { mtimeMs, size, manifest });
  }

  /** Drops the entries of files not in `present` (deleted since). */
  retain(present: ReadonlySet<string>): void {
    for (const file of [...this.#entries.keys()]) if (!present.has(file)) this.#entries.delete(file);
  }
}

/**
 * The artifact in `file`, or the problem; a manifest comes from `cache` when the file is unchanged. The
 * file is read synchronously: parsing it holds the thread anyway, and a thousand archived runs read
 * through the thread pool's open/stat/read/close round trips took longer than parsing them.
 */
export function readArtifactFile(file: string, cache?: ManifestCache): Artifact | ArtifactProblem {
  try {
    const info = cache !== undefined ? statSync(file) : undefined;
    const cached = info !== undefined ? cache?.get(file, info.mtimeMs, info.size) : undefined;
    if (cached !== undefined) return cached;
    const bytes = readFileSync(file);
    const parsed = bytes.length < SELECTIVE_FROM_BYTES ? parseArtifact(file, bytes.toString('utf8')) : readArtifactBytes(file, bytes);
    if (info !== undefined && 'kind' in parsed && parsed.kind === 'manifest') cache?.set(file, info.mtimeMs, info.size, parsed);
    return parsed;
  } catch (error) {
    return { file, error: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
}
