/**
 * The selective artifact reader agrees with the reference reader (the whole text through JSON.parse) on
 * every real sample in ../shared/dbt-samples (read in place), every fixture of the project and a
 * generated manifest of dbt 1.10's shape; and the manifest cache serves an unchanged file without
 * parsing it again, and reads it anew when its mtime or size changes.
 */

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeIdsOf, writeManifest, writeRunResults } from '../../../bench/dbt/generate-artifacts.js';
import type { Artifact, ArtifactProblem } from '../../../src/dbt/artifact.js';
import { parseArtifact, readArtifactBytes } from '../../../src/dbt/parse-artifact.js';
import { ManifestCache, readArtifactFile } from '../../../src/dbt/read-artifact-file.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'dbt-samples');
const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'dbt');
const samplesPresent = existsSync(SAMPLES);
if (!samplesPresent) console.warn(`skipping the real dbt samples: ${SAMPLES} is absent`);

const scratch = mkdtempSync(join(tmpdir(), 'snowmon-read-artifact-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Both readers on one file; a problem is compared up to its first colon (the detail is each parser's own wording). */
function bothReaders(file: string): { selective: Artifact | ArtifactProblem; reference: Artifact | ArtifactProblem } {
  const bytes = readFileSync(file);
  const shorten = (r: Artifact | ArtifactProblem) => ('kind' in r ? r : { file: r.file, error: r.error.split(':')[0] ?? r.error });
  return { selective: shorten(readArtifactBytes(file, bytes)), reference: shorten(parseArtifact(file, bytes.toString('utf8'))) };
}

describe('readArtifactBytes', () => {
  it.skipIf(!samplesPresent)('does read every real dbt sample exactly as JSON.parse does', () => {
    const files = filesUnder(SAMPLES);
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const file of files) {
      const { selective, reference } = bothReaders(file);
      expect('kind' in reference, `${file} is read by the reference reader`).toBe(true);
      expect(selective, file).toEqual(reference);
    }
  });

  it("does read every one of the project's dbt fixtures as JSON.parse does, problems included", () => {
    const files = filesUnder(FIXTURES);
    expect(files.length).toBeGreaterThanOrEqual(18);
    const problems = [];
    for (const file of files) {
      const { selective, reference } = bothReaders(file);
      expect(selective, file).toEqual(reference);
      if (!('kind' in selective)) problems.push(selective.error);
    }
    expect(problems.sort()).toEqual(['empty file', 'malformed JSON at byte 42', 'not a dbt artifact', 'truncated JSON at byte 200']);
  });

  it('does read a generated manifest and run_results of dbt 1.10 shape as JSON.parse does, and every truncation as one', async () => {
    const manifest = join(scratch, 'manifest.json');
    const runResults = join(scratch, 'run_results.json');
    const at = new Date('2026-11-20T07:30:00Z');
    await writeManifest(manifest, { nodes: 400, sqlChars: 300, columnsPerModel: 3, seed: 5 }, at);
    await writeRunResults(runResults, nodeIdsOf(400), { seed: 6, invocationId: 'inv-1', generatedAt: at, sqlChars: 100 });
    for (const file of [manifest, runResults]) {
      const { selective, reference } = bothReaders(file);
      expect('kind' in reference).toBe(true);
      expect(selective).toEqual(reference);
    }
    const bytes = readFileSync(runResults);
    for (const end of [1, 100, Math.floor(bytes.length / 2), bytes.length - 1]) {
      expect(readArtifactBytes('r.json', bytes.subarray(0, end))).toEqual({ file: 'r.json', error: `truncated JSON at byte ${end}` });
      expect(parseArtifact('r.json', bytes.subarray(0, end).toString('utf8'))).toEqual({ file: 'r.json', error: `truncated JSON at byte ${end}` });
    }
  });
});

describe('ManifestCache', () => {
  it('does serve an unchanged manifest without parsing it again, and read it anew when its size or mtime changes', () => {
    const file = join(scratch, 'cached', 'manifest.json');
    const source = readFileSync(join(FIXTURES, 'shop', 'manifest.json'), 'utf8');
    mkdirSync(join(scratch, 'cached'));
    writeFileSync(file, source);
    const cache = new ManifestCache();
    const first = readArtifactFile(file, cache);
    expect(first).toMatchObject({ kind: 'manifest' });
    expect(readArtifactFile(file, cache)).toBe(first);
    expect(readArtifactFile(file)).not.toBe(first);

    writeFileSync(file, `${source}\n`);
    const resized = readArtifactFile(file, cache);
    expect(resized).not.toBe(first);
    expect(resized).toEqual(first);

    const { mtimeMs } = statSync(file);
    utimesSync(file, new Date(mtimeMs + 5_000), new Date(mtimeMs + 5_000));
    const touched = readArtifactFile(file, cache);
    expect(touched).not.toBe(resized);
    expect(readArtifactFile(file, cache)).toBe(touched);
  });
});
