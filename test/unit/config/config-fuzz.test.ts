/**
 * Fuzzes the loaders with a few hundred seeded mutations of the shipped config/snowmon.example.yaml and
 * config/routing.yaml, in this process, through loadConfig and loadRouting (what check-config, run,
 * audit, route-test and SIGHUP reload all call), one in ten also through `snowmon check-config`. Whatever
 * the input: no other exception than a ConfigError, every error one `file:line: key: message (SMxxx)`
 * line, check-config's exit code 0 or 1, and no secret in anything shown.
 */

import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import { run as checkConfig } from '../../../src/cli/check-config.js';
import { CONFIG_ERROR_CODES, ConfigError } from '../../../src/config/errors.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import { describeRoutes } from '../../../src/router/describe-routes.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { CANARY, mutants } from '../../support/mutate-yaml.js';

const EXAMPLE = readFileSync('config/snowmon.example.yaml', 'utf8');
const ROUTING = readFileSync('config/routing.yaml', 'utf8');
const PER_FILE = 150;

/** Malformed store URLs carrying the canary, one per mutant in turn (for mutants that use ${DATABASE_URL}). */
const DATABASE_URLS = [
  `postgres://snowmon:${CANARY}/x@db/snowmon`,
  `postgres//snowmon:${CANARY}@db/snowmon`,
  `postgres:/snowmon:${CANARY}@db/snowmon`,
  `postgres://snowmon:${CANARY}@db/snowmon`,
];

const ENV = {
  SNOWFLAKE_PASSWORD: `${CANARY}-password`,
  SLACK_BOT_TOKEN: `xoxb-${CANARY}`,
  PD_ROUTING_KEY: `${CANARY}-pd`,
  SMTP_PASSWORD: `${CANARY}-smtp`,
  DATA_LEAD_EMAIL: 'lead@example.com',
  SNOWMON_EMAIL_FROM: 'snowmon@example.com',
  SMTP_HOST: 'smtp.example.com',
  SMTP_USER: 'snowmon',
};

const ISSUE_LINE = /^[^\n]+?(:\d+)?: ([^\n]+: )?[^\n]+ \((SM\d{3})\)$/;
const SUMMARY_LINE = /^[^\n]+: \d+ errors?$/;

let folder: string;
let example: string;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'snowmon-config-fuzz-'));
  // The example's key-pair files, so that the unmutated example passes and every section is exercised.
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: `${CANARY}-passphrase` },
  });
  writeFileSync(join(folder, 'key.p8'), privateKey);
  writeFileSync(join(folder, 'key.pass'), `${CANARY}-passphrase\n`);
  example = EXAMPLE.replace('/run/secrets/snowmon_rsa_key.p8', join(folder, 'key.p8')).replace('/run/secrets/snowmon_rsa_key.pass', join(folder, 'key.pass'));
});

afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function checkOne(dir: string, env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const code = await checkConfig(['--config', join(dir, 'snowmon.yaml')], {
    env: { SNOWFLAKE_HOME: home, ...env },
    home,
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
  });
  return { code, out, err };
}

function expectWellFormed(result: { code: number; out: string; err: string }, label: string): void {
  expect([0, 1], label).toContain(result.code);
  expect(result.out + result.err, label).not.toContain(CANARY);
  expect(result.out + result.err, label).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  if (result.code === 0) {
    expect(result.err, label).toBe('');
    return;
  }
  const lines = result.err.trimEnd().split('\n');
  expect(lines.at(-1), label).toMatch(SUMMARY_LINE);
  for (const line of lines.slice(0, -1)) {
    const shape = ISSUE_LINE.exec(line);
    expect(shape, `${label}: ${line.slice(0, 300)}`).not.toBeNull();
    expect(Object.keys(CONFIG_ERROR_CODES), label).toContain(shape?.[3]);
    expect(line.length, label).toBeLessThan(1000);
  }
}

/** Loads one mutant with the loader the CLI uses; its error lines, or what check-config would print of it. */
async function loadOne(name: 'snowmon.yaml' | 'routing.yaml', file: string, env: Record<string, string>): Promise<{ lines: string[]; shown: string }> {
  try {
    if (name === 'snowmon.yaml') {
      const config = await loadConfig(file, env);
      return { lines: [], shown: `${config.store.display}\n${JSON.stringify(config)}\n${inspect(config, { depth: 10 })}` };
    }
    const routing = await loadRouting(file, env);
    return { lines: [], shown: `${describeRoutes(routing)}\n${JSON.stringify(routing)}\n${inspect(routing, { depth: 10 })}` };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { lines: error.message.split('\n'), shown: error.message };
  }
}

describe('fuzzing snowmon.yaml and routing.yaml', () => {
  it('does pass the unmutated example and routing table through check-config', async () => {
    const dir = mkdtempSync(join(folder, 'base-'));
    writeFileSync(join(dir, 'snowmon.yaml'), example);
    writeFileSync(join(dir, 'routing.yaml'), ROUTING);
    const result = await checkOne(dir, { ...ENV, DATABASE_URL: DATABASE_URLS[0] as string });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
  });

  for (const [name, seed] of [
    ['snowmon.yaml', 7],
    ['routing.yaml', 11],
  ] as const) {
    it(`does load every mutant of ${name} or refuse it one line per error, with no secret shown`, async () => {
      const source = name === 'snowmon.yaml' ? example : ROUTING;
      const codes = new Set<string>();
      let i = 0;
      for (const mutant of mutants(source, seed, PER_FILE)) {
        const label = `${name} mutant ${i} (seed ${seed})`;
        const dir = mkdtempSync(join(folder, `${name}-${i}-`));
        writeFileSync(join(dir, 'snowmon.yaml'), name === 'snowmon.yaml' ? mutant : example);
        writeFileSync(join(dir, 'routing.yaml'), name === 'routing.yaml' ? mutant : ROUTING);
        const env = { ...ENV, DATABASE_URL: DATABASE_URLS[i % DATABASE_URLS.length] as string };
        const loaded = await loadOne(name, join(dir, name), env);
        expect(loaded.shown, label).not.toContain(CANARY);
        for (const line of loaded.lines) {
          const shape = ISSUE_LINE.exec(line);
          expect(shape, `${label}: ${line.slice(0, 300)}`).not.toBeNull();
          expect(Object.keys(CONFIG_ERROR_CODES), label).toContain(shape?.[3]);
          expect(line.length, label).toBeLessThan(1000);
          codes.add(shape?.[3] as string);
        }
        // One in ten also through the whole command, as a user would run it.
        if (i % 10 === 0) expectWellFormed(await checkOne(dir, env), label);
        rmSync(dir, { recursive: true, force: true });
        i++;
      }
      // The mutations reach the parser's limits and the validators, not only syntax errors.
      expect([...codes]).toEqual(expect.arrayContaining(['SM101', 'SM102', 'SM103', 'SM113']));
    });
  }
});
