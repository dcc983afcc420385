/**
 * The newest manifest.json under the configured artifact folders (by `generated_at`), for owners outside
 * `snowmon dbt status`; undefined when there is none. Only files named manifest.json are read (through
 * `cache` when given). Unreadable files are skipped here: `dbt status` is where they are reported.
 */

import type { ManifestArtifact } from './artifact.js';
import { listArtifactFiles } from './find-artifacts.js';
import { readArtifactFile, type ManifestCache } from './read-artifact-file.js';

export async function newestManifest(dirs: readonly string[], cache?: ManifestCache): Promise<ManifestArtifact | undefined> {
  if (dirs.length === 0) return undefined;
  const { files } = await listArtifactFiles(dirs);
  let newest: ManifestArtifact | undefined;
  for (const file of files.filter((f) => /(^|[\\/])manifest\.json$/.test(f))) {
    const read = readArtifactFile(file, cache);
    if ('kind' in read && read.kind === 'manifest' && (newest === undefined || read.generatedAt >= newest.generatedAt)) newest = read;
  }
  return newest;
}
