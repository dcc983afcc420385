/**
 * Benchmark of `snowmon audit` against the built-in emulator: for the default scenario, 250,000 and
 * 1,000,000 query-history rows, runs the real CLI in a child process and prints its wall time and peak
 * memory, the statements it sent, the warehouse resumes it caused, the seconds and credits the emulator's
 * billing model charged snowmon's XS warehouse, and how much of that its statements spent executing (the
 * rest is the auto-suspend tail). Prints figures; asserts nothing about time. `npm run bench:audit`.
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/start-emulator.js';
import { SNOWMON_LOGIN } from '../src/emulator/scenarios/seed-scenario.js';
import { FrozenClock } from '../src/emulator/clock.js';
import { executionShare, type ExecutionShare } from './audit/execution-share.js';

const CLI = resolve(dirname(fileURLToPath(import.meta.url)), '../src/cli/main.js');
// VmHWM is the peak RSS of this process's own address space; getrusage's maxRSS would also count the
// parent's (Linux keeps ru_maxrss across fork and exec), and the parent holds the emulator.
const REPORT_MAX_RSS =
  'data:text/javascript,import{readFileSync}from"node:fs";process.on("exit",()=>process.stderr.write("\\nmaxrss_kb="+/VmHWM:\\s+(\\d+)/.exec(readFileSync("/proc/self/status","utf8"))[1]+"\\n"))';
const WAREHOUSE = SNOWMON_LOGIN.defaultWarehouse ?? 'SNOWMON_WH';

interface Figures {
  readonly scenario: string;
  readonly queryHistoryRows: number;
  readonly queryHistoryRows7d: number;
  readonly seedSeconds: number;
  readonly auditSeconds: number;
  readonly peakRssMb: number;
  readonly exitCode: number;
  readonly failedChecks: number;
  readonly statements: number;
  readonly byKind: string;
  readonly resumes: number;
  readonly credits: number;
  readonly execution: ExecutionShare;
}

async function measure(label: string, queryHistoryRows: number | undefined): Promise<Figures> {
  const seedStarted = performance.now();
  const emulator = await startEmulator({
    clock: new FrozenClock('2026-11-20T15:00:00Z'),
    scenario: { seed: 42, ...(queryHistoryRows !== undefined ? { queryHistoryRows } : {}) },
  });
  const seedSeconds = (performance.now() - seedStarted) / 1000;
  try {
    const [rowCounts] = await emulator.queryRaw(`select count(*)::BIGINT as total,
      count(*) filter (where start_time >= TIMESTAMPTZ '${new Date(emulator.clock.now().getTime() - 7 * 86_400_000).toISOString()}')::BIGINT as last_7d
      from snowflake.account_usage.query_history`);
    const folder = mkdtempSync(join(tmpdir(), 'snowmon-bench-'));
    const config = join(folder, 'snowmon.yaml');
    writeFileSync(
      config,
      [
        'snowflake:',
        `  account: ${emulator.accountName}`,
        `  access_url: ${emulator.url}`,
        `  user: ${SNOWMON_LOGIN.name}`,
        '  password: ${SNOWMON_BENCH_PASSWORD}',
        `  role: ${SNOWMON_LOGIN.defaultRole}`,
        `  warehouse: ${WAREHOUSE}`,
        '',
      ].join('\n'),
    );
    const before = emulator.statements.length;
    const started = performance.now();
    const { code, stdout, stderr } = await runCli(['audit', '--config', config, '--format', 'json', '--quiet'], {
      SNOWMON_BENCH_PASSWORD: SNOWMON_LOGIN.password ?? '',
    });
    const auditSeconds = (performance.now() - started) / 1000;
    const rss = /maxrss_kb=(\d+)/.exec(stderr);
    let failedChecks = -1;
    try {
      failedChecks = (JSON.parse(stdout) as { checks: { status: string }[] }).checks.filter((c) => c.status !== 'ok').length;
    } catch {
      process.stderr.write(`audit output was not JSON:\n${stderr}\n`);
    }
    const sent = emulator.statements.slice(before);
    const kinds = new Map<string, number>();
    for (const s of sent) kinds.set(s.kind, (kinds.get(s.kind) ?? 0) + 1);
    // Look an hour ahead so the run has auto-suspended and is fully settled.
    const charge = emulator.billing.charges(new Date(emulator.clock.now().getTime() + 3_600_000)).get(WAREHOUSE);
    return {
      scenario: label,
      seedSeconds,
      auditSeconds,
      queryHistoryRows: Number(rowCounts?.['total']),
      queryHistoryRows7d: Number(rowCounts?.['last_7d']),
      peakRssMb: rss ? Number(rss[1]) / 1024 : NaN,
      exitCode: code,
      failedChecks,
      statements: sent.length,
      byKind: [...kinds].map(([k, n]) => `${k} ${n}`).join(', '),
      resumes: charge?.resumes ?? 0,
      credits: charge?.credits ?? 0,
      execution: executionShare(sent, WAREHOUSE, charge?.billedSeconds ?? 0),
    };
  } finally {
    await emulator.stop();
  }
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', REPORT_MAX_RSS, CLI, ...args], {
      env: { ...process.env, ...env, SNOWFLAKE_DISABLE_PLATFORM_DETECTION: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? -1, stdout, stderr }));
  });
}

const rows: Figures[] = [];
rows.push(await measure('default scenario', undefined));
rows.push(await measure('250,000 query-history rows', 250_000));
rows.push(await measure('1,000,000 query-history rows', 1_000_000));

const line = (cells: readonly string[]) =>
  `${cells[0]?.padEnd(46)}${cells
    .slice(1)
    .map((c) => c.padStart(30))
    .join('  ')}`;
process.stdout.write('\nsnowmon audit against the emulator (real CLI process, real snowflake-sdk)\n\n');
process.stdout.write(line(['', ...rows.map((r) => r.scenario)]) + '\n');
const table: [string, (r: Figures) => string][] = [
  ['QUERY_HISTORY rows (in the last 7 days)', (r) => `${r.queryHistoryRows} (${r.queryHistoryRows7d})`],
  ['emulator seeding (s)', (r) => r.seedSeconds.toFixed(1)],
  ['audit wall time (s)', (r) => r.auditSeconds.toFixed(2)],
  ['audit peak memory, RSS (MB)', (r) => r.peakRssMb.toFixed(0)],
  ['audit exit code / failed checks', (r) => `${r.exitCode} / ${r.failedChecks}`],
  ['statements sent', (r) => String(r.statements)],
  ['  by kind', (r) => r.byKind],
  [`${WAREHOUSE} resumes caused (goal 1)`, (r) => String(r.resumes)],
  [`${WAREHOUSE} billed seconds`, (r) => r.execution.billedSeconds.toFixed(1)],
  [`${WAREHOUSE} credits (floor 0.0167)`, (r) => r.credits.toFixed(4)],
  [`statements executing on ${WAREHOUSE} (s)`, (r) => `${r.execution.executionSeconds.toFixed(2)} in ${r.execution.statements}`],
  ['  execution share of billed time', (r) => `${(r.execution.share * 100).toFixed(1)} %`],
  ['  billed but idle (auto-suspend tail) (s)', (r) => r.execution.idleSeconds.toFixed(1)],
  ['  slowest check (s)', (r) => (r.execution.slowest ? `${r.execution.slowest.check} ${r.execution.slowest.seconds.toFixed(2)}` : '-')],
];
for (const [name, value] of table) process.stdout.write(line([name, ...rows.map(value)]) + '\n');
process.stdout.write(
  '\nThe emulator executes on in-memory DuckDB, far faster than a Snowflake X-Small reading ACCOUNT_USAGE:\n' +
    'the execution seconds are a floor and their growth with rows a shape, not Snowflake figures. What a resume\n' +
    'bills is the same on both: max(60 s, execution + AUTO_SUSPEND), at 1 credit an hour on X-Small.\n',
);
