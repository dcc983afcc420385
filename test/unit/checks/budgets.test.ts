import { describe, expect, it } from 'vitest';
import { configFiles } from '../../support/config-errors.js';
import type { BudgetConfig } from '../../../src/checks/budgets-config.js';
import { evaluateBudgets, labelValues } from '../../../src/checks/evaluate-budgets.js';
import type { EvaluatorInput } from '../../../src/checks/evaluator.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import { shippedThresholds } from '../../support/shipped-thresholds.js';

const { file, errors } = configFiles('snowmon-budgets-');

describe('budgets: in snowmon.yaml', () => {
  it('does read budgets in credits and dollars, with their thresholds and account filter', async () => {
    const config = await loadConfig(
      file(
        'ok.yaml',
        'accounts:\n  - { name: prod, account: org-prod }\n  - { name: staging, account: org-staging }\n' +
          'budgets:\n' +
          '  - { name: data-eng, label: owner, value: data_eng, monthly_credits: 200 }\n' +
          '  - { name: science, label: team, value: data_science, monthly_usd: 1500, thresholds: [100, 50, 50], account: [prod, staging] }\n',
      ),
      {},
    );
    expect(config.budgets).toEqual([
      { name: 'data-eng', label: 'owner', value: 'data_eng', monthlyCredits: 200, accounts: [] },
      { name: 'science', label: 'team', value: 'data_science', monthlyUsd: 1500, thresholds: [50, 100], accounts: ['prod', 'staging'] },
    ]);
    expect(config.checks.budgets.enabled).toBe(true);
  });

  it('does leave the budgets check off when no budget is configured, unless checks.budgets.enabled says so', async () => {
    expect((await loadConfig(file('none.yaml', ''), {})).checks.budgets.enabled).toBe(false);
    expect((await loadConfig(file('on.yaml', 'checks:\n  budgets:\n    enabled: true\n'), {})).checks.budgets.enabled).toBe(true);
  });

  it('does name file, line, key and value for every mistake in a budget', async () => {
    const lines = await errors(
      'budgets:\n' +
        '  - { name: "a b", label: owner, value: x, monthly_credits: 1 }\n' +
        '  - { name: b, label: cost_center, value: x, monthly_credits: 1 }\n' +
        '  - { name: c, label: owner, monthly_credits: 1, monthly_usd: 2 }\n' +
        '  - { name: d, label: team, value: x }\n' +
        '  - { name: e, label: team, value: x, monthly_usd: 0, thresholds: [75, -1] }\n' +
        '  - { name: f, label: team, value: x, monthly_credits: 5, colour: red }\n' +
        '  - { name: f, label: team, value: y, monthly_credits: 5 }\n' +
        '  - { name: F, label: owner, value: z, monthly_credits: 5 }\n',
    );
    expect(lines).toEqual([
      '2: budgets[0].name: invalid budget name "a b" (letters, digits, _ . -) (SM108)',
      '3: budgets[1].label: invalid label "cost_center" (use owner or team) (SM108)',
      '4: budgets[2].value: missing value (SM110)',
      '4: budgets[2]: set monthly_credits or monthly_usd, not both (SM109)',
      '5: budgets[3]: missing monthly_credits or monthly_usd (the amount per calendar month) (SM110)',
      '6: budgets[4].monthly_usd: must be a positive amount, got 0 (SM108)',
      '6: budgets[4].thresholds: invalid percentage -1 (a number above 0) (SM108)',
      '7: budgets[5].colour: unknown key (SM102)',
      '8: budgets[6].name: duplicate budget name "f" (also budgets[5]; names are compared without regard to case) (SM128)',
      '9: budgets[7].name: duplicate budget name "F" (also budgets[5]; names are compared without regard to case) (SM128)',
    ]);
  });

  it('does refuse a budget limited to an account the config does not watch', async () => {
    const text =
      'accounts:\n  - { name: prod, account: org-prod }\nbudgets:\n  - { name: a, label: team, value: x, monthly_credits: 1, account: [prod, stagin] }\n';
    expect(await errors(text)).toEqual(['4: budgets[0].account: unknown account "stagin" (accounts: prod) (SM108)']);
  });

  it('does refuse a budgets section that is not a list', async () => {
    expect(await errors('budgets:\n  name: x\n')).toEqual(['1: budgets: expected a list of budgets, got a mapping (SM103)']);
  });
});

const NOW = new Date('2026-11-20T12:00:00Z');
const thresholds = shippedThresholds('budgets');
const input = (rows: Record<string, unknown>[], extra: Partial<EvaluatorInput> = {}): EvaluatorInput => ({
  results: [rows],
  thresholds,
  now: NOW,
  usdPerCredit: 2,
  ...extra,
});
const row = (owner: string | null, team: string | null, month: number, recent: number, firstAt = '2026-11-01T00:00:00Z'): Record<string, unknown> => ({
  owner,
  team,
  month_credits: month,
  recent_credits: recent,
  month_queries: 10,
  first_at: firstAt,
  last_at: '2026-11-20T04:00:00Z',
});
const budget = (extra: Partial<BudgetConfig> = {}): BudgetConfig => ({
  name: 'b',
  label: 'owner',
  value: 'alice',
  monthlyCredits: 100,
  accounts: [],
  ...extra,
});

describe('evaluateBudgets', () => {
  it('does read owners as Snowflake writes them with to_json, a list or a comma list, and as bare text', () => {
    expect(labelValues('"alice"')).toEqual(['alice']);
    expect(labelValues('["bob", "alice", "bob"]')).toEqual(['alice', 'bob']);
    expect(labelValues('"bob, alice"')).toEqual(['alice', 'bob']);
    expect(labelValues('alice')).toEqual(['alice']);
    expect(labelValues(null)).toEqual([]);
    expect(labelValues('{"a": 1}')).toEqual([]);
  });

  it('does count a statement with several owners toward each, compare without case and ignore other teams', () => {
    const out = evaluateBudgets(input([row('["ALICE", "bob"]', null, 30, 7), row('"alice"', '"x"', 20, 0), row('"carol"', null, 500, 70)]), [budget()]);
    expect(out.rows[0]).toMatchObject({ name: 'b', month_credits: 50, budget_credits: 100, pct: 50, month_usd: 100 });
    expect(out.findings).toEqual([]);
  });

  it('does project from the rate of the last 7 days up to where the data reaches, and alert before the month is spent', () => {
    // 70 credits spent, 28 in the last 7 days (measured up to 04:00 when the data ends, 6.67 days); 10.83 days left.
    const out = evaluateBudgets(input([row('"alice"', null, 70, 28)]), [budget()]);
    const perDay = 28 / ((7 * 24 - 8) / 24);
    expect(out.rows[0]?.['credits_per_day']).toBeCloseTo(perDay, 9);
    expect(out.rows[0]?.['projected_pct']).toBeCloseTo(70 + (perDay * (10 * 24 + 20)) / 24, 9);
    expect(out.findings.map((f) => f.labels['threshold'])).toEqual(['projected']);
    expect(out.findings[0]?.summary).toBe(
      'budget b (owner alice) at 70% of 100 credits this month, on course for 115.5% by 2026-12-01T00:00:00.000Z ' +
        '(4.2 credits/day at the rate of the last 6.7 days): reaches 100% around 2026-11-27T07:25:42.857Z',
    );
  });

  it('does not project from less than min_data_hours of data, and says so', () => {
    const out = evaluateBudgets(input([row('"alice"', null, 90, 90, '2026-11-19T20:00:00Z')]), [budget({ thresholds: [80] })]);
    expect(out.rows[0]).toMatchObject({ projected_pct: null, projection: 'too early to project: 8.0 hours of data' });
    expect(out.findings.map((f) => [f.labels['threshold'], f.severity])).toEqual([['80', 'warning']]);
  });

  it('does turn a dollar budget into credits at the price, and raise 100 % as critical with the spend in dollars', () => {
    const out = evaluateBudgets(input([row(null, '"data"', 60, 0)]), [budget({ label: 'team', value: 'DATA', monthlyCredits: undefined, monthlyUsd: 100 })]);
    expect(out.rows[0]).toMatchObject({ budget_credits: 50, pct: 120 });
    expect(out.findings.map((f) => [f.labels['threshold'], f.severity, f.usd])).toEqual([
      ['75', 'warning', 120],
      ['90', 'warning', 120],
      ['100', 'critical', 120],
    ]);
    expect(out.findings[2]?.labels).toEqual({
      alert_type: 'cost_budget',
      budget: 'b',
      team: 'DATA',
      threshold: '100',
      cycle_start: '2026-11-01T00:00:00.000Z',
    });
  });

  it('does skip a budget limited to other accounts, and conclude nothing when the statement was refused', () => {
    const rows = [row('"alice"', null, 99, 0)];
    expect(evaluateBudgets(input(rows), [budget({ accounts: ['staging'] })], 'prod').findings).toEqual([]);
    expect(evaluateBudgets(input(rows), [budget({ accounts: ['prod'] })], 'prod').findings).toHaveLength(2);
    expect(evaluateBudgets(input(rows, { refused: new Set([0]) }), [budget()])).toEqual({ rows: [], findings: [] });
  });
});
