import { describe, expect, it } from 'vitest';
import { heatColor } from '../../../src/report/html-charts.js';
import { escapeHtml } from '../../../src/report/html-escape.js';
import { renderHtml } from '../../../src/report/render-html.js';
import { SAMPLE_REPORT } from '../../fixtures/report/sample-report.js';

describe('renderHtml', () => {
  const html = renderHtml(SAMPLE_REPORT);

  it('does produce one complete document with inline style and a CSP that forbids scripts', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('does escape every value when a query text holds a script tag', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const hostile = renderHtml({ ...SAMPLE_REPORT, account: '"><img src=x onerror=alert(1)>' });
    expect(hostile).not.toContain('<img');
    expect(hostile).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });

  it('does reference nothing outside the file', () => {
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?\s*(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import|url\(\s*["']?(https?:|\/\/)/i);
    for (const match of html.matchAll(/href="([^"]*)"/g)) expect(match[1]!.startsWith('#')).toBe(true);
  });

  it('does draw 168 heatmap cells with hover titles', () => {
    const cells = [...html.matchAll(/<rect class="hm-cell"[^>]*><title>([^<]*)<\/title><\/rect>/g)];
    expect(cells).toHaveLength(168);
    expect(cells.map((c) => c[1])).toContain('Mon 14:00 UTC — 7.00 credits, 85 % busy');
    expect(cells.map((c) => c[1])).toContain('Sat 01:00 UTC — 0.00 credits, 0 % busy');
  });

  it('does chart the top warehouses in the spend story and storage by database in its details', () => {
    const spend = section(html, 'spend');
    expect([...spend.matchAll(/<li class="driver"><span class="name">([^<]*)<\/span>/g)].map((m) => m[1])).toEqual([
      'ETL_WH',
      'BI_WH',
      'ADHOC_WH',
      'DATA_SCIENCE_WH',
      'SNOWMON_WH',
    ]);
    expect(spend).toContain('512.40 · $1,537');
    const storage = html.slice(html.indexOf('<details class="card check" id="check-storage_by_database">'));
    expect([...storage.slice(0, storage.indexOf('</details>')).matchAll(/<rect class="bar"/g)]).toHaveLength(4);
    expect(html).toContain('<title>RAW: 18.0 TB</title>');
  });

  it("does show the failed check in a visible box and badge every finding once, a monitor's crossings as one", () => {
    expect(html).toMatch(/<section class="alert-box" id="failed-checks">[\s\S]*full_table_scans[\s\S]*002003 \(42S02\)/);
    const badged = [...html.matchAll(/<li><span class="badge (critical|warning|info)">/g)];
    // 15 findings; ACCOUNT_MONTHLY's 90 % crossing is its line in the spend story instead.
    expect(badged).toHaveLength(SAMPLE_REPORT.checks.flatMap((c) => c.findings).length - 1);
    for (const finding of SAMPLE_REPORT.checks.flatMap((c) => c.findings)) {
      const times = html.split(`${escapeHtml(finding.summary)}<`).length - 1;
      expect(times, finding.summary).toBeLessThanOrEqual(1);
    }
    expect(section(html, 'spend')).toMatch(/<b>ACCOUNT_MONTHLY<\/b><span>921.37 of 1,000.00 credits \(92%\)<\/span>[\s\S]*passed 90%/);
  });

  it('does put the criticals first, then the spend story, the recommendations and the folded details', () => {
    const order = ['id="criticals"', 'id="spend"', 'id="recommendations"', 'id="details"'].map((id) => html.indexOf(id));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(section(html, 'criticals')).toContain('monitor ETL_DAILY at 102% of 60 credits');
    expect(section(html, 'criticals')).toContain('service user AIRFLOW_SVC holds ACCOUNTADMIN');
    const details = html.slice(html.indexOf('id="details"'));
    expect([...details.matchAll(/<details class="card check" id="check-([a-z_]+)">/g)].map((m) => m[1])).toEqual(SAMPLE_REPORT.checks.map((c) => c.name));
    expect(details).not.toMatch(/<details[^>]* open/);
  });

  it('does total the estimated savings of the recommendations', () => {
    expect(html).toContain(
      '<p class="total"><b>$166</b> estimated savings per 30 days across 3 recommendations (8 more without an estimate, in the details)</p>',
    );
    expect(html).toContain('<div class="count savings"><span class="n">$166</span><span class="l">estimated savings / 30 days</span></div>');
    const amounts = [...section(html, 'recommendations').matchAll(/<div class="money"[^>]*>([^<]*)<\/div>/g)].map((m) => m[1]);
    expect(amounts).toEqual(['$130', '$18.00', '$17.90']);
    expect(html).not.toContain('recommendations total');
  });

  it('does format check durations when they are raw floats', () => {
    expect(html).toContain('3 findings (2 above) · 3 rows · 83 ms · 2 statements');
    expect(html).not.toContain('82.77');
  });

  it('does draw the trend of billed credits per day when daily_credits ran', () => {
    const days = Array.from({ length: 14 }, (_, i) => ({
      usage_date: `2026-11-${String(8 + i).padStart(2, '0')}`,
      credits_used: 41 + i,
      credits_billed: 40 + i,
    }));
    const withTrend = renderHtml({
      ...SAMPLE_REPORT,
      checks: [
        ...SAMPLE_REPORT.checks,
        { name: 'daily_credits', status: 'ok', rows: days, findings: [], startedAt: SAMPLE_REPORT.generatedAt, durationMs: 9, statementsSent: 1 },
      ],
    });
    const spend = section(withTrend, 'spend');
    expect([...spend.matchAll(/<rect class="day"/g)]).toHaveLength(14);
    expect(spend).toContain('<title>2026-11-21: 53.00 credits</title>');
    expect(spend).toContain('2026-11-08 → 2026-11-21: 651.00 credits ($1,953); last 7 days 350.00, the 7 before 301.00 (+16%)');
    expect(withTrend.slice(withTrend.indexOf('id="details"'))).not.toContain('2026-11-21');
  });

  it('does leave out charts and heatmap when their checks failed or are absent', () => {
    const only = renderHtml({ ...SAMPLE_REPORT, checks: SAMPLE_REPORT.checks.filter((c) => c.name === 'self_cost') });
    expect(only).not.toContain('class="hm-cell"');
    expect(only).not.toContain('class="bar"');
    expect(only).not.toContain('class="driver"');
    expect(only).not.toContain('class="alert-box"');
    expect(only).toContain('Month to date unknown');
    const partial = renderHtml({
      ...SAMPLE_REPORT,
      checks: SAMPLE_REPORT.checks.map((c) => (c.name === 'credits_by_warehouse' ? { ...c, status: 'failed' as const, error: 'timeout' } : c)),
    });
    expect(partial).not.toContain('class="driver"');
    expect(partial).toContain('<title>RAW: 18.0 TB</title>');
  });
});

/** The markup of the `<section id="…">` of the page. */
function section(html: string, id: string): string {
  const start = html.indexOf(`<section class="card${id === 'criticals' ? ' critical-card' : ''}" id="${id}">`);
  expect(start, id).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</section>', start));
}

describe('heatColor', () => {
  it('does return grey for no credits and darker blues for busier hours', () => {
    expect(heatColor(0)).toBe('#f3f4f6');
    const darkness = (hex: string) => parseInt(hex.slice(1, 3), 16) + parseInt(hex.slice(3, 5), 16) + parseInt(hex.slice(5, 7), 16);
    expect(darkness(heatColor(0.2))).toBeGreaterThan(darkness(heatColor(0.6)));
    expect(darkness(heatColor(0.6))).toBeGreaterThan(darkness(heatColor(1)));
    expect(heatColor(1)).toBe('#1e3a8a');
  });
});
