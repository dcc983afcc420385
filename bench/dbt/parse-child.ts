/**
 * The dbt benchmark's parser run, in a child process so its peak memory is the parser's alone: reads one
 * artifact file with the named reader and prints one JSON line (milliseconds, peak RSS, what it found).
 * `node parse-child.js READER FILE`; READER `json-parse` is the reference reader (the whole text through
 * JSON.parse), the one snowmon used before the selective reader.
 */

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Artifact, ArtifactProblem } from '../../src/dbt/artifact.js';
import { parseArtifact } from '../../src/dbt/parse-artifact.js';

export interface ParseFigures {
  readonly reader: string;
  readonly ms: number;
  /** VmHWM: the peak resident set of this process, node itself included. */
  readonly peakRssMb: number;
  /** RSS of node before reading, for scale. */
  readonly baseRssMb: number;
  readonly kind: string;
  readonly entries: number;
}

const READERS: Readonly<Record<string, (file: string) => Promise<Artifact | ArtifactProblem>>> = {
  'json-parse': async (file) => parseArtifact(file, await readFile(file, 'utf8')),
};

function peakRssMb(): number {
  const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

const [reader = '', file = ''] = process.argv.slice(2);
const read = READERS[reader];
if (read === undefined || file === '') throw new Error(`usage: parse-child.js ${Object.keys(READERS).join('|')} FILE`);
const baseRssMb = process.memoryUsage().rss / 1024 / 1024;
const started = performance.now();
const parsed = await read(file);
const ms = performance.now() - started;
const entries = !('kind' in parsed) ? 0 : parsed.kind === 'manifest' ? parsed.nodes.size : parsed.results.length;
const figures: ParseFigures = { reader, ms, peakRssMb: peakRssMb(), baseRssMb, kind: 'kind' in parsed ? parsed.kind : `problem: ${parsed.error}`, entries };
process.stdout.write(`${JSON.stringify(figures)}\n`);
