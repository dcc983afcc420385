/**
 * The newest manifest.json under the configured artifact folders (by `generated_at`), for owners outside
 * `snowmon dbt status`; undefined when there is none. Unreadable files are skipped here: `dbt status`
 * is where they are reported.
 */

import type { ManifestArtifact } from './artifact.js';
import { findArtifacts } from './find-artifacts.js';

export async function newestManifest(dirs: readonly string[]): Promise<ManifestArtifact | undefined> {
  if (dirs.length === 0) return undefined;
  const { artifacts } = await findArtifacts(dirs);
  const manifests = artifacts.filter((a): a is ManifestArtifact => a.kind === 'manifest');
  return manifests.sort((a, b) => a.generatedAt.getTime() - b.generatedAt.getTime()).pop();
}
