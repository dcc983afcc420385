/** The spend story's facts from rows and findings, and their shared phrases. */

import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../../src/report/audit-report.js';
import { spendStory } from '../../../src/report/spend-story.js';
import { monitorProjection, monitorUsage, sparkline, trendText } from '../../../src/report/spend-text.js';
import { SAMPLE_REPORT } from '../../fixtures/report/sample-report.js';

const AT = '2026-11-16T00:00:00.000Z';

describe('spendStory', () => {
  it('does take month to date from the billed finding, and fall back to warehouse metering without it', () => {
    const billed = {
      severity: 'info' as const,
      summary: 'month to date: 1985.76 credits billed',
      labels: { alert_type: 'cost_finding', finding: 'billed_month_to_date' },
      credits: 1985.76,
      usd: 5957.28,
    };
    const report: AuditReport = {
      generatedAt: AT,
      account: 'a',
      usdPerCredit: 3,
      checks: [
        {
          name: 'credits_by_warehouse',
          status: 'ok',
          startedAt: AT,
          durationMs: 1,
          statementsSent: 2,
          findings: [billed],
          rows: [
            { warehouse_name: 'A_WH', credits: 10 },
            { warehouse_name: 'B_WH', credits: 30 },
          ],
        },
        {
          name: 'daily_credits',
          status: 'ok',
          startedAt: AT,
          durationMs: 1,
          statementsSent: 1,
          findings: [],
          rows: [
            { usage_date: '2026-11-15', credits_used: 7.5, credits_billed: 7 },
            { usage_date: '2026-11-14', credits_used: 5.5, credits_billed: 5 },
          ],
        },
      ],
    };
    const story = spendStory(report);
    expect(story.monthToDate).toEqual({ credits: 1985.76, usd: 5957.28, basis: 'billed', finding: billed });
    expect(story.trend).toEqual([
      { day: '2026-11-14', credits: 5 },
      { day: '2026-11-15', credits: 7 },
    ]);
    expect(story.drivers.map((d) => [d.warehouse, d.share])).toEqual([
      ['B_WH', 0.75],
      ['A_WH', 0.25],
    ]);
    expect(spendStory(SAMPLE_REPORT).monthToDate).toMatchObject({ basis: 'warehouses', usd: expect.closeTo(914.13 * 3, 2) });
  });

  it('does order monitors fullest first, derive the percent from quota and usage, and set aside those without a quota', () => {
    const story = spendStory(SAMPLE_REPORT);
    expect(story.monitors.map((m) => [m.name, Math.round(m.pct!)])).toEqual([
      ['ETL_DAILY', 102],
      ['ACCOUNT_MONTHLY', 92],
      ['BI_MONTHLY', 37],
    ]);
    expect(story.monitors[0]!.passed).toEqual([100]);
    expect(story.unquotaed).toEqual([]);
  });

  it('does leave everything empty when its checks failed', () => {
    const failed = spendStory({ ...SAMPLE_REPORT, checks: SAMPLE_REPORT.checks.map((c) => ({ ...c, status: 'failed' as const })) });
    expect(failed).toEqual({ monthToDate: undefined, monitors: [], unquotaed: [], trend: [], drivers: [] });
  });
});

describe('spend phrases', () => {
  const monitor = {
    name: 'DS',
    level: 'WAREHOUSE',
    usedCredits: 47.77,
    quotaCredits: 46,
    pct: 103.85,
    projectedPct: 311.54,
    basis: 'from 10.0 days of data',
    cycleEnd: '2026-12-06T00:00:00.000Z',
    passed: [75, 100],
    suspended: undefined,
  };

  it("does phrase a monitor's usage and projection with its basis", () => {
    expect(monitorUsage(monitor)).toBe('47.77 of 46.00 credits (104%)');
    expect(monitorProjection(monitor)).toBe('on course for 312% by 2026-12-06, from 10.0 days of data');
    expect(monitorProjection(monitor, true)).toBe('312% by 2026-12-06, from 10.0 days of data');
    expect(monitorProjection({ ...monitor, projectedPct: undefined })).toBe('');
  });

  it('does draw the busiest day as a full block and compare the last week with the one before', () => {
    const days = Array.from({ length: 14 }, (_, i) => ({ day: `2026-11-${String(i + 1).padStart(2, '0')}`, credits: i < 7 ? 10 : 20 }));
    expect(sparkline(days)).toBe('▅▅▅▅▅▅▅███████');
    expect(trendText(days, 3)).toBe('2026-11-01 → 2026-11-14: 210.00 credits ($630); last 7 days 140.00, the 7 before 70.00 (+100%)');
  });
});
