/**
 * The organization view through the real snowflake-sdk against the emulator: a session in the
 * "organization account" reads ORGANIZATION_USAGE (USAGE_IN_CURRENCY_DAILY, REMAINING_BALANCE_DAILY,
 * CONTRACT_ITEMS, with Snowflake's column names), and the watched account's own metering comes from its
 * daily_credits check. The bill is written here into those views: the watched account's compute credits
 * are its METERING_DAILY_HISTORY day by day (so only the price differs), priced at 2.50 while config says
 * 3.00, plus storage and a second account. Expectations come from those tables with plain SQL.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureCli } from './cli/capture-cli.js';
import { seedOrganizationUsage } from '../support/organization-usage.js';
import { run as audit } from '../../src/cli/audit.js';
import { auditOrganization, measuredAccount, organizationAccount } from '../../src/audit/audit-organization.js';
import type { CheckOutcome } from '../../src/checks/check.js';
import { defaultQueriesDir, loadChecks } from '../../src/checks/load-checks.js';
import type { OrganizationConfig } from '../../src/checks/organization-config.js';
import { runChecks } from '../../src/checks/run-checks.js';
import { Secret } from '../../src/config/secret.js';
import { FrozenClock } from '../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';
import { REPORT_FORMATS, renderReport } from '../../src/report/render-report.js';
import type { AccountConfig } from '../../src/sources/account-config.js';
import { connectSnowflake } from '../../src/sources/connect-snowflake.js';
import type { Row, SnowflakeClient } from '../../src/sources/snowflake-client.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const USD = 3;
const BILLED_PRICE = 2.5;
const n = (v: unknown): number => Number(v ?? 0);

let emulator: RunningEmulator;
let client: SnowflakeClient;
let daily: CheckOutcome;
let outcome: CheckOutcome;
let account: AccountConfig;

function organization(budget: number): OrganizationConfig {
  return {
    snowflake: { account: emulator.accountName, accessUrl: emulator.url, role: 'SNOWMON_ROLE', warehouse: 'SNOWMON_WH' },
    budget: { monthlyAmount: budget, accounts: [] },
    thresholds: {},
  };
}

beforeAll(async () => {
  emulator = await startEmulator({ clock: new FrozenClock(NOW), scenario: { seed: 7, days: 45, queryHistoryRows: 20_000 }, advanceClockWithQueries: false });
  const login = {
    user: 'SNOWMON',
    authenticator: 'SNOWFLAKE' as const,
    password: new Secret('snowmon-demo-password'),
    statementTimeoutMs: 60_000,
    loginTimeoutMs: 15_000,
  };
  client = await connectSnowflake({ account: emulator.accountName, accessUrl: emulator.url, role: 'SNOWMON_ROLE', warehouse: 'SNOWMON_WH', ...login });
  [daily] = (await runChecks(client, (await loadChecks(defaultQueriesDir())).checks, { now: NOW, usdPerCredit: USD, only: ['daily_credits'] })) as [
    CheckOutcome,
  ];
  await seedOrganizationUsage(emulator, emulator.accountName.toUpperCase(), BILLED_PRICE);
  account = { name: 'prod', snowflake: { account: `myorg-${emulator.accountName}` }, usdPerCredit: USD, labels: {}, keyPath: 'accounts[0]' };
  const [month] = await emulator.queryRaw(
    `select sum(usage_in_currency)::DOUBLE as amount from snowflake.organization_usage.usage_in_currency_daily where usage_date >= DATE '2026-11-01'`,
  );
  outcome = await auditOrganization({
    organization: organization(n(month?.['amount']) / 0.8), // 80 % spent: passes 75
    defaults: login,
    accounts: [measuredAccount(account, daily), { name: 'staging', identifier: 'myorg-staging', usdPerCredit: USD }],
    now: NOW,
    env: {},
  });
}, 120_000);

afterAll(async () => {
  await client?.close();
  await emulator?.stop();
});

const rowWith = (key: string, value?: unknown): Row | undefined => outcome.rows.find((r) => key in r && (value === undefined || r[key] === value));

describe('organization_usage against the emulator', () => {
  it('does read the three ORGANIZATION_USAGE views in one session with three tagged, bounded statements', () => {
    expect([outcome.status, outcome.error, outcome.statementsSent]).toEqual(['ok', undefined, 3]);
    const sent = emulator.statements.filter((s) => /organization_usage\./i.test(s.sql));
    expect(sent.map((s) => /from snowflake\.organization_usage\.(\w+)/i.exec(s.sql)?.[1])).toEqual([
      'usage_in_currency_daily',
      'remaining_balance_daily',
      'contract_items',
    ]);
    for (const s of sent) expect(JSON.parse(s.queryTag ?? '{}')).toEqual({ app: 'snowmon', check: 'organization_usage' });
    expect(sent[0]!.sql).toContain("u.usage_date >= dateadd('day', -40, current_date())");
  });

  it("does total the organization's month to date, every account and service, against its budget", async () => {
    const [month] = await emulator.queryRaw(
      `select sum(usage_in_currency)::DOUBLE as amount from snowflake.organization_usage.usage_in_currency_daily where usage_date >= DATE '2026-11-01'`,
    );
    const row = rowWith('budget_amount')!;
    expect(n(row['month_amount'])).toBeCloseTo(n(month?.['amount']), 2);
    expect(n(row['pct'])).toBeCloseTo(80, 6);
    expect(row['data_until']).toBe('2026-11-18T00:00:00.000Z');
    const labels = outcome.findings.filter((f) => f.labels['budget'] === 'organization').map((f) => f.labels['threshold']);
    // 80 % after 17 billed days of 30: the last 7 days' rate ends the month past 100 %.
    expect(labels).toEqual(['75', 'projected']);
    expect(n(row['projected_pct'])).toBeGreaterThan(100);
  });

  it("does compare the watched account's metering × its price with its compute on the bill, and say the price is off", async () => {
    const [bill] = await emulator.queryRaw(`select sum(usage)::DOUBLE as credits, sum(usage_in_currency)::DOUBLE as amount, count(*)::INTEGER as days
      from snowflake.organization_usage.usage_in_currency_daily where rating_type = 'compute' and usage_date >= DATE '2026-10-21'`);
    const row = rowWith('account', 'prod')!;
    expect(row['days_compared']).toBe(n(bill?.['days']));
    expect(n(row['billed_credits'])).toBeCloseTo(n(bill?.['credits']), 2);
    expect(n(row['measured_credits'])).toBeCloseTo(n(bill?.['credits']), 2);
    expect(n(row['billed_amount'])).toBeCloseTo(n(bill?.['amount']), 2);
    expect(n(row['gap_pct'])).toBeCloseTo((USD / BILLED_PRICE - 1) * 100, 0);
    const gap = outcome.findings.find((f) => f.labels['finding'] === 'billing_gap');
    expect(gap?.labels).toEqual({ alert_type: 'cost_finding', account: 'prod', finding: 'billing_gap' });
    expect(gap?.recommendation).toBe('Set usd_per_credit to 2.5 for prod: every dollar figure snowmon shows for it is off by the same share.');
  });

  it('does say when a watched account is not on the bill', () => {
    const missing = outcome.findings.find((f) => f.labels['finding'] === 'not_in_organization');
    expect(missing?.labels['account']).toBe('staging');
    expect(rowWith('account', 'staging')?.['days_compared']).toBe(0);
  });

  it('does warn that the balance lasts fewer days than min_balance_days at the last 7 billed days', async () => {
    const [week] = await emulator.queryRaw(
      `select sum(usage_in_currency)::DOUBLE / 7 as per_day from snowflake.organization_usage.usage_in_currency_daily where usage_date >= DATE '2026-11-11'`,
    );
    const row = rowWith('balance')!;
    expect([row['balance_date'], n(row['balance'])]).toEqual(['2026-11-17', 8500]);
    expect(n(row['days_left'])).toBeCloseTo(8500 / n(week?.['per_day']), 6);
    const low = outcome.findings.filter((f) => f.labels['finding'] === 'low_balance');
    expect(n(row['days_left'])).toBeLessThan(30);
    expect(low.map((f) => f.severity)).toEqual(['warning']);
  });

  it('does fail, not throw, when the organization account cannot be reached, naming the organization key', async () => {
    const failed = await auditOrganization({
      organization: { snowflake: { account: 'myorg-org', accessUrl: 'http://127.0.0.1:9', role: 'R' }, thresholds: {} },
      defaults: {},
      accounts: [],
      now: NOW,
      env: {},
    });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^no session in the organization account: .*organization\.(user|warehouse)/);
    expect(organizationAccount({ snowflake: { account: 'o' }, thresholds: {} }, { user: 'U', account: 'watched', role: 'X' }).snowflake).toEqual({
      user: 'U',
      account: 'o',
    });
  });

  it('does show the bill, the gap and the balance in every audit format', () => {
    const report = { generatedAt: NOW.toISOString(), account: emulator.accountName, usdPerCredit: USD, checks: [outcome] };
    for (const format of REPORT_FORMATS) {
      const text = renderReport(report, format, { color: false, width: 200 });
      for (const expected of ['organization budget (organization) at 80% of', 'account prod: its own metering says', 'capacity'])
        expect(text, format).toContain(expected);
    }
  });

  it('does run in snowmon audit beside the budgets, with --check, in one extra session costing one statement per view', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'snowmon-org-audit-'));
    const config = join(folder, 'snowmon.yaml');
    const connection = [`  access_url: ${emulator.url}`, '  role: SNOWMON_ROLE', '  warehouse: SNOWMON_WH'];
    writeFileSync(
      config,
      [
        'snowflake:',
        `  account: ${emulator.accountName}`,
        '  user: SNOWMON',
        '  password: ${SNOWMON_ORG_TEST_PASSWORD}',
        ...connection,
        '',
        'organization:',
        `  account: myorg-${emulator.accountName}`,
        ...connection,
        '  budget: { monthly_amount: 1000 }',
        '',
        'budgets:',
        '  - { name: data-eng, label: owner, value: data_eng, monthly_credits: 100 }',
        '',
      ].join('\n'),
    );
    process.env['SNOWMON_ORG_TEST_PASSWORD'] = 'snowmon-demo-password';
    const before = emulator.statements.length;
    try {
      const { code, stdout, stderr } = await captureCli(audit, ['--config', config, '--format', 'json', '--quiet', '--check', 'organization_usage,budgets']);
      expect([code, stderr]).toEqual([0, '']);
      const report = JSON.parse(stdout) as { checks: { name: string; status: string; findings: { labels: Record<string, string> }[] }[] };
      expect(report.checks.map((c) => [c.name, c.status])).toEqual([
        ['budgets', 'ok'],
        ['organization_usage', 'ok'],
      ]);
      expect(report.checks[0]!.findings.some((f) => f.labels['budget'] === 'data-eng')).toBe(true);
      const sent = emulator.statements.slice(before).filter((s) => !/^alter session/i.test(s.sql));
      // budgets (1) and daily_credits (1, the spend the bill is compared with) in the account, the three views in the organization.
      expect(sent.map((s) => (JSON.parse(s.queryTag ?? '{}') as { check?: string }).check)).toEqual([
        'budgets',
        'daily_credits',
        'organization_usage',
        'organization_usage',
        'organization_usage',
      ]);
    } finally {
      delete process.env['SNOWMON_ORG_TEST_PASSWORD'];
    }
  });
});
