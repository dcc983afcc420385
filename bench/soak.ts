/**
 * Soak benchmark of the daemon: runDaemon (SQLite store, console receivers into a counter, HTTP on port 0)
 * against the emulator in a child process on an accelerated clock, 10,000 free-loop cycles one emulated
 * minute apart, the warehouse loop on its default schedule (06:00 daily), a delivery pass after each cycle.
 * Prints RSS and heap over the cycles and their slope over the second half (goal: flat), the handles open
 * at the end, time from start to ready, and SNOWMON_WH's resumes and credits per emulated day (goal: about
 * 0.02 credits and one resume a day). Prints figures; asserts nothing. `npm run bench:soak` (after a build);
 * `--cycles N` for a shorter run.
 */

import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/cli/load-config.js';
import { Secret } from '../src/config/secret.js';
import { createLogger } from '../src/daemon/logger.js';
import { runDaemon } from '../src/daemon/run-daemon.js';
import { DEFAULT_DAEMON_CONFIG } from '../src/daemon/daemon-config.js';
import { SNOWMON_LOGIN } from '../src/emulator/scenarios/seed-scenario.js';
import { loadRouting } from '../src/router/load-routing.js';
import type { SnowflakeSettings } from '../src/sources/snowflake-settings.js';
import type { SoakCommand, SoakReply } from './soak/emulator-child.js';
import { linearSlope } from './soak/linear-slope.js';

const HERE = dirname(fileURLToPath(import.meta.url));
/** A Monday early in a month: 10,000 minutes (~6.9 days) stay inside one monthly budget cycle. */
const T0 = new Date('2026-11-02T00:00:00Z');
const MINUTE = 60_000;
const WAREHOUSE = SNOWMON_LOGIN.defaultWarehouse ?? 'SNOWMON_WH';
const ROUTING = [
  'version: 1',
  'timezone: UTC',
  'defaults:',
  '  group_wait: 0s',
  'receivers:',
  '  sink: { type: console }',
  'routes:',
  '  - name: all',
  '    notify: [sink]',
  '    group_by: [alert_type, monitor, failing_check]',
  '',
].join('\n');

type Pending = Map<number, (reply: SoakReply) => void>;

function ask(child: ChildProcess, pending: Pending, request: SoakCommand, next: { id: number }): Promise<SoakReply> {
  const id = ++next.id;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    child.send({ ...request, id });
  });
}

const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cycles: { type: 'string', default: '10000' } } });
  const cycles = Number(values.cycles);
  if (!Number.isInteger(cycles) || cycles < 10) throw new Error(`invalid --cycles ${values.cycles}`);
  const gc = (globalThis as { gc?: () => void }).gc;
  // stdout and stderr open their handles lazily, on first use: open them before taking the baseline.
  void process.stdout.fd;
  void process.stderr.fd;
  const baseline = process.getActiveResourcesInfo();
  const wallStart = performance.now();

  const child = fork(join(HERE, 'soak', 'emulator-child.js'), [T0.toISOString()], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const pending: Pending = new Map();
  const counter = { id: 0 };
  const started = new Promise<{ url: string; accountName: string }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the emulator child exited with ${code}`)));
    child.on('message', (raw) => {
      const message = raw as SoakReply & { ready?: boolean; url?: string; accountName?: string };
      if (message.ready) resolve({ url: message.url as string, accountName: message.accountName as string });
      else pending.get(message.id)?.(message);
      pending.delete(message.id);
    });
  });
  const { url, accountName } = await started;
  const emulatorSeconds = (performance.now() - wallStart) / 1000;

  const folder = mkdtempSync(join(tmpdir(), 'snowmon-soak-'));
  writeFileSync(join(folder, 'routing.yaml'), ROUTING);
  writeFileSync(
    join(folder, 'snowmon.yaml'),
    ['store:', `  url: sqlite:${join(folder, 'alerts.db')}`, 'routing:', `  file: ${join(folder, 'routing.yaml')}`, ''].join('\n'),
  );
  const config = await loadConfig(join(folder, 'snowmon.yaml'), process.env);
  if (
    config.daemon.freeLoop !== DEFAULT_DAEMON_CONFIG.freeLoop ||
    config.daemon.warehouseLoop !== DEFAULT_DAEMON_CONFIG.warehouseLoop ||
    config.daemon.timezone !== 'UTC'
  ) {
    throw new Error('the soak assumes the default schedules (free loop every minute, warehouse loop 06:00 UTC)');
  }
  const settings: SnowflakeSettings = {
    account: accountName,
    accessUrl: url,
    user: SNOWMON_LOGIN.name,
    authenticator: 'SNOWFLAKE',
    password: new Secret(SNOWMON_LOGIN.password ?? ''),
    role: SNOWMON_LOGIN.defaultRole ?? 'SNOWMON_ROLE',
    warehouse: WAREHOUSE,
    statementTimeoutMs: 30_000,
    loginTimeoutMs: 15_000,
  };
  let notifications = 0;
  let logLines = 0;
  let now = T0;
  const daemonStart = performance.now();
  const daemon = runDaemon(config, {
    routing: await loadRouting(config.routing.file, process.env),
    now: () => now,
    resolveSettings: async () => settings,
    logger: createLogger({
      level: 'warn',
      destination: new Writable({
        write(_c, _e, done) {
          logLines += 1;
          done();
        },
      }),
    }),
    notifierDeps: {
      out: {
        write: () => {
          notifications += 1;
          return true;
        },
      },
    },
    schedule: false,
    http: { port: 0, host: '127.0.0.1' },
  });
  await daemon.ready;
  const readyMs = performance.now() - daemonStart;
  await ask(child, pending, { type: 'set', at: T0.toISOString() }, counter);
  await daemon.runFreeCycle(T0);
  const readyz = await fetch(`http://127.0.0.1:${daemon.httpPort()}/readyz`);
  const firstReadyMs = performance.now() - daemonStart;
  process.stdout.write(
    `soak: emulator up in ${emulatorSeconds.toFixed(1)} s; daemon ready in ${readyMs.toFixed(0)} ms; /readyz ${readyz.status} after the first free cycle, ${firstReadyMs.toFixed(0)} ms from start\n`,
  );

  const samples: [number, number, number][] = [];
  const sample = (cycle: number) => {
    gc?.();
    const m = process.memoryUsage();
    samples.push([cycle, m.rss, m.heapUsed]);
  };
  let failedCycles = 0;
  let warehouseCycles = 0;
  const soakStart = performance.now();
  for (let cycle = 1; cycle <= cycles; cycle++) {
    now = new Date(T0.getTime() + cycle * MINUTE);
    await ask(child, pending, { type: 'set', at: now.toISOString() }, counter);
    const record = await daemon.runFreeCycle(now);
    if (record === undefined || record.sessionError !== undefined || record.outcomes.some((o) => o.status === 'failed')) failedCycles += 1;
    if (now.getUTCHours() === 6 && now.getUTCMinutes() === 0) {
      warehouseCycles += 1;
      const wh = await daemon.runWarehouseCycle(now);
      if (wh === undefined || wh.sessionError !== undefined || wh.outcomes.some((o) => o.status === 'failed')) failedCycles += 1;
    }
    await daemon.deliverDue(now);
    if (cycle % 100 === 0) sample(cycle);
    if (cycle % 1000 === 0) {
      const last = samples[samples.length - 1] as [number, number, number];
      process.stdout.write(
        `soak: cycle ${cycle}, emulated ${now.toISOString().slice(0, 16)}, rss ${mb(last[1])} MB, heap ${mb(last[2])} MB, ${((performance.now() - soakStart) / 1000).toFixed(0)} s\n`,
      );
    }
  }
  const soakSeconds = (performance.now() - soakStart) / 1000;
  const charges = await ask(child, pending, { type: 'charges', warehouse: WAREHOUSE }, counter);
  await daemon.stop('soak over');
  await ask(child, pending, { type: 'stop' }, counter);
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(folder, { recursive: true, force: true });
  await new Promise((resolve) => setTimeout(resolve, 100));

  const secondHalf = samples.filter(([cycle]) => cycle > cycles / 2);
  const rssSlope = linearSlope(secondHalf.map(([c, rss]) => [c, rss]));
  const heapSlope = linearSlope(secondHalf.map(([c, , heap]) => [c, heap]));
  const first = samples[0];
  const last = samples[samples.length - 1];
  const days = (cycles * MINUTE) / 86_400_000;
  // What is open now beyond what was open before anything started (stdio pipes and the like).
  const counts = new Map<string, number>();
  for (const h of process.getActiveResourcesInfo()) counts.set(h, (counts.get(h) ?? 0) + 1);
  for (const h of baseline) counts.set(h, (counts.get(h) ?? 0) - 1);
  for (const [k, n] of counts) if (n <= 0) counts.delete(k);
  const handles = [...counts.keys()];
  const lines = [
    '',
    `soak: ${cycles} free-loop cycles (${days.toFixed(2)} emulated days), ${warehouseCycles} warehouse cycles, ${failedCycles} cycles with a failure, ${notifications} notifications, ${logLines} warn/error log lines${gc ? '' : ' (run with --expose-gc for steadier memory samples)'}`,
    `memory: rss ${first ? mb(first[1]) : '?'} -> ${last ? mb(last[1]) : '?'} MB, heap used ${first ? mb(first[2]) : '?'} -> ${last ? mb(last[2]) : '?'} MB (sampled every 100 cycles)`,
    `slope over the second half: rss ${((rssSlope * 1000) / 1024).toFixed(1)} KB per 1,000 cycles, heap ${((heapSlope * 1000) / 1024).toFixed(1)} KB per 1,000 cycles (goal: flat)`,
    `open handles at the end, beyond those open at start (${baseline.join(', ') || 'none'}): ${handles.length === 0 ? 'none' : [...counts].map(([k, n]) => `${k} ${n}`).join(', ')}`,
    `time to ready: ${readyMs.toFixed(0)} ms (store, checks, HTTP); ${firstReadyMs.toFixed(0)} ms to /readyz ${readyz.status} after the first cycle`,
    `${WAREHOUSE}: ${charges.resumes} resumes, ${(charges.credits ?? 0).toFixed(4)} credits in ${days.toFixed(2)} days: ${((charges.resumes ?? 0) / days).toFixed(2)} resumes and ${((charges.credits ?? 0) / days).toFixed(4)} credits per emulated day (goal: ~1 and ~0.02) while the free loop ran every minute; ${charges.statements} statements sent`,
    `wall: ${((performance.now() - wallStart) / 1000).toFixed(1)} s (${soakSeconds.toFixed(1)} s soaking, ${((1000 * soakSeconds) / cycles).toFixed(1)} ms per cycle)`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

await main();
