/** Where each finding is shown: criticals, spend story, recommendations or the details; each once. */

import { describe, expect, it } from 'vitest';
import type { CheckOutcome, Finding } from '../../../src/checks/check.js';
import { arrangeReport, groupCrossings } from '../../../src/report/arrange-report.js';
import type { AuditReport } from '../../../src/report/audit-report.js';
import { sortedFindings } from '../../../src/report/summarize-report.js';
import { SAMPLE_REPORT } from '../../fixtures/report/sample-report.js';

const CYCLE = '2026-11-01T00:00:00.000Z';

function crossing(monitor: string, threshold: string, severity: Finding['severity'] = 'warning'): Finding {
  return {
    severity,
    summary: `monitor ${monitor} at 104% of 46 credits (passed ${threshold}%)`,
    labels: { alert_type: 'cost_monitor', monitor, threshold, cycle_start: CYCLE },
    credits: 47.77,
  };
}

function check(name: string, findings: Finding[], rows: CheckOutcome['rows'] = []): CheckOutcome {
  return { name, status: 'ok', rows, findings, startedAt: CYCLE, durationMs: 1, statementsSent: 1 };
}

describe('arrangeReport', () => {
  it("does place every finding of the sample once: above, or in its check's details", () => {
    const arranged = arrangeReport(SAMPLE_REPORT);
    const listed = arranged.details.reduce((n, d) => n + d.items.length + d.shownAbove, 0);
    expect(listed).toBe(SAMPLE_REPORT.checks.flatMap((c) => c.findings).length);
    expect(arranged.criticals.map((i) => i.check)).toEqual(['resource_monitors', 'service_account_audit']);
    expect(arranged.recommendations.map((i) => i.savingsUsd)).toEqual([130.38, 18, 17.9]);
    const shown = [...arranged.criticals, ...arranged.recommendations, ...arranged.details.flatMap((d) => d.items)].map((i) => i.finding.summary);
    expect(new Set(shown).size).toBe(shown.length);
  });

  it("does leave a monitor's crossings and projection to its spend line when the monitor has a quota row", () => {
    const report: AuditReport = {
      generatedAt: CYCLE,
      account: 'a',
      usdPerCredit: 3,
      checks: [
        check(
          'resource_monitors',
          [crossing('DS', '75'), crossing('DS', '90'), { ...crossing('DS', 'projected'), summary: 'monitor DS is on course for 312%' }],
          [
            {
              name: 'DS',
              credit_quota: 46,
              used_credits: 47.77,
              pct: 103.8,
              projected_pct: 311.5,
              projection: '311.54% from 10.0 days of data',
              cycle_end: '2026-12-06T00:00:00.000Z',
            },
          ],
        ),
      ],
    };
    const arranged = arrangeReport(report);
    expect(arranged.details[0]).toMatchObject({ items: [], shownAbove: 2 });
    expect(arranged.spend.monitors).toEqual([expect.objectContaining({ name: 'DS', passed: [75, 90], basis: 'from 10.0 days of data', projectedPct: 311.5 })]);
  });

  it("does keep a monitor's crossings in the details, as one item, when no quota row charts it", () => {
    const arranged = arrangeReport({
      generatedAt: CYCLE,
      account: 'a',
      usdPerCredit: 3,
      checks: [check('resource_monitors', [crossing('DS', '75'), crossing('DS', '90')])],
    });
    expect(arranged.details[0]!.items.map((i) => i.finding.summary)).toEqual(['monitor DS at 104% of 46 credits (passed 90%); also passed 75%']);
  });
});

describe('groupCrossings', () => {
  it("does merge one monitor's crossings in one cycle at the worst severity and keep other monitors and cycles apart", () => {
    const findings = [
      crossing('DS', '75'),
      crossing('DS', '100', 'critical'),
      crossing('DS', '90'),
      crossing('ETL', '50'),
      { ...crossing('DS', '50'), labels: { ...crossing('DS', '50').labels, cycle_start: '2026-10-01T00:00:00.000Z' } },
    ];
    const items = groupCrossings(sortedFindings(check('resource_monitors', findings), 3));
    expect(items.map((i) => [i.finding.severity, i.finding.summary])).toEqual([
      ['critical', 'monitor DS at 104% of 46 credits (passed 100%); also passed 75%, 90%'],
      ['warning', 'monitor DS at 104% of 46 credits (passed 50%)'],
      ['warning', 'monitor ETL at 104% of 46 credits (passed 50%)'],
    ]);
  });
});
