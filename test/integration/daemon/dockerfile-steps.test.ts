/**
 * No Docker engine runs here, so this test reads the Dockerfile, checks its structure, and replays what
 * can be replayed without one: a production-only install into a clean folder, the built CLI starting
 * from it with nothing else around, and the image's default command (`snowmon run`) started from that
 * folder with the image's environment and working directory (a temp folder standing for /data), judged
 * healthy by the Dockerfile's own HEALTHCHECK command, and stopped by SIGTERM with exit 0.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { configText, PASSWORD_VAR, ROUTING, T0 } from './run-harness.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly stage: number;
}

interface Stage {
  readonly image: string;
  readonly name?: string;
}

/** Instructions in order (continuations joined, comments dropped) and the stages they belong to. */
function parseDockerfile(text: string): { instructions: Instruction[]; stages: Stage[]; args: Map<string, string> } {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (current === '' && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    if (line.trim().startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    logical.push(`${current}${line}`.trim());
    current = '';
  }
  const args = new Map<string, string>();
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  for (const line of logical) {
    const match = /^(\w+)\s+([\s\S]*)$/.exec(line);
    if (!match) continue;
    const keyword = match[1]!.toUpperCase();
    const rest = match[2]!.trim();
    if (keyword === 'ARG' && stages.length === 0) {
      const [name, value] = rest.split('=');
      if (name && value !== undefined) args.set(name, value);
    }
    if (keyword === 'FROM') {
      const [image, as, name] = rest.split(/\s+/);
      const resolved = (image ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string, b: string) => args.get(a ?? b) ?? '');
      stages.push({ image: resolved, ...(as?.toUpperCase() === 'AS' && name ? { name } : {}) });
    }
    instructions.push({ keyword, args: rest, stage: stages.length - 1 });
  }
  return { instructions, stages, args };
}

const dockerfile = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const inStage = (stage: number, keyword: string): Instruction[] => dockerfile.instructions.filter((i) => i.stage === stage && i.keyword === keyword);
const last = dockerfile.stages.length - 1;

describe('Dockerfile structure', () => {
  it('does build from node:20-bookworm-slim in a build stage and a runtime stage', () => {
    expect(dockerfile.stages.map((s) => s.image)).toEqual(['node:20-bookworm-slim', 'node:20-bookworm-slim']);
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['build', 'runtime']);
  });

  it('does install the native build tools, install, build and prune in the build stage, in that order', () => {
    const runs = inStage(0, 'RUN').map((i) => i.args);
    const at = (pattern: RegExp): number => runs.findIndex((r) => pattern.test(r));
    expect(runs[at(/apt-get install/)]).toMatch(/python3/);
    expect(runs[at(/apt-get install/)]).toMatch(/\bmake\b/);
    expect(runs[at(/apt-get install/)]).toMatch(/g\+\+/);
    const order = [at(/apt-get install/), at(/^npm ci$/), at(/^npm run build$/), at(/^npm prune --omit=dev --omit=optional$/)];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('does copy only built artefacts and production node_modules into the runtime stage', () => {
    const copies = inStage(last, 'COPY').map((i) => i.args);
    expect(copies.every((c) => c.startsWith('--from=build '))).toBe(true);
    const sources = copies.map((c) => c.split(/\s+/)[1]);
    expect(sources.sort()).toEqual(['/app/config', '/app/dist', '/app/node_modules', '/app/package.json', '/app/queries']);
    expect(
      inStage(last, 'RUN')
        .map((i) => i.args)
        .join(' '),
    ).not.toMatch(/npm (ci|install)/);
  });

  it('does run as a non-root user with the store in a /data volume', () => {
    const users = inStage(last, 'USER').map((i) => i.args);
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    const userAt = dockerfile.instructions.findIndex((i) => i.stage === last && i.keyword === 'USER');
    const entryAt = dockerfile.instructions.findIndex((i) => i.keyword === 'ENTRYPOINT');
    expect(userAt).toBeLessThan(entryAt);
    expect(inStage(last, 'VOLUME').map((i) => i.args)).toEqual(['/data']);
    // The default store, ./snowmon.db, resolves in the working directory: the volume.
    expect(
      inStage(last, 'WORKDIR')
        .map((i) => i.args)
        .at(-1),
    ).toBe('/data');
  });

  it('does declare a node-based HEALTHCHECK on /healthz and run `snowmon run` by default', () => {
    const health = inStage(last, 'HEALTHCHECK').map((i) => i.args);
    expect(health).toHaveLength(1);
    const cmd = /CMD\s+(\[[\s\S]*\])$/.exec(health[0]!)?.[1];
    const argv = JSON.parse(cmd ?? 'null') as string[];
    expect(argv[0]).toBe('node');
    expect(argv.join(' ')).toContain('/healthz');
    expect(JSON.parse(inStage(last, 'ENTRYPOINT')[0]!.args)).toEqual(['node', '/app/dist/src/cli/main.js']);
    expect(JSON.parse(inStage(last, 'CMD')[0]!.args)).toEqual(['run']);
  });

  it('does copy only sources that exist and that .dockerignore lets through', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    const sources = inStage(0, 'COPY')
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1))
      .filter((s) => !s.startsWith('--'));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(existsSync(join(ROOT, source)), source).toBe(true);
      expect(ignored, source).not.toContain(source);
    }
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git']));
  });
});

describe('Dockerfile install replay', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'snowmon-docker-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('does start the built CLI with production dependencies only when installed into a clean folder', async () => {
    // Build stage, `npm run build`: compile into the clean folder (never the shared dist/).
    const build = await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist')], { cwd: ROOT }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    // Type errors elsewhere in the tree still emit JavaScript; the CLI entry must exist either way.
    if (build) console.warn(`tsc reported errors (emitted anyway):\n${build.slice(0, 2000)}`);
    expect(existsSync(join(dir, 'dist/src/cli/main.js'))).toBe(true);

    // Production dependencies only, without the optional DuckDB. The Dockerfile gets them by `npm ci` +
    // `npm prune --omit=dev --omit=optional`; here `npm ci --omit=dev --omit=optional` gives the same set faster. `--ignore-scripts` because the root `prepare` script
    // runs tsc, a devDependency; better-sqlite3's own install script (prebuilt binary or node-gyp) is
    // then run by `npm rebuild`.
    for (const file of ['package.json', 'package-lock.json']) cpSync(join(ROOT, file), join(dir, file));
    await run('npm', ['ci', '--omit=dev', '--omit=optional', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, maxBuffer: 64 << 20 });
    await run('npm', ['rebuild', 'better-sqlite3'], { cwd: dir, maxBuffer: 64 << 20 });
    expect(existsSync(join(dir, 'node_modules/typescript'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/vitest'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/@duckdb'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);

    // Runtime stage: dist, queries, config, package.json beside node_modules.
    for (const folder of ['queries', 'config']) cpSync(join(ROOT, folder), join(dir, folder), { recursive: true });

    const help = await run('node', [join(dir, 'dist/src/cli/main.js'), '--help'], { cwd: dir });
    expect(help.stdout).toContain('usage: snowmon <command>');
    expect(help.stdout).toContain('audit');

    // The native addon loads from the production install (the store's driver).
    const sqlite = await run(
      'node',
      ['-e', "const D = require('better-sqlite3'); const db = new D(':memory:'); console.log(db.prepare('select 41 + 1 as n').get().n)"],
      { cwd: dir },
    );
    expect(sqlite.stdout.trim()).toBe('42');

    // The emulator's commands say what is missing and how to install it, instead of a stack trace.
    const demo = await run('node', [join(dir, 'dist/src/cli/main.js'), 'demo'], { cwd: dir }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? '' }),
    );
    expect(demo.code).toBe(2);
    expect(demo.stderr).toMatch(/^snowmon demo needs DuckDB \(@duckdb\/node-api@1\.5\.5-r\.5\), .* \(SM140\)\n$/);
  }, 900_000);

  it('does pass the HEALTHCHECK command once `snowmon run` starts from the clean install, and exit 0 on SIGTERM', async (context) => {
    const main = join(dir, 'dist/src/cli/main.js');
    if (!existsSync(join(dir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))) context.skip('the install replay above did not complete');
    const runtime = dockerfile.instructions.filter((i) => i.stage === last);
    // The image's environment (ENV lines of the runtime stage) and its ENTRYPOINT + CMD, run from the install folder.
    const imageEnv: Record<string, string> = {};
    for (const env of runtime.filter((i) => i.keyword === 'ENV')) {
      for (const [, key, value] of env.args.matchAll(/(\w+)=(\S+)/g)) imageEnv[key as string] = value as string;
    }
    const entrypoint = JSON.parse(runtime.find((i) => i.keyword === 'ENTRYPOINT')!.args) as string[];
    const cmd = JSON.parse(runtime.find((i) => i.keyword === 'CMD')!.args) as string[];
    expect(entrypoint[1]).toBe('/app/dist/src/cli/main.js');
    const health = JSON.parse(/CMD\s+(\[[\s\S]*\])$/.exec(runtime.find((i) => i.keyword === 'HEALTHCHECK')!.args)![1]!) as string[];

    const port = await freePort();
    const data = mkdtempSync(join(tmpdir(), 'snowmon-docker-data-'));
    let emulator: RunningEmulator | undefined;
    const child = { exit: undefined as Promise<number | null> | undefined, kill: (_s: NodeJS.Signals) => false as boolean };
    try {
      emulator = await startEmulator({ clock: new FrozenClock(T0), scenario: { seed: 7, days: 30, queryHistoryRows: 1000 }, advanceClockWithQueries: false });
      // WORKDIR /data: ./snowmon.yaml is found there and the default store ./snowmon.db lands there (the volume).
      // The config sets daemon.http.port too: snowmon reads no SNOWMON_HTTP_PORT variable (yet), so the
      // image relies on both defaulting to 8080; a free port here keeps this test off fixed ports.
      writeFileSync(join(data, 'routing.yaml'), ROUTING);
      writeFileSync(
        join(data, 'snowmon.yaml'),
        configText(emulator, [`  http: { port: ${port}, host: 127.0.0.1 }`, '  shutdown_grace: 10s']).replace(/store:\n {2}url: [^\n]*\n/, ''),
      );
      const env = { ...process.env, ...imageEnv, SNOWMON_HTTP_PORT: String(port), [PASSWORD_VAR]: 'snowmon-demo-password' };
      const healthcheck = () =>
        run(health[0] === 'node' ? process.execPath : health[0]!, health.slice(1), { cwd: data, env, timeout: 5_000 }).then(
          () => 0,
          (error: { code?: number }) => (typeof error.code === 'number' ? error.code : 1),
        );

      // Nothing listens yet: the HEALTHCHECK command fails.
      expect(await healthcheck()).toBe(1);

      const output: string[] = [];
      const daemon = spawn(process.execPath, [main, ...cmd], { cwd: data, env, stdio: ['ignore', 'pipe', 'pipe'] });
      daemon.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
      daemon.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
      child.exit = new Promise((resolve) => daemon.once('exit', (code) => resolve(code)));
      child.kill = (signal) => daemon.kill(signal);

      let healthy = 1;
      for (let i = 0; i < 120 && healthy !== 0 && daemon.exitCode === null; i++) {
        await new Promise((r) => setTimeout(r, 250));
        healthy = await healthcheck();
      }
      expect(healthy, output.join('').slice(-2000)).toBe(0);
      let ready = 0;
      for (let i = 0; i < 120 && ready !== 200; i++) {
        ready = await fetch(`http://127.0.0.1:${port}/readyz`).then(
          (r) => r.status,
          () => 0,
        );
        if (ready !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(ready, output.join('').slice(-2000)).toBe(200);
      expect(existsSync(join(data, 'snowmon.db'))).toBe(true);

      daemon.kill('SIGTERM');
      const grace = new Promise<'grace over'>((r) => setTimeout(() => r('grace over'), 15_000));
      expect(await Promise.race([child.exit, grace])).toBe(0);
      expect(output.join('')).toMatch(/"msg":"stopped"/);
    } finally {
      child.kill('SIGKILL');
      await emulator?.stop();
      rmSync(data, { recursive: true, force: true });
    }
  }, 120_000);
});

/** A port free on 127.0.0.1 right now (asked of the OS, then released). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
