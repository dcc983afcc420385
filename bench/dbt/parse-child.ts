/**
 * The dbt benchmark's parser run, in a child process so its peak memory is the parser's alone: reads one
 * artifact file with the named reader and prints one JSON line (milliseconds, peak RSS, what it found).
 * `node parse-child.js READER FILE`; READER `selective` is snowmon's (read-artifact-file.ts), `json-parse`
 * the reference reader (the whole text through JSON.parse), the one snowmon used before.
 */

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Artifact, ArtifactProblem } from '../../src/dbt/artifact.js';
import { parseArtifact } from '../../src/dbt/parse-artifact.js';
import { readArtifactFile } from '../../src/dbt/read-artifact-file.js';

export interface ParseFigures {
  readonly reader: string;
  readonly ms: number;
  /** CPU time (user + system) of the parse: on a busy machine, steadier than `ms`. */
  readonly cpuMs: number;
  /** VmHWM: the peak resident set of this process, node itself included. */
  readonly peakRssMb: number;
  /** RSS of node before reading, for scale. */
  readonly baseRssMb: number;
  readonly kind: string;
  readonly entries: number;
}

const READERS: Readonly<Record<string, (file: string) => Promise<Artifact | ArtifactProblem>>> = {
  'json-parse': async (file) => parseArtifact(file, await readFile(file, 'utf8')),
  selective: (file) => Promise.resolve(readArtifactFile(file)),
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
const cpu = process.cpuUsage();
const parsed = await read(file);
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
const cpuMs = (used.user + used.system) / 1000;
const entries = !('kind' in parsed) ? 0 : parsed.kind === 'manifest' ? parsed.nodes.size : parsed.results.length;
const figures: ParseFigures = {
  reader,
  ms,
  cpuMs,
  peakRssMb: peakRssMb(),
  baseRssMb,
  kind: 'kind' in parsed ? parsed.kind : `problem: ${parsed.error}`,
  entries,
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
