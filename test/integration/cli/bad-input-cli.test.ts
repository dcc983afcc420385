/**
 * Bad input through the real `snowmon` process (compiled with tsc, spawned with node): broken, hostile
 * and mutated config and routing files end `check-config`, `run`, `audit` and `route-test` with their
 * documented exit code and one line per error, no stack trace and no secret; and output closed early
 * (`snowmon ... | head`) ends the command quietly with its own exit code.
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/cli/load-config.js';
import { compileForChild } from '../../support/compile-for-child.js';
import { CANARY, mutants } from '../../support/mutate-yaml.js';

let main: string;
let folder: string;

beforeAll(() => {
  main = compileForChild('src/cli/main.ts');
  folder = mkdtempSync(join(tmpdir(), 'snowmon-bad-input-'));
}, 180_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `snowmon ARGS` with only the given environment; `close` shuts that output before the child writes. */
function snowmon(args: readonly string[], env: Record<string, string> = {}, close?: 'stdout' | 'stderr'): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [main, ...args], {
      cwd: folder,
      env: { PATH: process.env.PATH ?? '', HOME: folder, SNOWFLAKE_HOME: folder, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (close === 'stdout') child.stdout.destroy();
    else child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    if (close === 'stderr') child.stderr.destroy();
    else child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const ISSUE_LINE = /^[^\n]+?(:\d+)?: ([^\n]+: )?[^\n]+ \(SM\d{3}\)$/;
const SUMMARY_LINE = /^[^\n]+: \d+ errors?$/;
const ENV = { SNOWFLAKE_PASSWORD: `${CANARY}-password`, SLACK_BOT_TOKEN: `xoxb-${CANARY}`, PD_ROUTING_KEY: `${CANARY}-pd`, SMTP_PASSWORD: `${CANARY}-smtp` };

/** Exit code, one error per line (plus check-config's count), no stack trace, no secret, nothing on stdout. */
function expectRefused(result: Run, code: number, label: string): void {
  expect(result.code, `${label}\n${result.stderr.slice(0, 2000)}`).toBe(code);
  expect(result.stdout, label).toBe('');
  expect(result.stdout + result.stderr, label).not.toContain(CANARY);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines.length, label).toBeGreaterThan(0);
  for (const line of lines) expect(ISSUE_LINE.test(line) || SUMMARY_LINE.test(line), `${label}: ${line.slice(0, 300)}`).toBe(true);
}

function file(name: string, text: string | Uint8Array): string {
  const path = join(folder, name);
  writeFileSync(path, text);
  return path;
}

describe('bad input through the snowmon process', () => {
  it('does end every command with its exit code and one line per error for hostile config files', async () => {
    const long = file('long.yaml', `snowflake:\n  statement_timeout: "${'9'.repeat(200_000)}"\n`);
    const cases: readonly (readonly [string, string])[] = [
      ['malformed postgres url', file('pg.yaml', 'store:\n  url: ${DATABASE_URL}\n')],
      ['alias bomb', resolve('test/fixtures/config/alias-bomb.yaml')],
      ['undefined alias', resolve('test/fixtures/config/undefined-alias.yaml')],
      ['deep nesting', resolve('test/fixtures/config/deep-flow-nesting.yaml')],
      ['binary', resolve('test/fixtures/config/control-character.yaml')],
      ['long value', long],
    ];
    // Each case also through one of the other commands in turn: the malformed store url through run.
    const commands: readonly (readonly [string[], number])[] = [
      [['run'], 2],
      [['audit'], 2],
      [['route-test', 'alert_type=x'], 2],
    ];
    for (const [i, [label, config]] of cases.entries()) {
      const env = { ...ENV, DATABASE_URL: `postgres://snowmon:${CANARY}/x@db/snowmon` };
      expectRefused(await snowmon(['check-config', '--config', config], env), 1, `check-config, ${label}`);
      const [args, code] = commands[i % commands.length] as readonly [string[], number];
      expectRefused(await snowmon([...args, '--config', config], env), code, `${args[0]}, ${label}`);
    }
    expect(readFileSync(long, 'utf8').length).toBeGreaterThan(200_000);
  }, 120_000);

  it('does refuse a hostile routing file the same way in route-test, audit --notify and run', async () => {
    const config = file('with-bomb-routing.yaml', `routing:\n  file: ${resolve('test/fixtures/config/alias-bomb.yaml')}\n`);
    const expected = `${resolve('test/fixtures/config/alias-bomb.yaml')}:7: aliases expand to more than 100000 values (SM113)\n`;
    for (const args of [['route-test', 'alert_type=x'], ['audit', '--notify', '--emulator'], ['run']]) {
      const result = await snowmon([...args, '--config', config], ENV);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toBe(expected);
    }
  }, 120_000);

  it('does end mutated example configs with exit 1 or 0 and no stack trace', async () => {
    const example = readFileSync('config/snowmon.example.yaml', 'utf8');
    for (const [i, mutant] of mutants(example, 5, 4).entries()) {
      const path = file(`mutant-${i}.yaml`, mutant);
      const loaded = await loadConfig(path, ENV).then(
        () => 0,
        () => 1,
      );
      const result = await snowmon(['check-config', '--config', path], ENV);
      if (loaded === 1) expectRefused(result, 1, `mutant ${i}`);
      expect(result.stderr, `mutant ${i}`).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
      expect(result.stdout + result.stderr).not.toContain(CANARY);
    }
  }, 120_000);

  it('does end quietly with its own exit code when stdout or stderr is closed early', async () => {
    const usage = await snowmon([], {}, 'stdout');
    expect(usage).toEqual({ code: 0, stdout: '', stderr: '' });
    const help = await snowmon(['route-test', '--help'], {}, 'stdout');
    expect(help).toEqual({ code: 0, stdout: '', stderr: '' });
    const refused = await snowmon(['check-config', '--config', resolve('test/fixtures/config/alias-bomb.yaml')], {}, 'stderr');
    expect(refused).toEqual({ code: 1, stdout: '', stderr: '' });
    const unknown = await snowmon(['no-such-command'], {}, 'stderr');
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: '' });
  }, 60_000);
});
