/**
 * Finds and reads the dbt artifacts under the given folders: every run_results.json, sources.json and
 * manifest.json in DIR (level 0) down to DIR/a/b/c (level 3); a `.json` file given instead of a folder is
 * read whatever its name. A file that cannot be read or parsed is a
 * problem, never a reason to stop; the same artifact (kind and invocation) seen twice counts once.
 */

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Artifact, ArtifactProblem } from './artifact.js';
import { readArtifactFile, type ManifestCache } from './read-artifact-file.js';

export const ARTIFACT_FILES: readonly string[] = ['run_results.json', 'sources.json', 'manifest.json'];
/** DIR is level 0; files in DIR/a/b/c (level 3) are still read. */
export const MAX_DEPTH = 3;

export interface ArtifactScan {
  readonly artifacts: readonly Artifact[];
  readonly problems: readonly ArtifactProblem[];
}

/** Reads every artifact file under `dirs`; manifests come from `cache` when given and unchanged. */
export async function findArtifacts(dirs: readonly string[], cache?: ManifestCache): Promise<ArtifactScan> {
  const artifacts: Artifact[] = [];
  const problems: ArtifactProblem[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    const listed = await listArtifactFiles([dir]);
    problems.push(...listed.problems);
    for (const file of listed.files) {
      const parsed = readArtifactFile(file, cache);
      if (!('kind' in parsed)) {
        problems.push(parsed);
        continue;
      }
      const key = `${parsed.kind}:${parsed.invocationId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      artifacts.push(parsed);
    }
  }
  return { artifacts, problems };
}

/** The artifact files under `dirs` (in walk order), and the folders that could not be listed; reads no file. */
export async function listArtifactFiles(
  dirs: readonly string[],
): Promise<{ readonly files: readonly string[]; readonly problems: readonly ArtifactProblem[] }> {
  const files: string[] = [];
  const problems: ArtifactProblem[] = [];
  for (const dir of dirs) {
    const missing = await walk(dir, 0, files);
    if (missing) problems.push({ file: dir, error: missing });
  }
  return { files, problems };
}

/** Collects artifact files under `dir`; returns an error text when `dir` itself cannot be listed. */
async function walk(dir: string, depth: number, files: string[]): Promise<string | undefined> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A file named on its own is read whatever its name (an archived `run_results.v6.nightly.json`): its
    // metadata says which artifact it is.
    if (depth === 0 && code === 'ENOTDIR' && /\.json$/i.test(dir)) {
      files.push(dir);
      return undefined;
    }
    if (depth > 0) return undefined;
    return code === 'ENOENT'
      ? 'no such folder'
      : code === 'ENOTDIR'
        ? 'neither a folder nor a .json artifact file'
        : `cannot list: ${code ?? (error as Error).message}`;
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const name = entry.name;
    const path = join(dir, name);
    const isDir =
      entry.isDirectory() ||
      (entry.isSymbolicLink() &&
        (await stat(path).then(
          (s) => s.isDirectory(),
          () => false,
        )));
    if (isDir) {
      if (depth < MAX_DEPTH) await walk(path, depth + 1, files);
    } else if (ARTIFACT_FILES.includes(name)) {
      files.push(path);
    }
  }
  return undefined;
}
