/**
 * The terminal audit over several accounts: the table of accounts at the top (the html's and markdown's
 * figures: counts, failed checks and savings as each account's JSON report says, with the sums), then each
 * account's own terminal report unchanged; within the width; an account name cannot add a line.
 */
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../../src/report/audit-report.js';
import { formatUsd } from '../../../src/report/format-value.js';
import { renderAccountsTable } from '../../../src/report/render-accounts-table.js';
import { renderJson } from '../../../src/report/render-json.js';
import { renderTable } from '../../../src/report/render-table.js';
import { SAMPLE_REPORT } from '../../fixtures/report/sample-report.js';

const PROD = { ...SAMPLE_REPORT, account: 'prod' };
/** A second account named across two lines, without the check that knows the month to date. */
const OTHER: AuditReport = {
  ...SAMPLE_REPORT,
  account: 'dev\nsecond-line',
  usdPerCredit: 2,
  checks: SAMPLE_REPORT.checks.filter((c) => c.name !== 'credits_by_warehouse' && c.name !== 'daily_credits'),
};
const text = renderAccountsTable([PROD, OTHER]);
const top = text.slice(0, text.indexOf('\n\n'));
/** The table's rows: account name, then the figures split on two spaces or more. */
const rows = top
  .split('\n')
  .slice(3)
  .filter((line) => !/^\s*[─-]+/.test(line) && !line.startsWith('month to date unknown'))
  .map((line) => line.trim().split(/\s{2,}/));

describe('renderAccountsTable', () => {
  it("does put the accounts' table at the top, then each account's own terminal report", () => {
    expect(top.split('\n')[0]).toMatch(/^snowmon audit · 2 accounts · /);
    expect(text).toBe(`${top}\n\n${renderTable(PROD)}\n${renderTable(OTHER)}`);
  });

  it("does list each account's counts, failed checks and savings as its JSON report says, with the sums", () => {
    expect(rows).toHaveLength(3);
    for (const [i, report] of [PROD, OTHER].entries()) {
      const { summary } = JSON.parse(renderJson(report)) as { summary: Record<string, number> };
      const row = rows[i] ?? [];
      expect(row.slice(2, 6).map(Number)).toEqual([summary['critical'], summary['warning'], summary['info'], summary['failed_checks']]);
      expect(row[6]).toBe(formatUsd(summary['estimated_savings_usd'] as number));
    }
    expect(rows[0]?.[1]).toMatch(/^\$[\d,.]+$/);
    expect(rows[1]?.[0]).toBe('dev second-line');
    expect(rows[1]?.[1]).toBe('—');
    expect(rows[2]?.[0]).toBe('all 2 accounts');
    expect(rows[2]?.[1]).toBe(rows[0]?.[1]);
    expect(rows[2]?.slice(2, 6).map(Number)).toEqual([2, 3, 4, 5].map((c) => Number(rows[0]?.[c]) + Number(rows[1]?.[c])));
    expect(top).toContain('month to date unknown for 1 of 2 accounts');
  });

  it('does keep every line of the top within the width', () => {
    const narrow = renderAccountsTable([PROD, OTHER], { width: 60 });
    for (const line of narrow.slice(0, narrow.indexOf('\n\n')).split('\n')) expect([...line].length, line).toBeLessThanOrEqual(60);
  });
});
