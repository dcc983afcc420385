/**
 * `snowmon audit --notify` end to end: the real driver audits the emulator, the findings go through a
 * routing table with console receivers into a temp SQLite store, and a second run sends nothing new.
 * Expectations are checked against the store, not only against the printed summary.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/audit.js';
import { run as ack } from '../../../src/cli/ack.js';
import { run as alerts } from '../../../src/cli/alerts.js';
import { run as silence } from '../../../src/cli/silence.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { Dispatcher } from '../../../src/dispatch/dispatcher.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import { Outbox } from '../../../src/delivery/outbox.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { captureCli } from './capture-cli.js';

const PASSWORD_VAR = 'SNOWMON_NOTIFY_TEST_PASSWORD';
const CANARY = 'snowmon-demo-password';

let emulator: RunningEmulator;
let folder: string;
let configFile: string;

beforeAll(async () => {
  emulator = await startEmulator({ clock: new FrozenClock('2026-11-20T15:00:00Z'), scenario: { seed: 42, queryHistoryRows: 2_000 } });
  folder = mkdtempSync(join(tmpdir(), 'snowmon-notify-'));
  writeFileSync(
    join(folder, 'routing.yaml'),
    [
      'version: 1',
      'timezone: UTC',
      'receivers:',
      '  console-costs: { type: console }',
      '  console-all: { type: console }',
      'routes:',
      '  - name: costs',
      '    matchers: [\'alert_type="cost_monitor"\']',
      '    notify: [console-costs]',
      '    group_by: [alert_type, monitor]',
      '  - name: fallback',
      '    notify: [console-all]',
      '    group_by: [alert_type]',
      '',
    ].join('\n'),
  );
  configFile = join(folder, 'snowmon.yaml');
  writeFileSync(
    configFile,
    [
      'snowflake:',
      `  account: ${emulator.accountName}`,
      `  access_url: ${emulator.url}`,
      '  user: SNOWMON',
      `  password: \${${PASSWORD_VAR}}`,
      '  role: SNOWMON_ROLE',
      '  warehouse: SNOWMON_WH',
      'store:',
      '  url: sqlite:./alerts.db',
      'routing:',
      '  file: ./routing.yaml',
      '',
    ].join('\n'),
  );
  process.env[PASSWORD_VAR] = CANARY;
}, 120_000);

afterAll(async () => {
  delete process.env[PASSWORD_VAR];
  await emulator?.stop();
});

describe('snowmon audit --notify', () => {
  it('does deliver each new alert group to its console receiver once and send nothing new on a second run', async () => {
    const argv = ['--config', configFile, '--check', 'resource_monitors,service_account_audit', '--format', 'json', '--quiet', '--notify'];
    const first = await captureCli(run, argv);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout) as { checks: { findings: { labels: Record<string, string> }[] }[] };
    const findings = report.checks.flatMap((c) => c.findings);
    const costMonitors = new Set(findings.filter((f) => f.labels['alert_type'] === 'cost_monitor').map((f) => f.labels['monitor']));
    const otherTypes = new Set(findings.filter((f) => f.labels['alert_type'] !== 'cost_monitor').map((f) => f.labels['alert_type']));
    expect(costMonitors.size).toBeGreaterThan(0);
    expect(otherTypes.size).toBeGreaterThan(0);

    // One message per group: per monitor for cost alerts, per alert_type for the rest.
    const costMessages = first.stderr.match(/── console-costs · firing · /g) ?? [];
    const otherMessages = first.stderr.match(/── console-all · firing · /g) ?? [];
    expect(costMessages).toHaveLength(costMonitors.size);
    expect(otherMessages).toHaveLength(otherTypes.size);
    const summary = first.stderr.trim().split('\n').at(-1);
    expect(summary).toBe(`notify: sent ${costMonitors.size + otherTypes.size} (${perReceiver(first.stderr)})`);
    expect(summary).toContain(`console-costs ${costMonitors.size}`);
    expect(first.stdout.startsWith('{')).toBe(true); // notifications never mix into the report

    const db = await openDatabase(`sqlite:${join(folder, 'alerts.db')}`);
    try {
      const active = await new AlertLedger(db).active();
      expect(active.length).toBeGreaterThan(0);
      const outbox = await db.selectFrom('outbox').select(['status']).execute();
      expect(outbox).toHaveLength(costMonitors.size + otherTypes.size);
      expect(outbox.every((row) => row.status === 'sent')).toBe(true);
    } finally {
      await db.destroy();
    }

    const second = await captureCli(run, argv);
    expect(second.code).toBe(0);
    expect(second.stderr).not.toContain('── console');
    expect(second.stderr.trim()).toBe('notify: sent nothing new');
    expect(first.stderr + second.stderr + first.stdout).not.toContain(CANARY);

    // The alerts are listed as notified.
    const listed = await captureCli(alerts, ['--config', configFile, '--format', 'json']);
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.stdout) as { notifications: { receiver: string }[]; alert_type: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.notifications.map((n) => n.receiver)).toEqual([row.alert_type === 'cost_monitor' ? 'console-costs' : 'console-all']);
    }
  }, 120_000);

  it('does defer cost alerts outside their delivery window, keep them in the store and say so', async () => {
    // A window that is closed now: one hour starting two hours from now (UTC).
    const start = (new Date().getUTCHours() + 2) % 24;
    const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
    const sub = mkdtempSync(join(folder, 'deferred-'));
    writeFileSync(
      join(sub, 'routing.yaml'),
      [
        'version: 1',
        'timezone: UTC',
        'time_intervals:',
        '  later:',
        `    - times: [{ start_time: '${hh(start)}', end_time: '${hh(start + 1)}' }]`,
        'receivers:',
        '  console-costs: { type: console }',
        '  console-all: { type: console }',
        'routes:',
        '  - name: costs',
        '    matchers: [\'alert_type="cost_monitor"\']',
        '    notify: [console-costs]',
        '    group_by: [alert_type, monitor]',
        '    deliver_during: later',
        '  - name: fallback',
        '    notify: [console-all]',
        '    group_by: [alert_type]',
        '',
      ].join('\n'),
    );
    const config = join(sub, 'snowmon.yaml');
    writeFileSync(config, readFileSync(configFile, 'utf8'));
    const now = new Date();
    const opens = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), start));
    if (opens.getTime() <= now.getTime()) opens.setUTCDate(opens.getUTCDate() + 1);

    const result = await captureCli(run, ['--config', config, '--check', 'resource_monitors', '--format', 'json', '--quiet', '--notify']);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('── console-costs');
    const summary = result.stderr.trim().split('\n').at(-1) ?? '';
    const db = await openDatabase(`sqlite:${join(sub, 'alerts.db')}`);
    try {
      const groups = await db.selectFrom('aggregation_groups').selectAll().where('route', '=', 'costs').execute();
      expect(groups.length).toBeGreaterThan(0);
      expect(groups.every((g) => g.next_flush_at === opens.toISOString())).toBe(true);
      expect(await db.selectFrom('outbox').selectAll().where('receiver', '=', 'console-costs').execute()).toEqual([]);
      expect(summary).toContain(`deferred ${groups.length} until ${opens.toISOString()} (console-costs ${groups.length})`);
      expect(summary).toMatch(
        new RegExp(`these stay in the store sqlite:${join(sub, 'alerts.db').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} for the next run or the daemon$`),
      );
    } finally {
      await db.destroy();
    }
  }, 120_000);

  it('does send nothing for alerts a CLI silence mutes, and takes an ack of a group key from a message', async () => {
    const sub = mkdtempSync(join(folder, 'silenced-'));
    writeFileSync(join(sub, 'routing.yaml'), readFileSync(join(folder, 'routing.yaml'), 'utf8'));
    const config = join(sub, 'snowmon.yaml');
    writeFileSync(config, readFileSync(configFile, 'utf8'));
    const added = await captureCli(silence, ['add', 'alert_type="cost_monitor"', '--for', '1h', '--comment', 'planned spend', '--config', config]);
    expect(added.code).toBe(0);

    const result = await captureCli(run, ['--config', config, '--check', 'resource_monitors,service_account_audit', '--format', 'json', '--quiet', '--notify']);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('── console-costs');
    expect(result.stderr).toContain('── console-all · firing · ');

    const listed = await captureCli(silence, ['list', '--config', config]);
    expect(listed.stdout).toMatch(/mutes \d+ active alerts? now: /);

    const groupKey = /· group (\{\}\/\{\}:\{alert_type="security"\}) · /.exec(result.stderr)?.[1];
    expect(groupKey).toBeDefined();
    const acked = await captureCli(ack, [groupKey as string, '--config', config]);
    expect(acked.code).toBe(0);
    expect(acked.stdout).toContain('escalation stops for 1 receiver (console-all)');
  }, 120_000);

  it("does exit 5 and say when a crashed run's notification is held, and refuse --wait-claims without --notify", async () => {
    const sub = mkdtempSync(join(folder, 'held-'));
    writeFileSync(join(sub, 'routing.yaml'), readFileSync(join(folder, 'routing.yaml'), 'utf8'));
    const config = join(sub, 'snowmon.yaml');
    writeFileSync(config, readFileSync(configFile, 'utf8'));
    // A run that claimed a notification for an hour and died before sending it.
    const db = await openDatabase(`sqlite:${join(sub, 'alerts.db')}`);
    try {
      const now = new Date();
      const crashed = new Dispatcher({ db, routing: await loadRouting(join(sub, 'routing.yaml'), {}), owner: 'other-host:4242:audit-notify' });
      await crashed.ingest(
        [
          {
            name: 'earlier_check',
            status: 'ok',
            rows: [],
            startedAt: now.toISOString(),
            durationMs: 1,
            statementsSent: 1,
            findings: [{ severity: 'warning', summary: 'held notification', labels: { alert_type: 'held_test' } }],
          },
        ],
        now,
      );
      await crashed.flush(now, { ignoreGroupWait: true });
      expect(await new Outbox(db).claim('other-host:4242:audit-notify', 3_600_000, now, 10)).toHaveLength(1);
      await crashed.close();
    } finally {
      await db.destroy();
    }
    const result = await captureCli(run, ['--config', config, '--check', 'resource_monitors', '--format', 'json', '--quiet', '--notify']);
    expect(result.code).toBe(5);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/1 held until \d\d:\d\d UTC by another process's claim/);
    expect(result.stderr).not.toContain('held notification');

    const misused = await captureCli(run, ['--config', config, '--wait-claims', '--quiet']);
    expect(misused.code).toBe(2);
    expect(misused.stderr).toContain('--wait-claims needs --notify');
  }, 120_000);

  it('does exit 2 before auditing when the routing file is invalid', async () => {
    const bad = join(folder, 'bad.yaml');
    writeFileSync(bad, `store:\n  url: sqlite:./alerts.db\nrouting:\n  file: ./missing-routing.yaml\n`);
    const before = emulator.statements.length;
    const result = await captureCli(run, ['--config', bad, '--notify', '--quiet']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${join(folder, 'missing-routing.yaml')}: cannot read routing file: no such file (SM100)\n`);
    expect(emulator.statements.length).toBe(before);
  });
});

/** `console-all 2, console-costs 3`, from the messages actually printed. */
function perReceiver(stderr: string): string {
  const counts = new Map<string, number>();
  for (const m of stderr.matchAll(/── (console-[a-z]+) · firing · /g)) counts.set(m[1] as string, (counts.get(m[1] as string) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${r} ${n}`).join(', ');
}
