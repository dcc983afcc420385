/**
 * `snowmon run` watching several accounts (fleet mode) with the real snowflake-sdk against one emulator
 * serving each account by its login name: one process on SQLite watches both, each cycle logs in to its own
 * account, every alert carries its account's identity, check runs and metrics are per account, groups
 * never mix accounts, and an assignment change starts and stops an account's watch.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/cli/load-config.js';
import type { AccountAssignment } from '../../../src/daemon/account-assignment.js';
import type { DaemonDeps, DaemonHandle } from '../../../src/daemon/daemon-handle.js';
import { connectSnowflake } from '../../../src/sources/connect-snowflake.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { groupByAccount } from '../../../src/router/group-by-account.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { resolveAccountSettings } from '../../../src/sources/snowflake-settings.js';
import { fromDbJson } from '../../../src/ledger/db-values.js';
import { ROUTING, T0 } from './run-harness.js';
import { FLEET_ACCOUNTS, fleetConfigLines } from '../../support/fleet-config.js';

const PASSWORD = 'SNOWMON_FLEET_TEST_PASSWORD';

/** An assignment the test moves by hand (what LeasedAccounts does when replicas come and go). */
class ManualAssignment implements AccountAssignment {
  #held = new Map<string, bigint>();
  readonly #listeners: ((gained: string[], lost: string[]) => void)[] = [];
  constructor(private readonly initial: readonly string[]) {}
  async start() {
    this.move(this.initial, []);
    return Promise.resolve();
  }
  async stop() {
    this.move([], [...this.#held.keys()]);
    return Promise.resolve();
  }
  held() {
    return this.#held;
  }
  onChange(listener: (gained: string[], lost: string[]) => void) {
    this.#listeners.push(listener);
  }
  async setAccounts(accounts: readonly string[]) {
    this.move(
      accounts.filter((a) => !this.#held.has(a)),
      [...this.#held.keys()].filter((a) => !accounts.includes(a)),
    );
    return Promise.resolve();
  }
  move(gained: readonly string[], lost: readonly string[]) {
    for (const name of lost) this.#held.delete(name);
    for (const name of gained) this.#held.set(name, 0n);
    for (const listener of this.#listeners) listener([...gained], [...lost]);
  }
}

let emulator: RunningEmulator | undefined;
let daemon: DaemonHandle | undefined;
afterEach(async () => {
  await daemon?.stop('test over');
  await emulator?.stop();
  delete process.env[PASSWORD];
});

async function startFleet(assignment?: ManualAssignment, extraLines: readonly string[] = [], deps: Partial<DaemonDeps> = {}) {
  process.env[PASSWORD] = 'snowmon-demo-password';
  const clock = new FrozenClock(T0);
  emulator = await startEmulator({
    clock,
    scenario: { days: 30, queryHistoryRows: 1000 },
    accounts: FLEET_ACCOUNTS,
    advanceClockWithQueries: false,
  });
  const folder = mkdtempSync(join(tmpdir(), 'snowmon-fleet-'));
  writeFileSync(join(folder, 'routing.yaml'), ROUTING);
  const file = join(folder, 'snowmon.yaml');
  writeFileSync(
    file,
    [...fleetConfigLines(emulator.url, PASSWORD), ...extraLines, 'store:', '  url: sqlite:./alerts.db', 'routing:', '  file: ./routing.yaml', ''].join('\n'),
  );
  const config = await loadConfig(file, process.env);
  const routing = groupByAccount(await loadRouting(config.routing.file, process.env), config.accounts);
  const logs: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const console: string[] = [];
  daemon = runDaemon(config, {
    routing,
    reloadConfig: async () => {
      const next = await loadConfig(file, process.env);
      return { config: next, routing: groupByAccount(await loadRouting(next.routing.file, process.env), next.accounts) };
    },
    now: () => clock.now(),
    resolveSettings: (_config, account) => resolveAccountSettings(account, process.env),
    logger: createLogger({ level: 'info', destination }),
    notifierDeps: { out: { write: (text: string) => console.push(text) } },
    schedule: false,
    http: { port: 0, host: '127.0.0.1' },
    ...(assignment ? { assignment: () => assignment } : {}),
    ...deps,
  });
  await daemon.ready;
  return { daemon, emulator, folder, logs, console };
}

describe('snowmon run with several accounts', () => {
  it('does watch every account from one process, each alert, run and metric under its account', async () => {
    const { daemon, emulator, folder, console } = await startFleet();
    expect(daemon.watching()).toEqual(['prod', 'dev']);
    await daemon.runFreeCycle(T0);
    await daemon.deliverDue(T0);
    // Each message names its group's account.
    expect(console.filter((text) => / prod · /.test(text)).length).toBeGreaterThan(0);
    expect(console.filter((text) => / dev · /.test(text)).length).toBeGreaterThan(0);
    expect(console.filter((text) => / prod · /.test(text) && / dev · /.test(text))).toEqual([]);

    // Each account's checks ran in that account, through its own login.
    const ran = new Set(emulator.statements.filter((s) => s.queryTag?.includes('resource_monitors')).map((s) => s.account.toLowerCase()));
    expect([...ran].sort()).toEqual(['dev-acct', 'prod-acct']);

    const db = await openDatabase(`sqlite:${join(folder, 'alerts.db')}`);
    try {
      const runs = await db.selectFrom('check_runs').select(['account', 'check']).where('check', '=', 'resource_monitors').execute();
      expect(runs.map((r) => r.account).sort()).toEqual(['dev', 'prod']);
      const alerts = await db.selectFrom('alerts').select(['account', 'labels']).execute();
      expect(alerts.length).toBeGreaterThan(0);
      for (const alert of alerts) {
        const labels = fromDbJson<Record<string, string>>(alert.labels);
        expect(labels['account']).toBe(alert.account);
        expect(labels['team']).toBe(alert.account === 'prod' ? 'core' : undefined);
      }
      // Every group belongs to one account: the implicit group_by.
      const groups = await db.selectFrom('aggregation_groups').select(['group_key', 'labels']).execute();
      for (const group of groups) expect(fromDbJson<Record<string, string>>(group.labels)['account']).toMatch(/^(prod|dev)$/);
      const snapshots = await db.selectFrom('check_snapshots').select(['account', 'check']).where('check', '=', 'resource_monitors').execute();
      expect(snapshots.map((s) => s.account).sort()).toEqual(['dev', 'prod']);
    } finally {
      await db.destroy();
    }
    const metrics = await daemon.metrics.registry.metrics();
    expect(metrics).toMatch(/snowmon_check_runs_total\{account="prod",check="resource_monitors",status="ok"\} 1/);
    expect(metrics).toMatch(/snowmon_check_runs_total\{account="dev",check="resource_monitors",status="ok"\} 1/);
    expect(metrics).toContain('snowmon_accounts_held 2');
  });

  it('does run a check only in the accounts of its account: filter, whichever account is first', async () => {
    const { daemon, emulator } = await startFleet(undefined, ['checks:', '  resource_monitors: { account: dev }']);
    await daemon.runFreeCycle(T0);
    const ran = new Set(emulator.statements.filter((s) => s.queryTag?.includes('resource_monitors')).map((s) => s.account.toLowerCase()));
    expect([...ran]).toEqual(['dev-acct']);
  });

  it('does start the watch of a gained account and stop the watch of a lost one', async () => {
    const assignment = new ManualAssignment(['prod']);
    const { daemon, emulator, logs } = await startFleet(assignment);
    expect(daemon.watching()).toEqual(['prod']);
    await daemon.runFreeCycle(T0);
    const logins = () => new Set(emulator.statements.map((s) => s.account.toLowerCase()));
    expect([...logins()]).toEqual(['prod-acct']);

    assignment.move(['dev'], ['prod']);
    await until(() => daemon.watching().join() === 'dev');
    const before = emulator.statements.length;
    await daemon.runFreeCycle(new Date(T0.getTime() + 60_000));
    expect(new Set(emulator.statements.slice(before).map((s) => s.account.toLowerCase()))).toEqual(new Set(['dev-acct']));
    expect(logs.some((l) => l['msg'] === 'account no longer watched here' && l['account'] === 'prod')).toBe(true);
    expect(await daemon.runFreeCycle(T0, 'prod')).toBeUndefined();
  });
});

describe('reloading the accounts', () => {
  it('does stop a removed account and start an added one on reload', async () => {
    const { daemon, folder, emulator } = await startFleet();
    const file = join(folder, 'snowmon.yaml');
    const full = readFileSync(file, 'utf8');
    writeFileSync(file, full.replace(/^ {2}- \{ name: dev.*\n/m, ''));
    expect(await daemon.reload()).toBe(true);
    expect(daemon.watching()).toEqual(['prod']);
    writeFileSync(file, full);
    expect(await daemon.reload()).toBe(true);
    expect(daemon.watching()).toEqual(['prod', 'dev']);
    const before = emulator.statements.length;
    await daemon.runFreeCycle(T0, 'dev');
    expect(new Set(emulator.statements.slice(before).map((s) => s.account.toLowerCase()))).toEqual(new Set(['dev-acct']));
  });
  it('does keep the other watches and their sessions on a reload that adds, changes or removes accounts', async () => {
    const logins: string[] = [];
    const { daemon, folder, logs } = await startFleet(undefined, [], {
      connect: async (settings) => {
        logins.push(settings.account);
        return connectSnowflake(settings);
      },
    });
    await daemon.runFreeCycle(T0);
    expect([...logins].sort()).toEqual(['dev-acct', 'prod-acct']);
    const file = join(folder, 'snowmon.yaml');
    const full = readFileSync(file, 'utf8');
    const dev = /^ {2}- \{ name: dev.*\n/m;
    const changes = () =>
      logs
        .filter((l) => l['msg'] === 'watching account' || l['msg'] === 'account no longer watched here')
        .map((l) => `${String(l['msg'])} ${String(l['account'])}`);
    const startup = changes().length;

    // dev's login timeout changes and qa is added (it never runs a cycle here): prod keeps its watch and session.
    writeFileSync(
      file,
      full.replace(dev, (line) => `${line.replace('usd_per_credit: 2', 'usd_per_credit: 2, login_timeout: 4s')}  - { name: qa, account: qa-acct }\n`),
    );
    expect(await daemon.reload()).toBe(true);
    expect(daemon.watching()).toEqual(['prod', 'dev', 'qa']);
    expect(changes().slice(startup)).toEqual(['watching account qa']);
    await daemon.runFreeCycle(new Date(T0.getTime() + 60_000), 'prod');
    await daemon.runFreeCycle(new Date(T0.getTime() + 60_000), 'dev');
    expect([...logins].sort()).toEqual(['dev-acct', 'dev-acct', 'prod-acct']); // dev's new settings: a new session

    // Back as it was: qa removed, dev changed again; prod still untouched.
    writeFileSync(file, full);
    expect(await daemon.reload()).toBe(true);
    expect(daemon.watching()).toEqual(['prod', 'dev']);
    expect(changes().slice(startup)).toEqual(['watching account qa', 'account no longer watched here qa']);
    await daemon.runFreeCycle(new Date(T0.getTime() + 120_000));
    expect([...logins].sort()).toEqual(['dev-acct', 'dev-acct', 'dev-acct', 'prod-acct']);
    expect(logs.find((l) => l['msg'] === 'config reloaded' && Array.isArray(l['removed']) && l['removed'].length > 0)).toMatchObject({
      added: [],
      removed: ['qa'],
      changed: ['dev'],
    });
  });
});

describe('the dbt loop in fleet mode', () => {
  it('does run under dbt.account: its alerts carry that account', async () => {
    const artifacts = resolve('test/fixtures/dbt/shop/nightly');
    const { daemon, folder } = await startFleet(undefined, ['dbt:', `  artifacts: [${JSON.stringify(artifacts)}]`, '  account: dev']);
    const record = await daemon.runDbtCycle(T0);
    expect(record?.outcomes.length).toBeGreaterThan(0);
    const db = await openDatabase(`sqlite:${join(folder, 'alerts.db')}`);
    try {
      const dbt = await db.selectFrom('alerts').select(['account', 'labels']).where('check', '=', 'dbt').execute();
      expect(dbt.length).toBeGreaterThan(0);
      expect(new Set(dbt.map((a) => a.account))).toEqual(new Set(['dev']));
    } finally {
      await db.destroy();
    }
  });
});

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(done()).toBe(true);
}
