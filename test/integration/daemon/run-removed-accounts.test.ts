/**
 * `snowmon run` when an account leaves snowmon.yaml (SQLite, real snowflake-sdk against the emulator): on
 * a reload, and on a restart, its firing alerts end and each channel told they fired is told they resolved,
 * saying why; the accounts still configured keep theirs. A single-account config (no `accounts:`) with rows
 * from before fleet mode ends nothing.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/cli/load-config.js';
import type { DaemonHandle } from '../../../src/daemon/daemon-handle.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { groupByAccount } from '../../../src/router/group-by-account.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { resolveAccountSettings } from '../../../src/sources/snowflake-settings.js';
import { FLEET_ACCOUNTS, fleetConfigLines } from '../../support/fleet-config.js';
import { jsonLogs, ROUTING, T0 } from './run-harness.js';

const PASSWORD = 'SNOWMON_REMOVED_TEST_PASSWORD';
const later = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

let emulator: RunningEmulator | undefined;
const daemons: DaemonHandle[] = [];
afterEach(async () => {
  for (const d of daemons.splice(0)) await d.stop('test over');
  await emulator?.stop();
  delete process.env[PASSWORD];
});

interface Run {
  readonly daemon: DaemonHandle;
  readonly console: string[];
  readonly logs: Record<string, unknown>[];
}

async function setUp(lines: (url: string) => string[]): Promise<{ file: string; folder: string; clock: FrozenClock }> {
  process.env[PASSWORD] = 'snowmon-demo-password';
  const clock = new FrozenClock(T0);
  emulator = await startEmulator({
    clock,
    scenario: { days: 30, queryHistoryRows: 1000 },
    accounts: [...FLEET_ACCOUNTS, 'qa-acct'],
    advanceClockWithQueries: false,
  });
  const folder = mkdtempSync(join(tmpdir(), 'snowmon-removed-'));
  writeFileSync(join(folder, 'routing.yaml'), ROUTING);
  const file = join(folder, 'snowmon.yaml');
  writeFileSync(file, [...lines(emulator.url), 'store:', '  url: sqlite:./alerts.db', 'routing:', '  file: ./routing.yaml', ''].join('\n'));
  return { file, folder, clock };
}

async function start(file: string, clock: FrozenClock): Promise<Run> {
  const load = async () => {
    const config = await loadConfig(file, process.env);
    return { config, routing: groupByAccount(await loadRouting(config.routing.file, process.env), config.accounts) };
  };
  const { config, routing } = await load();
  const { logs, destination } = jsonLogs();
  const console: string[] = [];
  const daemon = runDaemon(config, {
    routing,
    reloadConfig: load,
    now: () => clock.now(),
    resolveSettings: (_config, account) => resolveAccountSettings(account, process.env),
    logger: createLogger({ level: 'info', destination }),
    notifierDeps: { out: { write: (text: string) => console.push(text) } },
    schedule: false,
    http: false,
  });
  daemons.push(daemon);
  await daemon.ready;
  return { daemon, console, logs };
}

async function firing(folder: string): Promise<string[]> {
  const db = await openDatabase(`sqlite:${join(folder, 'alerts.db')}`);
  try {
    const rows = await db.selectFrom('alerts').select('account').where('status', '=', 'firing').execute();
    return [...new Set(rows.map((r) => r.account ?? 'NULL'))].sort();
  } finally {
    await db.destroy();
  }
}

// Three accounts, so two are left once dev is removed (with one left, routes no longer group by account).
const fleet = (url: string) => [...fleetConfigLines(url, PASSWORD), '  - { name: qa, account: qa-acct }'];
const withoutDev = (text: string) => text.replace(/^ {2}- \{ name: dev.*\n/m, '');
const resolvedAbout = (console: readonly string[], account: string) => console.filter((t) => t.includes('[RESOLVED]') && t.includes(` ${account} · `));

describe('an account removed from snowmon.yaml', () => {
  it('does end its firing alerts on reload, telling each channel they resolved and why; the other account keeps its own', async () => {
    const { file, folder, clock } = await setUp(fleet);
    const { daemon, console, logs } = await start(file, clock);
    await daemon.runFreeCycle(T0);
    await daemon.deliverDue(T0);
    const firedForDev = console.filter((t) => t.includes(' dev · ') && !t.includes('[RESOLVED]')).length;
    expect(firedForDev).toBeGreaterThan(0);
    expect(await firing(folder)).toEqual(['dev', 'prod', 'qa']);

    writeFileSync(file, withoutDev(readFileSync(file, 'utf8')));
    clock.set(later(1));
    expect(await daemon.reload()).toBe(true);
    expect(await firing(folder)).toEqual(['prod', 'qa']);
    clock.set(later(10));
    await daemon.runFreeCycle(later(10));
    await daemon.deliverDue(later(10));
    const resolved = resolvedAbout(console, 'dev');
    expect(resolved).toHaveLength(firedForDev); // each group told it fired now hears it resolved, once
    expect(resolved.every((t) => t.includes('account dev is no longer in snowmon.yaml'))).toBe(true);
    expect(resolvedAbout(console, 'prod')).toEqual([]);
    const said = logs.filter((l) => String(l['msg']).startsWith('account dev is no longer in snowmon.yaml'));
    expect(said).toHaveLength(1);
    expect(said[0]?.['alerts']).toBeGreaterThan(0);
    // Nothing more on the next passes and reloads.
    await daemon.deliverDue(later(20));
    expect(await daemon.reload()).toBe(true);
    expect(resolvedAbout(console, 'dev')).toHaveLength(firedForDev);
  });

  it('does end them at the next start when it was removed while snowmon was stopped', async () => {
    const { file, folder, clock } = await setUp(fleet);
    const first = await start(file, clock);
    await first.daemon.runFreeCycle(T0);
    await first.daemon.deliverDue(T0);
    await first.daemon.stop('restart');
    writeFileSync(file, withoutDev(readFileSync(file, 'utf8')));
    clock.set(later(10));
    const second = await start(file, clock);
    expect(await firing(folder)).toEqual(['prod', 'qa']);
    await second.daemon.deliverDue(later(10));
    expect(resolvedAbout(second.console, 'dev').length).toBeGreaterThan(0);
    expect(second.logs.filter((l) => String(l['msg']).startsWith('account dev is no longer'))).toHaveLength(1);
  });

  it('does end nothing with a single-account config, rows from before fleet mode included', async () => {
    const single = (url: string) => [
      'snowflake:',
      '  account: prod-acct',
      ...fleetConfigLines(url, PASSWORD).slice(1, fleetConfigLines(url, PASSWORD).indexOf('accounts:')),
    ];
    const { file, folder, clock } = await setUp(single);
    const first = await start(file, clock);
    await first.daemon.runFreeCycle(T0);
    await first.daemon.stop('restart');
    expect(await firing(folder)).toEqual(['prod-acct']);
    // A row as a store written before fleet mode holds it: no account label, account NULL.
    const db = await openDatabase(`sqlite:${join(folder, 'alerts.db')}`);
    const old = { labels: { alert_type: 'old_kind', check: 'old_check' }, annotations: { summary: 'from before fleet mode' } };
    await new AlertLedger(db).ingest('old_check', { status: 'ok', alerts: [old] }, T0);
    await db.updateTable('alerts').set({ account: null }).where('check', '=', 'old_check').execute();
    const before = (await db.selectFrom('alerts').select('fingerprint').where('status', '=', 'firing').execute()).length;
    await db.destroy();
    clock.set(later(10));
    const second = await start(file, clock);
    expect(await second.daemon.reload()).toBe(true);
    const db2 = await openDatabase(`sqlite:${join(folder, 'alerts.db')}`);
    const after = await db2.selectFrom('alerts').select(['fingerprint', 'account']).where('status', '=', 'firing').execute();
    await db2.destroy();
    expect(after).toHaveLength(before);
    expect(new Set(after.map((a) => a.account))).toEqual(new Set(['prod-acct'])); // the old row adopted, still firing
    expect(second.logs.filter((l) => String(l['msg']).includes('no longer in snowmon.yaml'))).toEqual([]);
  });
});
