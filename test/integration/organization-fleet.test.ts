/**
 * The organization view over a fleet, end to end against the emulator's own organization account (its
 * ORGANIZATION_USAGE derived from the served accounts' metering at 3.00 a credit): each watched account's
 * daily_credits read in its own session through the real driver, the bill read in the organization's.
 * The bill and the accounts' metering agree, so no gap is reported where the price is right, and one is
 * where config says another price.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditOrganization, measuredAccount } from '../../src/audit/audit-organization.js';
import type { CheckOutcome } from '../../src/checks/check.js';
import { defaultQueriesDir, loadChecks } from '../../src/checks/load-checks.js';
import { runChecks } from '../../src/checks/run-checks.js';
import { Secret } from '../../src/config/secret.js';
import { FrozenClock } from '../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';
import type { AccountConfig } from '../../src/sources/account-config.js';
import { connectSnowflake } from '../../src/sources/connect-snowflake.js';

const NOW = new Date('2026-11-20T15:00:00Z');
const LOGIN = {
  user: 'SNOWMON',
  authenticator: 'SNOWFLAKE' as const,
  password: new Secret('snowmon-demo-password'),
  statementTimeoutMs: 60_000,
  loginTimeoutMs: 15_000,
};
let emulator: RunningEmulator;
let outcome: CheckOutcome;

async function dailyCredits(account: string): Promise<CheckOutcome> {
  const client = await connectSnowflake({ account, accessUrl: emulator.url, role: 'SNOWMON_ROLE', warehouse: 'SNOWMON_WH', ...LOGIN });
  try {
    const [daily] = await runChecks(client, (await loadChecks(defaultQueriesDir())).checks, { now: NOW, usdPerCredit: 3, only: ['daily_credits'] });
    return daily as CheckOutcome;
  } finally {
    await client.close();
  }
}

beforeAll(async () => {
  emulator = await startEmulator({
    clock: new FrozenClock(NOW),
    scenario: { days: 30, queryHistoryRows: 1000 },
    accounts: ['hq', 'prod', 'dev'],
    organization: { account: 'hq' },
  });
  const account = (name: string, usdPerCredit: number): AccountConfig => ({
    name,
    snowflake: { account: `myorg-${name}` },
    usdPerCredit,
    labels: {},
    keyPath: 'accounts',
  });
  const accounts = [account('prod', 3), account('dev', 2)];
  const measured = await Promise.all(accounts.map(async (a) => measuredAccount(a, await dailyCredits(a.name))));
  outcome = await auditOrganization({
    organization: {
      snowflake: { account: 'hq', accessUrl: emulator.url, role: 'SNOWMON_ROLE', warehouse: 'SNOWMON_WH' },
      budget: { monthlyAmount: 1_000_000, accounts: ['prod'] },
      thresholds: {},
    },
    defaults: LOGIN,
    accounts: measured,
    now: NOW,
    env: {},
  });
}, 180_000);

afterAll(async () => {
  await emulator?.stop();
});

describe('organization_usage over the emulated fleet', () => {
  it("does find each account on the bill and agree with its own metering to the cent's rounding where the price is right", () => {
    expect([outcome.status, outcome.error]).toEqual(['ok', undefined]);
    const prod = outcome.rows.find((r) => r['account'] === 'prod')!;
    expect(prod['org_account_name']).toBe('PROD');
    expect(Number(prod['days_compared'])).toBeGreaterThan(20);
    expect(Math.abs(Number(prod['gap_pct']))).toBeLessThan(0.5);
    expect(Number(prod['billed_per_credit'])).toBeCloseTo(3, 2);
    expect(outcome.findings.filter((f) => f.labels['account'] === 'prod')).toEqual([]);
  });

  it('does report the account whose configured price is not the bill', () => {
    const gap = outcome.findings.find((f) => f.labels['account'] === 'dev');
    expect(gap?.labels['finding']).toBe('billing_gap');
    expect(gap?.recommendation).toBe('Set usd_per_credit to 3 for dev: every dollar figure snowmon shows for it is off by the same share.');
  });

  it("does keep a budget limited to one account to that account's spend this month, as the bill has it", async () => {
    const client = await connectSnowflake({ account: 'hq', accessUrl: emulator.url, role: 'SNOWMON_ROLE', warehouse: 'SNOWMON_WH', ...LOGIN });
    try {
      const { rows } = await client.query(
        "select sum(usage_in_currency) as amount from snowflake.organization_usage.usage_in_currency_daily where account_name = 'PROD' and usage_date >= '2026-11-01'::date",
        { check: 'test' },
      );
      const budget = outcome.rows.find((r) => r['budget_amount'] !== undefined)!;
      expect(budget['scope']).toBe('accounts prod');
      expect(Number(rows[0]?.['amount'])).toBeGreaterThan(0);
      expect(Number(budget['month_amount'])).toBeCloseTo(Number(rows[0]?.['amount']), 2);
    } finally {
      await client.close();
    }
  });
});
