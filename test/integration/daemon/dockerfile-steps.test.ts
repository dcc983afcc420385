/**
 * No Docker engine runs here, so this test reads the Dockerfile, checks its structure, and replays what
 * can be replayed without one: a production-only install into a clean folder and the built CLI starting
 * from it with nothing else around.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

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
const inStage = (stage: number, keyword: string): Instruction[] =>
  dockerfile.instructions.filter((i) => i.stage === stage && i.keyword === keyword);
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
    const order = [at(/apt-get install/), at(/^npm ci$/), at(/^npm run build$/), at(/^npm prune --omit=dev$/)];
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('does copy only built artefacts and production node_modules into the runtime stage', () => {
    const copies = inStage(last, 'COPY').map((i) => i.args);
    expect(copies.every((c) => c.startsWith('--from=build '))).toBe(true);
    const sources = copies.map((c) => c.split(/\s+/)[1]);
    expect(sources.sort()).toEqual(['/app/config', '/app/dist', '/app/node_modules', '/app/package.json', '/app/queries']);
    expect(inStage(last, 'RUN').map((i) => i.args).join(' ')).not.toMatch(/npm (ci|install)/);
  });

  it('does run as a non-root user with the store in a /data volume', () => {
    const users = inStage(last, 'USER').map((i) => i.args);
    expect(users).toHaveLength(1);
    expect(users[0]).not.toMatch(/^(root|0)(:|$)/);
    const userAt = dockerfile.instructions.findIndex((i) => i.stage === last && i.keyword === 'USER');
    const entryAt = dockerfile.instructions.findIndex((i) => i.keyword === 'ENTRYPOINT');
    expect(userAt).toBeLessThan(entryAt);
    expect(inStage(last, 'VOLUME').map((i) => i.args)).toEqual(['/data']);
    expect(inStage(last, 'ENV').map((i) => i.args).join(' ')).toMatch(/SNOWMON_STORE_URL=sqlite:\/data\/snowmon\.db/);
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
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const sources = inStage(0, 'COPY').flatMap((i) => i.args.split(/\s+/).slice(0, -1)).filter((s) => !s.startsWith('--'));
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
    const build = await run('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', join(dir, 'dist')], { cwd: ROOT })
      .then(() => '', (error: { stdout?: string }) => error.stdout ?? String(error));
    // Type errors elsewhere in the tree still emit JavaScript; the CLI entry must exist either way.
    if (build) console.warn(`tsc reported errors (emitted anyway):\n${build.slice(0, 2000)}`);
    expect(existsSync(join(dir, 'dist/src/cli/main.js'))).toBe(true);

    // Production dependencies only. The Dockerfile gets them by `npm ci` + `npm prune --omit=dev`; here
    // `npm ci --omit=dev` gives the same set faster. `--ignore-scripts` because the root `prepare` script
    // runs tsc, a devDependency; better-sqlite3's own install script (prebuilt binary or node-gyp) is
    // then run by `npm rebuild`.
    for (const file of ['package.json', 'package-lock.json']) cpSync(join(ROOT, file), join(dir, file));
    await run('npm', ['ci', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, maxBuffer: 64 << 20 });
    await run('npm', ['rebuild', 'better-sqlite3'], { cwd: dir, maxBuffer: 64 << 20 });
    expect(existsSync(join(dir, 'node_modules/typescript'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/vitest'))).toBe(false);
    expect(existsSync(join(dir, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);

    // Runtime stage: dist, queries, config, package.json beside node_modules.
    for (const folder of ['queries', 'config']) cpSync(join(ROOT, folder), join(dir, folder), { recursive: true });

    const help = await run('node', [join(dir, 'dist/src/cli/main.js'), '--help'], { cwd: dir });
    expect(help.stdout).toContain('usage: snowmon <command>');
    expect(help.stdout).toContain('audit');

    // The native addon loads from the production install (the store's driver).
    const sqlite = await run('node', ['-e', "const D = require('better-sqlite3'); const db = new D(':memory:'); console.log(db.prepare('select 41 + 1 as n').get().n)"], { cwd: dir });
    expect(sqlite.stdout.trim()).toBe('42');

    // The `run` command (the daemon) does not exist yet, so the HEALTHCHECK replay — start `snowmon run`
    // from this folder and execute the HEALTHCHECK command against it — is left for when it does.
  }, 900_000);
});
