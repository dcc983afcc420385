/**
 * Fleet mode's alerts about snowmon itself, routed by `account` as a user routing on it expects, with the
 * real daemon on SQLite watching two emulated accounts: a notification of prod's alerts that goes dead raises
 * the receiver's delivery health alert under prod (account=prod and prod's labels), so prod's health route
 * takes it; the store-outage alert concerns every account, so it carries this replica (`replica`) and no
 * account, and reaches the route for alerts without one, never a route requiring an account (`account=~".+"`).
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/cli/load-config.js';
import type { DaemonHandle } from '../../../src/daemon/daemon-handle.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { fromDbJson } from '../../../src/ledger/db-values.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { groupByAccount } from '../../../src/router/group-by-account.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { resolveAccountSettings } from '../../../src/sources/snowflake-settings.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { FLEET_ACCOUNTS, fleetConfigLines } from '../../support/fleet-config.js';
import { jsonLogs, T0 } from './run-harness.js';

const PASSWORD = 'SNOWMON_FLEET_HEALTH_PASSWORD';
const TOKEN = 'SNOWMON_FLEET_HEALTH_SLACK_TOKEN';

/** prod's alerts to Slack, prod's monitor_health to a console, other accounts' alerts to another, the rest to a catch-all. */
function routing(slackApiUrl: string): string {
  return [
    'version: 1',
    'timezone: UTC',
    'defaults:',
    '  group_wait: 0s',
    'receivers:',
    `  slack-prod: { type: slack, channel: '#prod', token: '\${${TOKEN}}', api_url: '${slackApiUrl}' }`,
    '  console-prod-health: { type: console }',
    '  console-accounts: { type: console }',
    '  console-fleet: { type: console }',
    'routes:',
    '  - { name: prod-health, matchers: [\'account="prod"\', \'alert_type="monitor_health"\'], notify: [console-prod-health] }',
    '  - { name: prod, matchers: [\'account="prod"\'], notify: [slack-prod], group_by: [alert_type] }',
    '  - { name: accounts, matchers: [\'account=~".+"\'], notify: [console-accounts], group_by: [alert_type] }',
    '  - { name: fleet, notify: [console-fleet] }',
    '',
  ].join('\n');
}

let emulator: RunningEmulator | undefined;
let daemon: DaemonHandle | undefined;
let slack: FakeSlack | undefined;
afterEach(async () => {
  await daemon?.stop('test over');
  await emulator?.stop();
  await slack?.stop();
  delete process.env[PASSWORD];
  delete process.env[TOKEN];
});

async function startFleet() {
  process.env[PASSWORD] = 'snowmon-demo-password';
  process.env[TOKEN] = 'xoxb-fleet-health';
  const clock = new FrozenClock(T0);
  emulator = await startEmulator({ clock, scenario: { days: 30, queryHistoryRows: 1000 }, accounts: FLEET_ACCOUNTS, advanceClockWithQueries: false });
  slack = await new FakeSlack().start();
  const folder = mkdtempSync(join(tmpdir(), 'snowmon-fleet-health-'));
  writeFileSync(join(folder, 'routing.yaml'), routing(slack.apiUrl));
  const file = join(folder, 'snowmon.yaml');
  const lines = [...fleetConfigLines(emulator.url, PASSWORD), 'store:', '  url: sqlite:./alerts.db', 'routing:', '  file: ./routing.yaml', ''];
  writeFileSync(file, lines.join('\n'));
  const config = await loadConfig(file, process.env);
  const { logs, destination } = jsonLogs();
  const console: string[] = [];
  daemon = runDaemon(config, {
    routing: groupByAccount(await loadRouting(config.routing.file, process.env), config.accounts),
    now: () => clock.now(),
    resolveSettings: (_config, account) => resolveAccountSettings(account, process.env),
    logger: createLogger({ level: 'info', destination }),
    notifierDeps: { out: { write: (text: string) => console.push(text) } },
    schedule: false,
    http: false,
  });
  await daemon.ready;
  return { daemon, folder, console, slack, logs };
}

/** The console notifications a receiver printed. */
const printedBy = (console: readonly string[], receiver: string) => console.filter((text) => text.startsWith(`── ${receiver} · `));

describe('alerts about snowmon itself in fleet mode', () => {
  it("does raise a dead notification's delivery health alert under its account, so that account's route takes it", async () => {
    const { daemon, folder, console, slack } = await startFleet();
    // Every message to prod's channel fails for good (it was archived, say).
    for (let i = 0; i < 20; i++) slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    await daemon.runFreeCycle(T0);
    const first = await daemon.deliverDue(T0);
    expect(first.dead).toBeGreaterThan(0);
    await daemon.deliverDue(new Date(T0.getTime() + 1000));

    const db = await openDatabase(`sqlite:${join(folder, 'alerts.db')}`);
    try {
      const rows = await db.selectFrom('alerts').select(['account', 'labels', 'status']).where('check', '=', 'snowmon_delivery').execute();
      expect(rows.map((r) => [r.account, r.status, fromDbJson<Record<string, string>>(r.labels)])).toEqual([
        [
          'prod',
          'firing',
          {
            account: 'prod',
            team: 'core',
            alert_type: 'monitor_health',
            component: 'delivery',
            receiver: 'slack-prod',
            check: 'snowmon_delivery',
            severity: 'critical',
          },
        ],
      ]);
    } finally {
      await db.destroy();
    }
    // prod's health route told prod's people; nothing about it went to the routes for other accounts or none.
    const told = printedBy(console, 'console-prod-health');
    expect(told.filter((t) => t.includes('snowmon cannot deliver notifications to receiver slack-prod'))).toHaveLength(1);
    expect(console.filter((t) => t.includes('receiver slack-prod') && !t.startsWith('── console-prod-health'))).toEqual([]);
    // dev's alerts went to the route for accounts; none reached the catch-all.
    expect(printedBy(console, 'console-accounts').length).toBeGreaterThan(0);
    expect(printedBy(console, 'console-fleet')).toEqual([]);
  });

  it('does announce a store outage with this replica and no account: the route for alerts without one takes it, then its resolve', async () => {
    const { daemon, folder, console, logs } = await startFleet();
    const locker = new BetterSqlite3(join(folder, 'alerts.db'));
    locker.pragma('busy_timeout = 0');
    locker.exec('BEGIN IMMEDIATE');
    try {
      // One account's cycle is enough (each waits out the lock's busy timeout).
      expect(await daemon.runFreeCycle(T0, 'prod')).toBeUndefined();
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    const fleet = printedBy(console, 'console-fleet');
    expect(fleet).toHaveLength(1);
    expect(fleet[0]).toContain('snowmon cannot write its alert store');
    expect(fleet[0]).toMatch(new RegExp(`replica ${hostname()}:${process.pid}:[0-9a-f]{8}: `));
    expect(fleet[0]).not.toMatch(/Account|prod-acct|dev-acct/);
    expect(printedBy(console, 'console-accounts').concat(printedBy(console, 'console-prod-health'))).toEqual([]);
    expect(logs.some((l) => l['level'] === 60 && l['component'] === 'store')).toBe(true);

    await daemon.runFreeCycle(new Date(T0.getTime() + 60_000), 'prod');
    const resolved = printedBy(console, 'console-fleet').slice(1);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toContain('[RESOLVED]');
  });
});
