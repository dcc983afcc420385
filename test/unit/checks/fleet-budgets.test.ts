import { describe, expect, it } from 'vitest';
import type { BudgetConfig } from '../../../src/checks/budgets-config.js';
import { evaluateBudgets } from '../../../src/checks/evaluate-budgets.js';
import { evaluateFleetBudgets } from '../../../src/checks/fleet-budgets.js';
import type { Row } from '../../../src/sources/snowflake-client.js';
import { shippedThresholds } from '../../support/shipped-thresholds.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const thresholds = shippedThresholds('budgets');
const finance: BudgetConfig = { name: 'finance', label: 'team', value: 'finance', monthlyCredits: 100, accounts: [] };
const spendRow = (month: number, recent: number): Row => ({
  owner: null,
  team: '"finance"',
  month_credits: month,
  recent_credits: recent,
  month_queries: 3,
  first_at: '2026-11-01T00:00:00Z',
  last_at: '2026-11-20T04:00:00Z',
});
/** One account's `budgets` rows as its own cycle makes them with several accounts. */
const partRows = (month: number, recent: number, usdPerCredit = 2, budgets: readonly BudgetConfig[] = [finance]): Row[] =>
  evaluateBudgets({ results: [[spendRow(month, recent)]], thresholds, now: NOW, usdPerCredit }, budgets, 'x', true).rows;

describe('fleet-wide budgets', () => {
  it('does yield only a part row, no finding, for a budget of no account in one account of several', () => {
    const out = evaluateBudgets({ results: [[spendRow(120, 7)]], thresholds, now: NOW, usdPerCredit: 2 }, [finance], 'prod', true);
    expect(out.findings).toEqual([]);
    expect(out.rows[0]).toMatchObject({
      fleet_budget: 'finance',
      month_credits: 120,
      recent_credits: 7,
      usd_per_credit: 2,
      cycle_start: '2026-11-01T00:00:00.000Z',
    });
    // A budget limited to the account keeps today's per-account findings.
    const own = evaluateBudgets({ results: [[spendRow(120, 7)]], thresholds, now: NOW, usdPerCredit: 2 }, [{ ...finance, accounts: ['prod'] }], 'prod', true);
    expect(own.findings.map((f) => f.labels['threshold'])).toEqual(['75', '90', '100']);
  });

  it('does sum two accounts each under 75 % into one alert per threshold past 100 %, with the breakdown and no account', () => {
    const out = evaluateFleetBudgets(
      [finance],
      [
        { name: 'prod', usdPerCredit: 2, rows: partRows(60, 0) },
        { name: 'staging', usdPerCredit: 3, rows: partRows(65, 0, 3) },
      ],
      thresholds,
      NOW,
    );
    expect(out.status).toBe('ok');
    expect(out.findings.map((f) => [f.labels['threshold'], f.severity])).toEqual([
      ['75', 'warning'],
      ['90', 'warning'],
      ['100', 'critical'],
    ]);
    expect(out.findings[2]?.labels).toEqual({
      alert_type: 'cost_budget',
      budget: 'finance',
      team: 'finance',
      cycle_start: '2026-11-01T00:00:00.000Z',
      threshold: '100',
    });
    expect(out.findings[2]?.summary).toContain('over all accounts [2 of 2 accounts measured: prod 60, staging 65 credits] at 125% of 100 credits');
    expect(out.findings[2]?.recommendation).toContain('up to a day old');
    // Each account's credits at its own price: 60 × 2 + 65 × 3.
    expect(out.findings[2]?.credits).toBe(125);
    expect(out.findings[2]?.usd).toBeCloseTo(315, 9);
    expect(out.rows[0]).toMatchObject({ month_credits: 125, pct: 125, accounts: '2 of 2 accounts measured' });
  });

  it('does add a dollar budget at each account its own price', () => {
    const usd = { ...finance, monthlyCredits: undefined, monthlyUsd: 300 } as BudgetConfig;
    const out = evaluateFleetBudgets(
      [usd],
      [
        { name: 'prod', usdPerCredit: 2, rows: partRows(60, 0, 2, [usd]) },
        { name: 'staging', usdPerCredit: 3, rows: partRows(50, 0, 3, [usd]) },
      ],
      thresholds,
      NOW,
    );
    expect(out.rows[0]).toMatchObject({ month_usd: 270, budget_usd: 300, pct: 90 });
    expect(out.findings.map((f) => [f.labels['threshold'], f.usd])).toEqual([
      ['75', 270],
      ['90', 270],
    ]);
    expect(out.findings[0]?.credits).toBeCloseTo(110, 9);
  });

  it('does name an account with no figure this month (never 0) and makes the run partial', () => {
    const lastMonth = partRows(90, 0).map((r) => ({ ...r, cycle_start: '2026-10-01T00:00:00.000Z' }));
    const out = evaluateFleetBudgets(
      [finance],
      [
        { name: 'prod', usdPerCredit: 2, rows: partRows(50, 0) },
        { name: 'staging', usdPerCredit: 2, rows: lastMonth },
        { name: 'dev', usdPerCredit: 2 },
      ],
      thresholds,
      NOW,
    );
    expect(out.status).toBe('partial');
    expect(out.missing).toEqual(['staging', 'dev']);
    expect(out.rows[0]).toMatchObject({
      month_credits: 50,
      accounts: '1 of 3 accounts measured',
      by_account: 'prod 50, staging no figure yet, dev no figure yet',
    });
  });

  it('does project the sum from every account rate, and not before each has min_data_hours', () => {
    const parts = [
      { name: 'prod', usdPerCredit: 2, rows: partRows(35, 14) },
      { name: 'staging', usdPerCredit: 2, rows: partRows(35, 14) },
    ];
    const out = evaluateFleetBudgets([finance], parts, thresholds, NOW);
    expect(out.findings.map((f) => f.labels['threshold'])).toEqual(['projected']);
    expect(out.rows[0]?.['projected_pct']).toBeCloseTo(70 + (28 / (7 * 24 - 8)) * (10 * 24 + 20), 6);
    const young = partRows(35, 14).map((r) => ({ ...r, rate_hours: 3 }));
    const early = evaluateFleetBudgets([finance], [parts[0]!, { name: 'staging', usdPerCredit: 2, rows: young }], thresholds, NOW);
    expect(early.rows[0]?.['projected_pct']).toBeNull();
    expect(early.findings).toEqual([]);
  });
});
