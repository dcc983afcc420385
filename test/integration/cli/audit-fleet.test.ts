/**
 * `snowmon audit` over several accounts (fleet mode) with the real snowflake-sdk against one emulator
 * serving each by its login name: one section per account, each audited in its own account at its own
 * price, `--account` picks one, JSON is a list whose reports carry `account`, html is one page with a
 * section each (agreeing with JSON and markdown), and `--notify` stamps each account's alerts with its identity.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/audit.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { fromDbJson } from '../../../src/ledger/db-values.js';
import { captureCli } from './capture-cli.js';
import { Dispatcher } from '../../../src/dispatch/dispatcher.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { groupByAccount } from '../../../src/router/group-by-account.js';
import { FLEET_ACCOUNTS, fleetConfigLines } from '../../support/fleet-config.js';

const PASSWORD_VAR = 'SNOWMON_AUDIT_FLEET_PASSWORD';
let emulator: RunningEmulator;
let folder: string;
let config: string;

beforeAll(async () => {
  emulator = await startEmulator({ clock: new FrozenClock('2026-11-20T15:00:00Z'), scenario: { queryHistoryRows: 1000 }, accounts: FLEET_ACCOUNTS });
  folder = mkdtempSync(join(tmpdir(), 'snowmon-audit-fleet-'));
  writeFileSync(
    join(folder, 'routing.yaml'),
    'version: 1\nreceivers:\n  console: { type: console }\nroutes:\n  - name: all\n    notify: [console]\n    group_by: [alert_type]\n',
  );
  config = join(folder, 'snowmon.yaml');
  writeFileSync(
    config,
    [...fleetConfigLines(emulator.url, PASSWORD_VAR), 'store:', '  url: sqlite:./alerts.db', 'routing:', '  file: ./routing.yaml', ''].join('\n'),
  );
  process.env[PASSWORD_VAR] = 'snowmon-demo-password';
}, 120_000);

afterAll(async () => {
  delete process.env[PASSWORD_VAR];
  await emulator?.stop();
});

describe('snowmon audit over several accounts', () => {
  it('does audit each account in its own account and print one section each, JSON as a list carrying account', async () => {
    const json = await captureCli(run, ['--config', config, '--check', 'resource_monitors', '--format', 'json', '--quiet']);
    expect(json.stderr).toBe('');
    const reports = JSON.parse(json.stdout) as { account: string; usd_per_credit: number; checks: { name: string; status: string }[] }[];
    expect(reports.map((r) => [r.account, r.usd_per_credit])).toEqual([
      ['prod', 3],
      ['dev', 2],
    ]);
    for (const report of reports) expect(report.checks.map((c) => [c.name, c.status])).toEqual([['resource_monitors', 'ok']]);
    const ran = emulator.statements.filter((s) => s.queryTag?.includes('resource_monitors')).map((s) => s.account.toLowerCase());
    expect(new Set(ran)).toEqual(new Set(['prod-acct', 'dev-acct']));

    const table = await captureCli(run, ['--config', config, '--check', 'resource_monitors', '--quiet']);
    expect(table.stdout).toMatch(
      /^snowmon audit · 2 accounts · [^\n]*\n[\s\S]*\n {2}all 2 accounts {2}[\s\S]*snowmon audit · prod · [^\n]*\n[\s\S]*snowmon audit · dev · /,
    );
  });

  it('does audit only the account --account names, and refuses an unknown one', async () => {
    const before = emulator.statements.length;
    const one = await captureCli(run, ['--config', config, '--account', 'dev', '--check', 'resource_monitors', '--format', 'json', '--quiet']);
    expect((JSON.parse(one.stdout) as { account: string }).account).toBe('dev');
    expect(new Set(emulator.statements.slice(before).map((s) => s.account.toLowerCase()))).toEqual(new Set(['dev-acct']));
    const unknown = await captureCli(run, ['--config', config, '--account', 'staging']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown --account "staging" (accounts: prod, dev)');
  });

  it('does render html over both accounts as one page whose sections agree with the JSON and markdown ones, each with its own Snowsight', async () => {
    const checks = ['--check', 'resource_monitors,credits_by_warehouse', '--quiet'];
    const html = await captureCli(run, ['--config', config, ...checks, '--format', 'html']);
    expect(html.code).toBe(0);
    expect(html.stdout.match(/<!doctype html>/g)).toHaveLength(1);
    const json = JSON.parse((await captureCli(run, ['--config', config, ...checks, '--format', 'json'])).stdout) as {
      account: string;
      summary: Record<string, number>;
    }[];
    const markdown = (await captureCli(run, ['--config', config, ...checks, '--format', 'markdown'])).stdout;
    const sections = [...html.stdout.matchAll(/<section class="account" id="account-\d">\n<header>\n<h2 class="account-name">(\w+) <a href="([^"]+)"/g)];
    expect(sections.map((m) => [m[1], m[2]])).toEqual([
      ['prod', 'https://app.snowflake.com/prod/acct'],
      ['dev', 'https://app.snowflake.com/dev/acct'],
    ]);
    expect([...markdown.matchAll(/^# snowmon audit: (\w+)$/gm)].map((m) => m[1])).toEqual(json.map((r) => r.account));
    expect(json.map((r) => r.account)).toEqual(['prod', 'dev']);
    const rows = [...html.stdout.matchAll(/<tr><td class="text"><a href="#account-\d">(\w+)<\/a><\/td>(.*)<\/tr>/g)];
    for (const [i, report] of json.entries()) {
      const row = rows[i] as RegExpMatchArray;
      expect(row[1]).toBe(report.account);
      const numbers = [...(row[2] as string).matchAll(/<td class="num"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);
      expect(numbers.slice(1, 5).map(Number)).toEqual([
        report.summary['critical'],
        report.summary['warning'],
        report.summary['info'],
        report.summary['failed_checks'],
      ]);
      expect(numbers[0]).toMatch(/^\$[\d,.]+$/);
    }
    // markdown: the same summary at the top, its counts as the JSON says; then each account's own markdown.
    expect(markdown.startsWith('# snowmon audit · 2 accounts\n')).toBe(true);
    const summaryRows = [...markdown.matchAll(/^\| (prod|dev) \| ([^|]*) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|/gm)];
    expect(summaryRows.map((m) => [m[1], ...m.slice(3, 7).map(Number)])).toEqual(
      json.map((r) => [r.account, r.summary['critical'], r.summary['warning'], r.summary['info'], r.summary['failed_checks']]),
    );
    // One account (--account dev): its markdown alone, as the section of dev in the fleet's (no summary).
    const single = (await captureCli(run, ['--config', config, ...checks, '--account', 'dev', '--format', 'markdown'])).stdout;
    // Times differ between the two runs: when it was generated, how long each check took.
    const generated = (text: string) => text.replace(/^Generated [^\n]*$/gm, 'Generated').replace(/ · [\d,.]+ m?s<\/summary>/g, '</summary>');
    expect(generated(single)).toBe(generated(markdown.slice(markdown.indexOf('# snowmon audit: dev\n'))));
  });

  it("does link each account to its entry's snowsight_url, the first to daemon.dashboard.snowsight_url when its entry has none", async () => {
    const own = join(folder, 'snowsight.yaml');
    const lines = fleetConfigLines(emulator.url, PASSWORD_VAR).map((line) =>
      line.startsWith('  - { name: dev,') ? line.replace(' }', ', snowsight_url: "https://app.snowflake.com/acme/dev-eu/" }') : line,
    );
    writeFileSync(own, [...lines, 'daemon:', '  dashboard:', '    snowsight_url: https://app.snowflake.com/acme/prod-main', ''].join('\n'));
    const html = await captureCli(run, ['--config', own, '--check', 'resource_monitors', '--quiet', '--format', 'html']);
    expect(html.code).toBe(0);
    const sections = [...html.stdout.matchAll(/<h2 class="account-name">(\w+) <a href="([^"]+)"/g)];
    expect(sections.map((m) => [m[1], m[2]])).toEqual([
      ['prod', 'https://app.snowflake.com/acme/prod-main'],
      ['dev', 'https://app.snowflake.com/acme/dev-eu'],
    ]);
  });

  it('does stamp each account on its alerts with --notify', async () => {
    const result = await captureCli(run, ['--config', config, '--check', 'resource_monitors', '--notify', '--quiet']);
    expect(result.stderr).toMatch(/^prod: /m);
    expect(result.stderr).toMatch(/^dev: /m);
    const db = await openDatabase(`sqlite:${join(folder, 'alerts.db')}`);
    try {
      const alerts = await db.selectFrom('alerts').select(['account', 'labels']).execute();
      expect(new Set(alerts.map((a) => a.account))).toEqual(new Set(['prod', 'dev']));
      for (const alert of alerts) expect(fromDbJson<Record<string, string>>(alert.labels)).toMatchObject({ account: alert.account });
    } finally {
      await db.destroy();
    }
  });
  it("does name a group's own account in its message when another account's audit delivers it", async () => {
    // A daemon's cycle raised a dev alert whose group nothing has flushed yet: prod's audit delivers it.
    const db = await openDatabase(`sqlite:${join(folder, 'alerts.db')}`);
    try {
      const routing = groupByAccount(await loadRouting(join(folder, 'routing.yaml'), {}), [{ keyPath: 'accounts[0]' }, { keyPath: 'accounts[1]' }]);
      const dispatcher = new Dispatcher({ db, routing, runbooks: {}, accounts: [{ name: 'dev', labels: {} }], owner: 'test' });
      const finding = {
        severity: 'warning' as const,
        summary: 'service user DEV_SVC logs in with a password only',
        labels: { alert_type: 'security', user: 'DEV_SVC' },
      };
      const outcome = {
        name: 'service_account_audit',
        status: 'ok' as const,
        rows: [],
        findings: [finding],
        startedAt: new Date().toISOString(),
        durationMs: 1,
        statementsSent: 1,
      };
      await dispatcher.ingest([outcome], new Date(), { name: 'dev', labels: {} });
      await dispatcher.close();
    } finally {
      await db.destroy();
    }
    const prod = await captureCli(run, ['--config', config, '--account', 'prod', '--check', 'resource_monitors', '--notify', '--quiet']);
    const messages = prod.stderr.split(/^── console · /m).slice(1);
    const ofDev = messages.filter((m) => m.includes('account="dev"'));
    expect(ofDev.length).toBeGreaterThan(0);
    for (const message of ofDev) {
      expect(message.split('\n')[1]).toMatch(/\] dev · /);
      expect(message).toContain('Account: dev\n');
      expect(message).not.toContain('Account: prod');
    }
  });
});
