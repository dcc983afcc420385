/**
 * The budgets check through the real snowflake-sdk against the emulator's seeded account: dbt's node meta
 * owners (data_eng on fct_orders, finance_team on revenue_daily, in the dbt_query_tags comment) and a team
 * in a plain JSON query tag (data_science on the notebook statements). Expectations come from the seeded
 * tables with plain SQL that never parses JSON, never from snowmon's output.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckDefinition, CheckOutcome, Finding } from '../../src/checks/check.js';
import type { BudgetConfig } from '../../src/checks/budgets-config.js';
import { budgetEvaluators } from '../../src/checks/evaluate-budgets.js';
import { defaultQueriesDir, loadChecks } from '../../src/checks/load-checks.js';
import { runChecks } from '../../src/checks/run-checks.js';
import { FrozenClock } from '../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';
import { REPORT_FORMATS, renderReport } from '../../src/report/render-report.js';
import type { Row, SnowflakeClient } from '../../src/sources/snowflake-client.js';
import { connectToEmulator } from '../support/emulator-session.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const MONTH_START = '2026-11-01T00:00:00.000Z';
const USD = 3;
const n = (v: unknown): number => Number(v ?? 0);
const ts = (d: Date | string): string => `TIMESTAMPTZ '${new Date(d).toISOString()}'`;

/** Statements by owner or team, by text alone. */
const WHERE = {
  data_eng: `q.query_text like '%"node_meta": {"owner": "data_eng"%'`,
  finance_team: `q.query_text like '%"node_meta": {"owner": "finance_team"}%'`,
  data_science: `a.query_tag like '%"team":"data_science"%'`,
} as const;

let emulator: RunningEmulator;
let client: SnowflakeClient;
let checks: CheckDefinition[];
let outcome: CheckOutcome;
const spent: Record<string, number> = {};
const recent: Record<string, number> = {};

async function creditsSince(where: string, since: string): Promise<number> {
  const [row] = await emulator.queryRaw(`
    select coalesce(sum(a.credits_attributed_compute + coalesce(a.credits_used_query_acceleration, 0)), 0)::DOUBLE as credits
    from snowflake.account_usage.query_attribution_history a join snowflake.account_usage.query_history q using (query_id)
    where a.start_time >= ${ts(since)} and ${where}`);
  return n(row?.['credits']);
}

function budgets(): BudgetConfig[] {
  return [
    // 95 % spent: passes 75 and 90, not 100, and the burn rate carries it past 100 before December.
    { name: 'data-eng', label: 'owner', value: 'data_eng', monthlyCredits: spent['data_eng']! / 0.95, accounts: [] },
    // 200 % spent, in dollars: passes every threshold, no projection (already past).
    { name: 'science', label: 'team', value: 'DATA_SCIENCE', monthlyUsd: (spent['data_science']! / 2) * USD, accounts: [] },
    // far from its amount: nothing.
    { name: 'finance', label: 'owner', value: 'finance_team', monthlyCredits: 10_000, thresholds: [50, 100], accounts: [] },
    // limited to another account: not evaluated here.
    { name: 'staging-only', label: 'owner', value: 'data_eng', monthlyCredits: 1, accounts: ['staging'] },
  ];
}

beforeAll(async () => {
  emulator = await startEmulator({ clock: new FrozenClock(NOW), scenario: { seed: 7, days: 45, queryHistoryRows: 20_000 }, advanceClockWithQueries: false });
  client = await connectToEmulator(emulator);
  checks = (await loadChecks(defaultQueriesDir())).checks;
  for (const [key, where] of Object.entries(WHERE)) {
    spent[key] = await creditsSince(where, MONTH_START);
    recent[key] = await creditsSince(where, new Date(NOW.getTime() - 7 * 86_400_000).toISOString());
  }
  [outcome] = (await runChecks(client, checks, { now: NOW, usdPerCredit: USD, only: ['budgets'], evaluators: budgetEvaluators(budgets(), 'prod') })) as [
    CheckOutcome,
  ];
}, 120_000);

afterAll(async () => {
  await client?.close();
  await emulator?.stop();
});

const budgetRow = (name: string): Row | undefined => outcome.rows.find((r) => r['name'] === name);
const findingsOf = (budget: string): Finding[] => outcome.findings.filter((f) => f.labels['budget'] === budget);

describe('budgets against the emulator', () => {
  it('does read QUERY_ATTRIBUTION_HISTORY and QUERY_HISTORY in one tagged statement, pruned on start_time', () => {
    expect([outcome.status, outcome.error, outcome.statementsSent]).toEqual(['ok', undefined, 1]);
    const sent = emulator.statements.filter((s) => /query_attribution_history/i.test(s.sql) && /to_json/.test(s.sql));
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.queryTag ?? '{}')).toEqual({ app: 'snowmon', check: 'budgets' });
    expect(sent[0]!.sql).not.toMatch(/select\s+\*/i);
    expect(
      sent[0]!.sql.match(/\.start_time >= least\(date_trunc\('month', current_timestamp\(\)\), dateadd\('day', -7, current_timestamp\(\)\)\)/g),
    ).toHaveLength(2);
  });

  it("does total each budget's month as the seeded attribution of its owner's or team's statements", () => {
    expect(spent['data_eng']).toBeGreaterThan(1);
    expect(spent['data_science']).toBeGreaterThan(1);
    expect(n(budgetRow('data-eng')?.['month_credits'])).toBeCloseTo(spent['data_eng']!, 6);
    expect(n(budgetRow('science')?.['month_credits'])).toBeCloseTo(spent['data_science']!, 6);
    expect(n(budgetRow('finance')?.['month_credits'])).toBeCloseTo(spent['finance_team']!, 6);
    expect(n(budgetRow('science')?.['budget_credits'])).toBeCloseTo(spent['data_science']! / 2, 6);
    expect(n(budgetRow('data-eng')?.['pct'])).toBeCloseTo(95, 6);
    expect(budgetRow('staging-only')).toBeUndefined();
  });

  it('does project the month at the last 7 days of each budget, from the seeded attribution', () => {
    const row = budgetRow('data-eng')!;
    const perHour = recent['data_eng']! / (7 * 24);
    const hoursLeft = (Date.UTC(2026, 11, 1) - NOW.getTime()) / 3_600_000;
    expect(n(row['credits_per_day'])).toBeCloseTo(perHour * 24, 6);
    expect(n(row['projected_pct'])).toBeCloseTo(((spent['data_eng']! + perHour * hoursLeft) / n(row['budget_credits'])) * 100, 6);
    expect(row['data_until']).toBe(NOW.toISOString());
  });

  it('does raise 75 and 90 % and the projection for data-eng, every threshold for the team in dollars, nothing for finance', () => {
    const labels = (budget: string) => findingsOf(budget).map((f) => [f.labels['threshold'], f.severity]);
    expect(labels('data-eng')).toEqual([
      ['75', 'warning'],
      ['90', 'warning'],
      ['projected', 'warning'],
    ]);
    expect(labels('science')).toEqual([
      ['75', 'warning'],
      ['90', 'warning'],
      ['100', 'critical'],
    ]);
    expect(labels('finance')).toEqual([]);
  });

  it('does label each alert with the budget, its owner or team and the month, so a route can send a team its own budget', () => {
    const [first] = findingsOf('data-eng');
    expect(first?.labels).toEqual({ alert_type: 'cost_budget', budget: 'data-eng', owner: 'data_eng', threshold: '75', cycle_start: MONTH_START });
    expect(findingsOf('science')[0]?.labels).toMatchObject({ budget: 'science', team: 'DATA_SCIENCE' });
    for (const f of outcome.findings) expect(f.usd).toBeCloseTo(f.credits! * USD, 6);
  });

  it('does list the spend of every owner and team seen, budgeted or not, including what nobody claims', () => {
    const spend = (label: string, value: string) => outcome.rows.find((r) => r[label] === value && r['name'] === undefined);
    expect(n(spend('owner', 'data_eng')?.['month_credits'])).toBeCloseTo(spent['data_eng']!, 6);
    expect(n(spend('team', 'data_science')?.['month_credits'])).toBeCloseTo(spent['data_science']!, 6);
    expect(n(spend('owner', '(none)')?.['month_credits'])).toBeGreaterThan(0);
  });

  it('does show the budgets, their spend and their crossings in every audit format', () => {
    const report = { generatedAt: NOW.toISOString(), account: emulator.accountName, usdPerCredit: USD, checks: [outcome] };
    for (const format of REPORT_FORMATS) {
      const text = renderReport(report, format, { color: false, width: 200 });
      for (const expected of ['data-eng', 'science', 'data_science', 'finance_team']) expect(text, format).toContain(expected);
      expect(text, format).toContain('budget science (team DATA_SCIENCE) at 200% of');
    }
  });
});
