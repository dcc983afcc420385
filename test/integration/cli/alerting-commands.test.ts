/**
 * `snowmon silence`, `ack` and `alerts` as a user runs them, in this process against a temp SQLite store
 * named by a snowmon.yaml; alerts are created with the AlertLedger directly, and every expectation is
 * checked against the store as well as against the output.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/alerts/alert.js';
import type { Labels } from '../../../src/alerts/alert.js';
import { run as ack } from '../../../src/cli/ack.js';
import { run as alerts } from '../../../src/cli/alerts.js';
import { run as silence } from '../../../src/cli/silence.js';
import { AckStore } from '../../../src/ledger/ack-store.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import type { Database } from '../../../src/ledger/database.js';
import { NotificationLog } from '../../../src/ledger/notification-log.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { SilenceStore } from '../../../src/ledger/silence-store.js';
import { captureCli } from './capture-cli.js';

const COST_90: Labels = { alert_type: 'cost_monitor', monitor: 'WH_ETL_MONTHLY', threshold: '90', severity: 'warning', check: 'resource_monitors' };
const COST_75: Labels = { alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY', threshold: '75', severity: 'warning', check: 'resource_monitors' };
const SECURITY: Labels = { alert_type: 'security', user: 'ETL_SVC', severity: 'critical', check: 'service_account_audit' };
const GROUP = '{}/{alert_type="cost_monitor",threshold="90"}:{alert_type="cost_monitor", monitor="WH_ETL_MONTHLY"}';

let folder: string;
let config: string;
let db: Kysely<Database>;
let storeCount = 0;

async function freshStore(): Promise<void> {
  await db?.destroy();
  storeCount += 1;
  config = join(folder, `snowmon-${storeCount}.yaml`);
  writeFileSync(config, `store:\n  url: sqlite:./store-${storeCount}.db\n`);
  db = await openDatabase(`sqlite:${join(folder, `store-${storeCount}.db`)}`);
  const ledger = new AlertLedger(db);
  const t0 = new Date(Date.now() - 3_600_000);
  await ledger.ingest(
    'resource_monitors',
    {
      status: 'ok',
      alerts: [
        { labels: COST_90, annotations: { summary: 'monitor WH_ETL_MONTHLY at 91% of 500 credits' } },
        { labels: COST_75, annotations: { summary: 'monitor ACCOUNT_MONTHLY at 80% of 3140 credits' } },
      ],
    },
    t0,
  );
  await ledger.ingest(
    'service_account_audit',
    {
      status: 'ok',
      alerts: [{ labels: SECURITY, annotations: { summary: 'ETL_SVC reaches ACCOUNTADMIN' } }],
    },
    t0,
  );
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'snowmon-alerting-cli-'));
  process.env.SNOWMON_USER = 'ana';
});
beforeEach(freshStore);
afterAll(async () => {
  delete process.env.SNOWMON_USER;
  await db?.destroy();
});

describe('snowmon silence', () => {
  it('does add, list and expire a silence, naming the active alerts it mutes', async () => {
    const added = await captureCli(silence, [
      'add',
      'alert_type=cost_monitor',
      'monitor=~"WH_.*"',
      '--for',
      '2h',
      '--comment',
      'DQ-12 resize',
      '--config',
      config,
    ]);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    const id = /^silence ([0-9a-f-]{36}) added: /.exec(added.stdout)?.[1] as string;
    expect(added.stdout).toContain(`added: {alert_type="cost_monitor",monitor=~"WH_.*"} until `);
    expect(added.stdout).toContain(`mutes 1 active alert now: ${fingerprint(COST_90)} (cost_monitor monitor=WH_ETL_MONTHLY threshold=90)\n`);

    const stored = await new SilenceStore(db).get(id);
    expect(stored?.matchers).toEqual(['alert_type="cost_monitor"', 'monitor=~"WH_.*"']);
    expect(stored?.createdBy).toBe('ana');
    expect(stored?.comment).toBe('DQ-12 resize');
    const span = (stored?.endsAt.getTime() ?? 0) - (stored?.startsAt.getTime() ?? 0);
    expect(span).toBe(2 * 3_600_000);

    const listed = await captureCli(silence, ['list', '--config', config]);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.split('\n');
    expect(lines[0]).toBe(`${id}  active  {alert_type="cost_monitor",monitor=~"WH_.*"}`);
    expect(lines[1]).toBe(`  ${stored?.startsAt.toISOString()} → ${stored?.endsAt.toISOString()}; by ana; comment "DQ-12 resize"`);
    expect(lines[2]).toBe(`  mutes 1 active alert now: ${fingerprint(COST_90)} (cost_monitor monitor=WH_ETL_MONTHLY threshold=90)`);

    const expired = await captureCli(silence, ['expire', id.slice(0, 8), '--config', config]);
    expect(expired.code).toBe(0);
    expect(expired.stdout).toMatch(new RegExp(`^silence ${id} expired at `));
    expect(await new SilenceStore(db).list({ activeAt: new Date() })).toEqual([]);

    const after = await captureCli(silence, ['list', '--config', config]);
    expect(after.stdout).toBe('no active or pending silences (--all shows expired ones)\n');
    const all = await captureCli(silence, ['list', '--all', '--config', config]);
    expect(all.stdout.split('\n')[0]).toBe(`${id}  expired  {alert_type="cost_monitor",monitor=~"WH_.*"}`);
  });

  it('does refuse invalid matchers, a bad span and a silence that would mute everything, storing nothing', async () => {
    const bad = await captureCli(silence, ['add', 'alert_type', 'monitor=~"(WH"', '--config', config]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'invalid matcher "alert_type": expected name="value" with =, !=, =~ or !~\n' +
        'invalid matcher "monitor=~\\"(WH\\"": invalid regex: missing closing ): `^(?:(WH)$`\n',
    );
    const everything = await captureCli(silence, ['add', 'monitor=~".*"', '--config', config]);
    expect(everything.code).toBe(2);
    expect(everything.stderr).toContain('the silence would mute every alert');
    const span = await captureCli(silence, ['add', 'alert_type=security', '--for', 'a while', '--config', config]);
    expect(span.code).toBe(2);
    expect(span.stderr.split('\n')[0]).toBe('--for: invalid duration "a while" (e.g. 30m, 2h, 1d)');
    const until = await captureCli(silence, ['add', 'alert_type=security', '--until', '2026-11-20 18:00', '--config', config]);
    expect(until.stderr.split('\n')[0]).toBe('--until: invalid time "2026-11-20 18:00" (expected ISO 8601 with a zone, e.g. 2026-11-20T17:45:00Z)');
    expect(await new SilenceStore(db).list()).toEqual([]);
  });

  it('does take --until and --expire-on-resolve and exit 1 for an unknown id', async () => {
    const until = new Date(Date.now() + 86_400_000);
    until.setUTCMilliseconds(0);
    const added = await captureCli(silence, [
      'add',
      'user="ETL_SVC"',
      '--until',
      until.toISOString(),
      '--expire-on-resolve',
      '--author',
      'bo',
      '--config',
      config,
    ]);
    expect(added.code).toBe(0);
    const [stored] = await new SilenceStore(db).list();
    expect(stored?.endsAt.toISOString()).toBe(until.toISOString());
    expect(stored?.expireOnResolve).toBe(true);
    expect(stored?.createdBy).toBe('bo');
    expect(added.stdout).toContain(`mutes 1 active alert now: ${fingerprint(SECURITY)} (security user=ETL_SVC)`);
    const unknown = await captureCli(silence, ['expire', 'nonexistent-id', '--config', config]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('no silence with id "nonexistent-id" (snowmon silence list --all shows them)\n');
  });
});

describe('snowmon ack', () => {
  it("does acknowledge an alert by fingerprint and a group by key, stopping that group's escalation", async () => {
    const log = new NotificationLog(db);
    const due = new Date(Date.now() - 60_000);
    await log.put({
      groupKey: GROUP,
      receiver: 'slack-data-costs',
      firingFingerprints: [fingerprint(COST_90)],
      resolvedFingerprints: [],
      sentAt: new Date(Date.now() - 600_000),
      dueAt: due,
    });
    expect(await log.overdue(new Date())).toHaveLength(1);

    const byAlert = await captureCli(ack, [fingerprint(COST_90), '--comment', 'resizing WH_ETL', '--config', config]);
    expect(byAlert.code).toBe(0);
    expect(byAlert.stdout).toContain(`acknowledged alert ${fingerprint(COST_90)} (cost_monitor monitor=WH_ETL_MONTHLY threshold=90) by ana at `);
    expect(byAlert.stdout).toContain(`\n  ${GROUP}\n`);
    const acks = await new AckStore(db).list({ fingerprint: fingerprint(COST_90) });
    expect(acks.map((a) => [a.by, a.comment])).toEqual([['ana', 'resizing WH_ETL']]);

    const byGroup = await captureCli(ack, [GROUP, '--author', 'bo', '--config', config]);
    expect(byGroup.code).toBe(0);
    expect(byGroup.stdout).toMatch(/^acknowledged group .* by bo at .*: escalation stops for 1 receiver \(slack-data-costs\)\n$/);
    expect(await log.overdue(new Date())).toEqual([]);
    expect((await log.get(GROUP, 'slack-data-costs'))?.acknowledgedAt).toBeInstanceOf(Date);
  });

  it('does exit 1 with a clear message for an unknown id', async () => {
    const result = await captureCli(ack, ['0123456789abcdef', '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'no alert with fingerprint "0123456789abcdef" and no notification group with that key in the store (snowmon alerts --all lists alerts)\n',
    );
    expect(await db.selectFrom('acknowledgements').selectAll().execute()).toEqual([]);
  });
});

describe('snowmon alerts', () => {
  it('does keep one account with --account, and a silence on account= mutes only that account', async () => {
    const prod = { ...COST_90, account: 'prod' };
    const dev = { ...COST_90, account: 'dev' };
    const ledger = new AlertLedger(db);
    await ledger.ingest(
      'resource_monitors',
      { status: 'ok', account: 'prod', alerts: [{ labels: prod, annotations: { summary: 'prod at 91%' } }] },
      new Date(),
    );
    await ledger.ingest('resource_monitors', { status: 'ok', account: 'dev', alerts: [{ labels: dev, annotations: { summary: 'dev at 91%' } }] }, new Date());
    const json = JSON.parse((await captureCli(alerts, ['--account', 'dev', '--format', 'json', '--config', config])).stdout) as { fingerprint: string }[];
    expect(json.map((a) => a.fingerprint)).toEqual([fingerprint(dev)]);
    const table = await captureCli(alerts, ['--account', 'prod', '--config', config]);
    expect(table.stdout).toContain('account=prod monitor=WH_ETL_MONTHLY threshold=90');
    expect(table.stdout).not.toContain(fingerprint(dev));
    // The config watches one account, named `default`: a name no entry has is said, and still looked up.
    expect(table.stderr).toBe('note: account "prod" is not one of the configured accounts (default); listing the store\'s alerts with that account label\n');

    const added = await captureCli(silence, [
      'add',
      'account=prod',
      'alert_type=cost_monitor',
      '--for',
      '1h',
      '--comment',
      'prod quota raised',
      '--config',
      config,
    ]);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(fingerprint(prod));
    expect(added.stdout).not.toContain(fingerprint(dev));
  });

  it('does list firing alerts with their key labels and response state', async () => {
    const log = new NotificationLog(db);
    const due = new Date(Date.now() - 60_000);
    await log.put({
      groupKey: GROUP,
      receiver: 'slack-data-costs',
      firingFingerprints: [fingerprint(COST_90)],
      resolvedFingerprints: [],
      sentAt: new Date(),
      dueAt: due,
    });
    await new AckStore(db).acknowledge({ fingerprint: fingerprint(SECURITY) }, 'cy', new Date());

    const result = await captureCli(alerts, ['--config', config]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^fingerprint\s+alert_type\s+labels\s+severity\s+since\s+last seen\s+response$/);
    expect(lines).toHaveLength(5);
    const row = (labels: Labels) => lines.find((l) => l.startsWith(fingerprint(labels))) ?? '';
    expect(row(COST_90)).toMatch(/cost_monitor\s+monitor=WH_ETL_MONTHLY threshold=90\s+warning\s+.*overdue since /);
    expect(row(COST_75)).toMatch(/cost_monitor\s+monitor=ACCOUNT_MONTHLY threshold=75\s+warning\s+.*not notified$/);
    expect(row(SECURITY)).toMatch(/security\s+user=ETL_SVC\s+critical\s+.*acked by cy /);

    const json = JSON.parse((await captureCli(alerts, ['--format', 'json', '--config', config])).stdout) as Record<string, unknown>[];
    const cost = json.find((a) => a.fingerprint === fingerprint(COST_90));
    expect(cost).toMatchObject({ alert_type: 'cost_monitor', status: 'firing', due_at: due.toISOString(), overdue: true, acknowledged: null });
    expect(json.find((a) => a.fingerprint === fingerprint(SECURITY))).toMatchObject({ acknowledged: { by: 'cy' }, overdue: false });
  });

  it("does show resolved alerts with --all and one alert's history", async () => {
    const ledger = new AlertLedger(db);
    const resolvedAt = new Date(Date.now() - 60_000);
    await ledger.ingest(
      'resource_monitors',
      { status: 'ok', alerts: [{ labels: COST_90, annotations: { summary: 'monitor WH_ETL_MONTHLY at 91% of 500 credits' } }] },
      resolvedAt,
    );
    const firing = await captureCli(alerts, ['--config', config]);
    expect(firing.stdout).not.toContain(fingerprint(COST_75));
    const all = await captureCli(alerts, ['--all', '--config', config]);
    expect(all.stdout.split('\n').find((l) => l.startsWith(fingerprint(COST_75)))).toMatch(/\sresolved\s.*resolved \d{4}-\d\d-\d\d \d\d:\d\dZ$/);

    const history = await captureCli(alerts, ['--history', fingerprint(COST_75), '--config', config]);
    expect(history.code).toBe(0);
    const lines = history.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      `${fingerprint(COST_75)} (cost_monitor monitor=ACCOUNT_MONTHLY threshold=75): resolved, monitor ACCOUNT_MONTHLY at 80% of 3140 credits`,
    );
    expect(lines[1]).toMatch(/^ {2}\S+Z {2}none → firing \(observed\)$/);
    expect(lines[2]).toBe(`  ${resolvedAt.toISOString()}  firing → resolved (not observed in an ok run)`);

    const unknown = await captureCli(alerts, ['--history', 'ffffffffffffffff', '--config', config]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('no alert with fingerprint "ffffffffffffffff" in the store (snowmon alerts --all lists them)\n');
  });

  it('does need no secret but the store: an unset Snowflake password, HTTP port or dashboard token is no reason to refuse', async () => {
    const fleet = join(folder, 'fleet.yaml');
    writeFileSync(
      fleet,
      [
        'snowflake:',
        '  user: SNOWMON',
        '  password: ${SNOWMON_TEST_UNSET_PASSWORD}',
        '  warehouse: WH',
        'accounts:',
        '  - { name: prod, account: myorg-prod }',
        '  - name: dev',
        '    account: myorg-dev',
        '    private_key_passphrase: ${SNOWMON_TEST_UNSET_PASSPHRASE}',
        'store:',
        `  url: sqlite:./store-${storeCount}.db`,
        'daemon:',
        '  http:',
        '    port: ${SNOWMON_TEST_UNSET_PORT}',
        '  dashboard:',
        '    enabled: true',
        '    auth:',
        '      token: ${SNOWMON_TEST_UNSET_TOKEN}',
        '',
      ].join('\n'),
    );
    const listed = await captureCli(alerts, ['--config', fleet, '--account', 'dev']);
    expect([listed.code, listed.stderr]).toEqual([0, '']);
    expect((await captureCli(silence, ['list', '--config', fleet])).code).toBe(0);
    // The store's own URL is still needed, and said so.
    writeFileSync(fleet, 'store:\n  url: ${SNOWMON_TEST_UNSET_DB_URL}\n');
    const unset = await captureCli(alerts, ['--config', fleet]);
    expect([unset.code, unset.stderr]).toEqual([2, `${fleet}:2: store.url: environment variable SNOWMON_TEST_UNSET_DB_URL is not set (SM105)\n`]);
  });

  it('does exit 2 naming the store with its password masked when it cannot be opened', async () => {
    const pg = join(folder, 'pg.yaml');
    writeFileSync(pg, 'store:\n  url: ${SNOWMON_TEST_DB_URL}\n');
    process.env.SNOWMON_TEST_DB_URL = 'postgres://snowmon:canary-store-pass@127.0.0.1:9/snowmon';
    try {
      const result = await captureCli(alerts, ['--config', pg]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^cannot open the store postgres:\/\/snowmon:\*\*\*@127\.0\.0\.1:9\/snowmon: /);
      expect(result.stdout + result.stderr).not.toContain('canary-store-pass');
    } finally {
      delete process.env.SNOWMON_TEST_DB_URL;
    }
  });
});
