/**
 * Benchmark of one emulator serving many accounts (`snowmon emulator --accounts N`): for 50 and 200
 * accounts, in a fresh child process each, prints the start time and RSS before any login, then the time
 * for the real snowflake-sdk to log in to every account once (each first login seeds that account) and
 * the RSS afterwards (and what each account seeded by a login added). Prints figures; asserts nothing. `npm run bench:emulator-accounts [-- N ...]`.
 */

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import snowflake from 'snowflake-sdk';
import { parseAccounts } from '../src/cli/emulator.js';
import { FrozenClock } from '../src/emulator/clock.js';
import { SNOWMON_LOGIN } from '../src/emulator/scenarios/seed-scenario.js';
import { startEmulator } from '../src/emulator/start-emulator.js';

/** The smallest scenario the seeder accepts: what a fleet benchmark needs per account. */
const SCENARIO = { days: 30, queryHistoryRows: 1000 } as const;
const PARALLEL_LOGINS = 8;

interface Figures {
  readonly accounts: number;
  readonly startMs: number;
  readonly rssAtStartMb: number;
  readonly allLoggedInMs: number;
  readonly rssAfterMb: number;
  readonly peakRssMb: number;
  readonly threads: number;
  /** CPU seconds (user + system) the whole child used: start, seeding and logins. */
  readonly cpuSeconds: number;
}

function status(field: string): number {
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
}

function login(url: string, account: string): Promise<void> {
  const connection = snowflake.createConnection({
    accessUrl: url,
    account,
    username: SNOWMON_LOGIN.name,
    password: SNOWMON_LOGIN.password ?? '',
    sfRetryMaxLoginRetries: 0,
  });
  return new Promise((resolve, reject) => {
    connection.connect((error) => {
      if (error) reject(error);
      else connection.destroy(() => resolve());
    });
  });
}

/** Runs in the child: start, log in to every account, report. */
async function child(count: number): Promise<Figures> {
  snowflake.configure({ logLevel: 'OFF' });
  const names = parseAccounts(String(count)) ?? [];
  const started = performance.now();
  const emulator = await startEmulator({ clock: new FrozenClock('2026-11-20T15:00:00Z'), scenario: SCENARIO, accounts: names });
  const startMs = performance.now() - started;
  const rssAtStartMb = status('VmRSS') / 1024;
  const loginStarted = performance.now();
  const queue = [...names];
  await Promise.all(
    Array.from({ length: PARALLEL_LOGINS }, async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) await login(emulator.url, name);
    }),
  );
  const figures: Figures = {
    accounts: count,
    startMs,
    rssAtStartMb,
    allLoggedInMs: performance.now() - loginStarted,
    rssAfterMb: status('VmRSS') / 1024,
    peakRssMb: status('VmHWM') / 1024,
    threads: status('Threads'),
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  };
  await emulator.stop();
  return figures;
}

function runChild(count: number): Promise<Figures> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', String(count)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as Figures) : reject(new Error(`child for ${count} accounts exited ${code}`))));
  });
}

/** What each account seeded by a login added: the RSS after less the RSS at start (the first account seeded), over the others. */
function perAccount(f: Figures): string {
  return f.accounts > 1 ? ((f.rssAfterMb - f.rssAtStartMb) / (f.accounts - 1)).toFixed(1) : '-';
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    process.stdout.write(JSON.stringify(await child(Number(args[1]))));
    return;
  }
  const counts = args.length > 0 ? args.map(Number) : [50, 200];
  process.stdout.write(
    `emulator accounts: ${SCENARIO.queryHistoryRows} query-history rows and ${SCENARIO.days} days each, ${PARALLEL_LOGINS} logins at a time\n`,
  );
  process.stdout.write('accounts  start s  RSS at start MB  log in to all s  RSS after MB  MB/account  peak RSS MB  threads  CPU s\n');
  for (const count of counts) {
    const f = await runChild(count);
    process.stdout.write(
      `${String(f.accounts).padStart(8)}  ${(f.startMs / 1000).toFixed(2).padStart(7)}  ${f.rssAtStartMb.toFixed(0).padStart(15)}  ` +
        `${(f.allLoggedInMs / 1000).toFixed(1).padStart(15)}  ${f.rssAfterMb.toFixed(0).padStart(12)}  ${perAccount(f).padStart(10)}  ${f.peakRssMb.toFixed(0).padStart(11)}  ${String(f.threads).padStart(7)}  ${f.cpuSeconds.toFixed(1).padStart(5)}\n`,
    );
  }
}

await main();
