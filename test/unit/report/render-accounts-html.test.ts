/**
 * The audit html over several accounts: one page, a table of the accounts (spend month to date, finding
 * counts, failed checks, savings, sums) above one section per account named by it, ids kept apart per
 * section, each account's own Snowsight link, every value escaped (an account named `<script>`); the
 * single-account page stays byte for byte what it was (test/fixtures/report/sample-report.html was written
 * by render-html.ts before the sections existed).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../../src/report/audit-report.js';
import { renderAccountsHtml } from '../../../src/report/render-accounts-html.js';
import { renderHtml } from '../../../src/report/render-html.js';
import { renderJson } from '../../../src/report/render-json.js';
import { SAMPLE_REPORT } from '../../fixtures/report/sample-report.js';

const HOSTILE = '<script>alert(1)</script>';
/** A second account with its own price and without the check that knows the month to date. */
const OTHER: AuditReport = {
  ...SAMPLE_REPORT,
  account: HOSTILE,
  usdPerCredit: 2,
  checks: SAMPLE_REPORT.checks.filter((c) => c.name !== 'credits_by_warehouse' && c.name !== 'daily_credits'),
};
const page = renderAccountsHtml([{ report: { ...SAMPLE_REPORT, account: 'prod' }, snowsightUrl: 'https://app.snowflake.com/acme/prod' }, { report: OTHER }]);
/** The table of accounts' body rows and the sums row. */
const table = page.slice(page.indexOf('<section class="card" id="accounts">'), page.indexOf('</section>', page.indexOf('id="accounts"')));
const rows = [...table.matchAll(/<tr><td class="text">([\s\S]*?)<\/tr>/g)].map((m) => m[1] as string);
const cells = (row: string) => [...row.matchAll(/<td class="num"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);

describe('renderAccountsHtml', () => {
  it('does keep the single-account page byte for byte what it was', () => {
    expect(renderHtml(SAMPLE_REPORT)).toBe(readFileSync(new URL('../../fixtures/report/sample-report.html', import.meta.url), 'utf8'));
  });

  it('does render one document with one section per account, each named by its account, in the order given', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page.match(/<!doctype html>/g)).toHaveLength(1);
    expect(page).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    const sections = [...page.matchAll(/<section class="account" id="(account-\d)">\n<header>\n<h2 class="account-name">([^<]*)/g)];
    expect(sections.map((m) => [m[1], m[2]])).toEqual([
      ['account-1', 'prod '],
      ['account-2', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ]);
    expect(page).toContain('<title>snowmon audit · 2 accounts · ');
  });

  it('does escape an account named like a script tag everywhere', () => {
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toContain(HOSTILE);
    expect(page).toContain('<b>&lt;script&gt;alert(1)&lt;/script&gt;</b>');
  });

  it("does list each account's spend at its own price and its finding counts, as its JSON report says, with the sums", () => {
    expect(rows).toHaveLength(2);
    for (const [i, report] of [SAMPLE_REPORT, OTHER].entries()) {
      const { summary } = JSON.parse(renderJson(report)) as { summary: Record<string, number> };
      const [, critical, warning, info, failed] = cells(rows[i] as string);
      expect([critical, warning, info, failed].map(Number)).toEqual([summary['critical'], summary['warning'], summary['info'], summary['failed_checks']]);
    }
    expect(cells(rows[0] as string)[0]).toMatch(/^\$[\d,]+$/);
    expect(cells(rows[1] as string)[0]).toBe('—');
    const sums = cells(table.slice(table.indexOf('<tfoot>')));
    expect(sums[0]).toBe(cells(rows[0] as string)[0]);
    expect(Number(sums[1])).toBe(Number(cells(rows[0] as string)[1]) + Number(cells(rows[1] as string)[1]));
    expect(table).toContain('Month to date unknown for 1 of 2 accounts');
  });

  it("does keep every id once and every # link inside the page, each account's checks linked within its section", () => {
    const ids = [...page.matchAll(/ id="([^"]*)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of page.matchAll(/href="#([^"]*)"/g)) expect(ids).toContain(m[1]);
    expect(page).toContain('<a href="#account-1-check-full_table_scans">');
    expect(page).toContain('<a href="#account-2-check-full_table_scans">');
    expect(page).toContain('<a href="#account-2">&lt;script&gt;alert(1)&lt;/script&gt;</a>');
  });

  it('does link each account to its own Snowsight, and none without an address', () => {
    const external = [...page.matchAll(/href="(https?:[^"]*)"/g)].map((m) => m[1]);
    expect(external).toEqual(['https://app.snowflake.com/acme/prod', 'https://app.snowflake.com/acme/prod']);
    const second = page.slice(page.indexOf('id="account-2"'));
    expect(second).not.toContain('Snowsight');
  });
});
