/**
 * Benchmark of snowmon's dbt artifact reading: writes a ~100 MB manifest.json of 20,000 nodes and a
 * run_results.json of 20,000 results (dbt 1.10 shapes, bench/dbt/generate-artifacts.ts), parses each in a
 * child process per reader and prints the parse time and peak RSS (goal: ≤ 3 s, ≤ 400 MB); then writes an
 * archive of 1,000 runs and times the real `snowmon dbt status` process over it (goal: < 1 s).
 * Prints figures; asserts nothing. `npm run bench:dbt`.
 */

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { nodeIdsOf, writeManifest, writeRunResults } from './dbt/generate-artifacts.js';
import type { ParseFigures } from './dbt/parse-child.js';

const run = promisify(execFile);
const HERE = dirname(fileURLToPath(import.meta.url));
const CLI = resolve(HERE, '../src/cli/main.js');
const PARSE_CHILD = join(HERE, 'dbt', 'parse-child.js');
const READERS = ['selective', 'json-parse'];
const BIG = { nodes: 20_000, sqlChars: 1_600, columnsPerModel: 8, seed: 7 };
const ARCHIVE = { runs: 1_000, project: 2_000, resultsPerRun: 100, sqlChars: 300 };
// At exit the CLI prints its CPU time and peak RSS (VmHWM) to stderr: on a busy 2-core machine the wall
// time mostly measures the other jobs.
const REPORT_USAGE =
  'data:text/javascript,import{readFileSync}from"node:fs";process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("\\ncpu_ms="+Math.round((u.user+u.system)/1000)+" maxrss_kb="+/VmHWM:\\s+(\\d+)/.exec(readFileSync("/proc/self/status","utf8"))[1]+"\\n")})';
const AT = new Date('2026-11-20T07:30:00Z');
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function parseIn(reader: string, file: string): Promise<ParseFigures> {
  const { stdout } = await run(process.execPath, [PARSE_CHILD, reader, file], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as ParseFigures;
}

async function bigFiles(folder: string): Promise<void> {
  const manifest = join(folder, 'manifest.json');
  const runResults = join(folder, 'run_results.json');
  const generated = await writeManifest(manifest, BIG, AT);
  const runBytes = await writeRunResults(runResults, nodeIdsOf(BIG.nodes), { seed: 8, invocationId: 'big-run', generatedAt: AT, sqlChars: BIG.sqlChars });
  console.log(`manifest.json: ${BIG.nodes} nodes, ${mb(generated.bytes)}; run_results.json: ${BIG.nodes} results, ${mb(runBytes)}`);
  console.log('file           reader        wall s   CPU s   peak RSS   (node alone)   read');
  for (const [name, file] of [
    ['manifest', manifest],
    ['run_results', runResults],
  ] as const) {
    for (const reader of READERS) {
      const f = await parseIn(reader, file);
      console.log(
        `${name.padEnd(14)} ${reader.padEnd(13)} ${(f.ms / 1000).toFixed(2).padStart(6)}  ${(f.cpuMs / 1000).toFixed(2).padStart(6)}   ${f.peakRssMb.toFixed(0).padStart(5)} MB   ${f.baseRssMb.toFixed(0).padStart(5)} MB   ${f.entries} ${f.kind === 'manifest' ? 'nodes' : f.kind}`,
      );
    }
  }
}

/** An archive of runs: DIR/manifest.json and DIR/runs/NNNN/run_results.json, one hour apart up to AT. */
async function archive(folder: string): Promise<number> {
  const shape = { nodes: ARCHIVE.project, sqlChars: 800, columnsPerModel: 8, seed: 3 };
  let bytes = (await writeManifest(join(folder, 'manifest.json'), shape, AT)).bytes;
  const ids = nodeIdsOf(ARCHIVE.project);
  for (let r = 0; r < ARCHIVE.runs; r++) {
    const dir = join(folder, 'runs', String(r).padStart(4, '0'));
    mkdirSync(dir, { recursive: true });
    const first = (r * ARCHIVE.resultsPerRun) % ids.length;
    const selection = ids.slice(first, first + ARCHIVE.resultsPerRun);
    const generatedAt = new Date(AT.getTime() - (ARCHIVE.runs - r) * 3_600_000);
    bytes += await writeRunResults(join(dir, 'run_results.json'), selection, { seed: r, invocationId: `run-${r}`, generatedAt, sqlChars: ARCHIVE.sqlChars });
  }
  return bytes;
}

async function statusTimings(folder: string): Promise<void> {
  const bytes = await archive(folder);
  console.log(
    `\narchive: ${ARCHIVE.runs} run_results.json of ${ARCHIVE.resultsPerRun} results and a manifest of ${ARCHIVE.project} nodes, ${mb(bytes)} in all`,
  );
  const runs: { wall: number; cpu: number; rssMb: number }[] = [];
  let summary = '';
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const args = ['--import', REPORT_USAGE, CLI, 'dbt', 'status', '--artifacts', folder, '--at', AT.toISOString(), '--format', 'json'];
    const { stdout, stderr } = await run(process.execPath, args, { cwd: folder, maxBuffer: 64 << 20 }).catch((error: { stdout?: string; stderr?: string }) => {
      if (error.stdout === undefined) throw error;
      return { stdout: error.stdout, stderr: error.stderr ?? '' };
    });
    const usage = /cpu_ms=(\d+) maxrss_kb=(\d+)/.exec(stderr);
    runs.push({ wall: performance.now() - started, cpu: Number(usage?.[1] ?? NaN), rssMb: Number(usage?.[2] ?? NaN) / 1024 });
    const status = JSON.parse(stdout) as { pipelines: unknown[]; findings: unknown[]; problems: unknown[] };
    summary = `${status.pipelines.length} pipelines, ${status.findings.length} findings, ${status.problems.length} problems`;
  }
  runs.sort((a, b) => a.wall - b.wall);
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  console.log(`snowmon dbt status, 3 runs: ${summary}`);
  for (const r of runs) console.log(`  wall ${s(r.wall)}, CPU (user + system) ${s(r.cpu)}, peak RSS ${r.rssMb.toFixed(0)} MB`);
}

const folder = mkdtempSync(join(tmpdir(), 'snowmon-bench-dbt-'));
try {
  await bigFiles(folder);
  rmSync(join(folder, 'manifest.json'));
  rmSync(join(folder, 'run_results.json'));
  const archiveDir = join(folder, 'archive');
  mkdirSync(archiveDir);
  await statusTimings(archiveDir);
  await stat(archiveDir);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
