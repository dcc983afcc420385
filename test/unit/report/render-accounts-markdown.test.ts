/**
 * The audit markdown over several accounts: the html page's summary table at the top (month to date at each
 * account's own price, finding counts, failed checks and savings as each account's JSON report says, with
 * the sums), then each account's single-account markdown unchanged; every value escaped. The single-account
 * markdown stays byte for byte what it was (test/fixtures/report/sample-report.md was written by
 * render-markdown.ts before the summary existed).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../../src/report/audit-report.js';
import { formatUsd } from '../../../src/report/format-value.js';
import { renderAccountsMarkdown } from '../../../src/report/render-accounts-markdown.js';
import { renderJson } from '../../../src/report/render-json.js';
import { renderMarkdown } from '../../../src/report/render-markdown.js';
import { SAMPLE_REPORT } from '../../fixtures/report/sample-report.js';

/** A second account named to break a table, at its own price, without the check that knows the month to date. */
const OTHER: AuditReport = {
  ...SAMPLE_REPORT,
  account: 'dev|<b>x</b>',
  usdPerCredit: 2,
  checks: SAMPLE_REPORT.checks.filter((c) => c.name !== 'credits_by_warehouse' && c.name !== 'daily_credits'),
};
const PROD = { ...SAMPLE_REPORT, account: 'prod' };
const text = renderAccountsMarkdown([{ report: PROD, snowsightUrl: 'https://app.snowflake.com/acme/prod' }, { report: OTHER }]);
const summary = text.slice(0, text.indexOf('\n# snowmon audit: prod'));
/** The table's cells, row by row (header and separator left out), split on unescaped `|`. */
const tableRows = summary
  .split('\n')
  .filter((line) => line.startsWith('| '))
  .slice(1)
  .map((line) =>
    line
      .slice(2, -2)
      .split(/(?<!\\) \| /)
      .map((c) => c.trim()),
  );
type JsonSummary = Record<string, number>;
const jsonSummary = (report: AuditReport) => (JSON.parse(renderJson(report)) as { summary: JsonSummary }).summary;

describe('renderAccountsMarkdown', () => {
  it('does keep the single-account markdown byte for byte what it was', () => {
    expect(renderMarkdown(SAMPLE_REPORT)).toBe(readFileSync(new URL('../../fixtures/report/sample-report.md', import.meta.url), 'utf8'));
  });

  it("does put the summary at the top, then each account's own markdown in the order given", () => {
    expect(text.startsWith('# snowmon audit · 2 accounts\n')).toBe(true);
    expect(text).toBe(`${summary}\n${renderMarkdown(PROD)}\n${renderMarkdown(OTHER)}`);
  });

  it("does list each account's counts, failed checks and savings as its JSON report says, with the sums", () => {
    const [prod, other, sums] = tableRows;
    expect(tableRows).toHaveLength(3);
    for (const [i, report] of [PROD, OTHER].entries()) {
      const row = tableRows[i] ?? [];
      const json = jsonSummary(report);
      expect(row.slice(2, 6).map(Number)).toEqual([json['critical'], json['warning'], json['info'], json['failed_checks']]);
      expect(row[6]).toBe(formatUsd(json['estimated_savings_usd'] as number));
    }
    expect(prod?.[1]).toMatch(/^\$[\d,]+(\.\d\d)? \([\d,.]+ credits\)$/);
    expect(other?.[1]).toBe('—');
    expect(sums?.[0]).toBe('**all 2 accounts**');
    expect(sums?.[1]).toBe(prod?.[1]);
    expect(sums?.slice(2, 6).map(Number)).toEqual([2, 3, 4, 5].map((c) => Number(prod?.[c]) + Number(other?.[c])));
    expect(summary).toContain('Month to date unknown for 1 of 2 accounts');
  });

  it('does escape an account name that would break the table, and link Snowsight only where known', () => {
    expect(summary).not.toContain('<b>');
    expect(tableRows[1]?.[0]).toBe('dev\\|&lt;b&gt;x&lt;/b&gt;');
    expect(tableRows[0]?.[7]).toBe('[Snowsight ↗](https://app.snowflake.com/acme/prod)');
    expect(tableRows[1]?.[7]).toBe('');
    const none = renderAccountsMarkdown([{ report: PROD }, { report: OTHER }]);
    expect(none).not.toContain('Snowsight');
  });
});
