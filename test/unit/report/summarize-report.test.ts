import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/checks/check.js';
import type { AuditReport } from '../../../src/report/audit-report.js';
import { findingSavingsUsd, summarizeReport } from '../../../src/report/summarize-report.js';

const labels = { alert_type: 'cost_finding' };

function report(findings: readonly Finding[]): AuditReport {
  return {
    generatedAt: '2026-11-22T06:00:00Z',
    account: 'acc',
    usdPerCredit: 2,
    checks: [{ name: 'c', status: 'ok', rows: [], findings, startedAt: '2026-11-22T06:00:00Z', durationMs: 1, statementsSent: 1 }],
  };
}

describe('summarizeReport', () => {
  it('does not count a finding with usd but no savings in the estimated savings', () => {
    const summary = summarizeReport(
      report([
        { severity: 'critical', summary: 'spend', labels, credits: 500, usd: 1000, recommendation: 'raise the quota' },
        { severity: 'info', summary: 'idle', labels, credits: 10, usd: 20, savingsCredits: 2.5, recommendation: 'lower AUTO_SUSPEND' },
      ]),
    );
    expect(summary.estimatedSavingsUsd).toBe(5);
    expect(summary.recommendationsWithSavings).toBe(1);
    expect(summary.recommendations.map((r) => r.finding.summary)).toEqual(['idle', 'spend']);
  });

  it('does list only findings with a recommendation when some carry money without one', () => {
    const summary = summarizeReport(
      report([
        { severity: 'warning', summary: 'billed', labels, credits: 900, usd: 1800 },
        { severity: 'info', summary: 'advice', labels, recommendation: 'do it' },
      ]),
    );
    expect(summary.recommendations.map((r) => r.finding.summary)).toEqual(['advice']);
    expect(summary.estimatedSavingsUsd).toBe(0);
  });

  it('does sort savings first by amount, then the rest by severity and money', () => {
    const summary = summarizeReport(
      report([
        { severity: 'info', summary: 'none-info', labels, usd: 900, recommendation: 'r' },
        { severity: 'info', summary: 'small', labels, savingsUsd: 1, recommendation: 'r' },
        { severity: 'critical', summary: 'none-critical', labels, recommendation: 'r' },
        { severity: 'info', summary: 'big', labels, savingsCredits: 100, recommendation: 'r' },
        { severity: 'info', summary: 'none-info-more', labels, usd: 1000, recommendation: 'r' },
      ]),
    );
    expect(summary.recommendations.map((r) => r.finding.summary)).toEqual(['big', 'small', 'none-critical', 'none-info-more', 'none-info']);
    expect(summary.estimatedSavingsUsd).toBe(201);
  });
});

describe('findingSavingsUsd', () => {
  it('does prefer savingsUsd and price savingsCredits only when savingsUsd is absent', () => {
    expect(findingSavingsUsd({ severity: 'info', summary: 's', labels, savingsCredits: 10, savingsUsd: 7 }, 3)).toBe(7);
    expect(findingSavingsUsd({ severity: 'info', summary: 's', labels, savingsCredits: 10 }, 3)).toBe(30);
    expect(findingSavingsUsd({ severity: 'info', summary: 's', labels, credits: 10, usd: 30 }, 3)).toBeUndefined();
  });
});
