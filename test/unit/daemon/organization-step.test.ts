import { describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../../src/checks/check.js';
import { findingsToAlerts } from '../../../src/dispatch/findings-to-alerts.js';
import { organizationLabels } from '../../../src/audit/audit-organization.js';
import { keepUnmeasuredGaps, measuredAccounts } from '../../../src/daemon/organization-step.js';
import type { CheckSnapshot } from '../../../src/ledger/check-snapshot-store.js';
import type { AccountConfig } from '../../../src/sources/account-config.js';

const account = (name: string, usdPerCredit = 3): AccountConfig => ({
  name,
  snowflake: { account: `myorg-${name}` },
  usdPerCredit,
  labels: {},
  keyPath: 'accounts[0]',
});
const day = (usage_date: string, credits_billed: number) => ({ usage_date, credits_billed });
const outcome = (status: CheckOutcome['status'], rows: Record<string, unknown>[]): CheckOutcome => ({
  name: 'daily_credits',
  status,
  rows,
  findings: [],
  startedAt: '2026-11-20T06:00:00.000Z',
  durationMs: 1,
  statementsSent: 1,
});
const snapshot = (accountName: string, rows: Record<string, unknown>[], okAt?: Date): CheckSnapshot => ({
  account: accountName,
  check: 'daily_credits',
  lastStatus: okAt ? 'ok' : 'failed',
  lastRunAt: new Date('2026-11-20T06:00:00Z'),
  ...(okAt ? { okAt } : {}),
  durationMs: 1,
  rows,
  findings: [],
  refused: [],
});

describe('measuredAccounts', () => {
  it("does take the first account's days from this cycle and the others' from their stored daily_credits, none when never read", () => {
    const measured = measuredAccounts(
      [account('prod'), account('staging', 2), account('dev')],
      [outcome('ok', [day('2026-11-18', 10), day('2026-11-19T00:00:00.000Z', 12)])],
      [snapshot('prod', [day('2026-11-18', 99)], new Date()), snapshot('staging', [day('2026-11-19', 4)], new Date()), snapshot('dev', [])],
    );
    expect(measured.map((m) => [m.name, m.identifier, m.usdPerCredit, m.days ? [...m.days] : undefined])).toEqual([
      [
        'prod',
        'myorg-prod',
        3,
        [
          ['2026-11-18', 10],
          ['2026-11-19', 12],
        ],
      ],
      ['staging', 'myorg-staging', 2, [['2026-11-19', 4]]],
      ['dev', 'myorg-dev', 3, undefined],
    ]);
  });

  it("does fall back to the first account's snapshot when this cycle's daily_credits failed", () => {
    const [prod] = measuredAccounts([account('prod')], [outcome('failed', [])], [snapshot('prod', [day('2026-11-18', 7)], new Date())]);
    expect([...(prod?.days ?? [])]).toEqual([['2026-11-18', 7]]);
  });
});

describe('keepUnmeasuredGaps', () => {
  const gap = (name: string) => ({
    severity: 'warning' as const,
    summary: `gap ${name}`,
    labels: { alert_type: 'cost_finding', account: name, finding: 'billing_gap' },
  });
  const budget = { severity: 'warning' as const, summary: 'budget', labels: { alert_type: 'cost_budget', budget: 'organization' } };
  const run = (status: CheckOutcome['status'], findings: CheckOutcome['findings']): CheckOutcome => ({
    ...outcome(status, []),
    name: 'organization_usage',
    findings,
  });

  it("does carry the last run's billing gap of an account with no figure this time, and only of such accounts", () => {
    const kept = keepUnmeasuredGaps(run('ok', [budget]), ['staging'], [gap('staging'), gap('prod'), budget]);
    expect(kept.findings.map((f) => f.summary)).toEqual(['budget', 'gap staging']);
  });

  it('does not carry a gap twice, nor into a failed run (which resolves nothing anyway)', () => {
    expect(keepUnmeasuredGaps(run('ok', [gap('staging')]), ['staging'], [gap('staging')]).findings).toHaveLength(1);
    expect(keepUnmeasuredGaps(run('failed', []), ['staging'], [gap('staging')]).findings).toEqual([]);
  });
});

describe('organizationLabels', () => {
  it("does give organization-wide findings the organization and no account, an account's finding its own labels, whatever account stores them", () => {
    const prod = { ...account('prod'), labels: { team: 'core' } };
    const dev = { ...account('dev'), labels: { env: 'dev' } };
    const org: CheckOutcome = {
      ...outcome('ok', []),
      name: 'organization_usage',
      findings: [
        { severity: 'warning', summary: 'budget', labels: { alert_type: 'cost_budget', budget: 'organization', threshold: '90' } },
        { severity: 'warning', summary: 'gap', labels: { alert_type: 'cost_finding', finding: 'billing_gap', account: 'dev' } },
      ],
    };
    const alerts = findingsToAlerts(organizationLabels(org, [prod, dev], 'myorg-hq'), {}, prod);
    expect(alerts.map((a) => a.labels)).toEqual([
      { alert_type: 'cost_budget', budget: 'organization', threshold: '90', organization: 'myorg-hq', check: 'organization_usage', severity: 'warning' },
      {
        env: 'dev',
        alert_type: 'cost_finding',
        finding: 'billing_gap',
        account: 'dev',
        organization: 'myorg-hq',
        check: 'organization_usage',
        severity: 'warning',
      },
    ]);
  });
});
