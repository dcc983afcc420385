import { describe, expect, it } from 'vitest';
import { heatColor } from '../../../src/report/html-charts.js';
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

  it('does chart credits by warehouse and storage by database when those checks have rows', () => {
    expect(html).toContain('Credits by warehouse');
    expect(html).toContain('Storage by database');
    expect([...html.matchAll(/<rect class="bar"/g)]).toHaveLength(5 + 4);
    expect(html).toContain('<title>ETL_WH: 512.40</title>');
    expect(html).toContain('<title>RAW: 18.0 TB</title>');
  });

  it('does show the failed check in a visible box and badge every finding', () => {
    expect(html).toMatch(/<section class="alert-box" id="failed-checks">[\s\S]*full_table_scans[\s\S]*002003 \(42S02\)/);
    const findings = SAMPLE_REPORT.checks.flatMap((c) => c.findings).length;
    expect([...html.matchAll(/<li><span class="badge (critical|warning|info)">/g)]).toHaveLength(findings);
  });

  it('does total the estimated savings of the recommendations', () => {
    expect(html).toContain('<tr class="total"><td class="num">$166</td><td colspan="4">estimated savings per 30 days across 3 recommendations (8 more without an estimate)</td></tr>');
    expect(html).toContain('<div class="count savings"><span class="n">$166</span><span class="l">estimated savings / 30 days</span></div>');
    expect(html).not.toContain('recommendations total');
  });

  it('does format check durations when they are raw floats', () => {
    expect(html).toContain('3 findings · 3 rows · 83 ms · 2 statements');
    expect(html).not.toContain('82.77');
  });

  it('does leave out charts and heatmap when their checks failed or are absent', () => {
    const only = renderHtml({ ...SAMPLE_REPORT, checks: SAMPLE_REPORT.checks.filter((c) => c.name === 'self_cost') });
    expect(only).not.toContain('class="hm-cell"');
    expect(only).not.toContain('class="bar"');
    expect(only).not.toContain('class="alert-box"');
    const partial = renderHtml({
      ...SAMPLE_REPORT,
      checks: SAMPLE_REPORT.checks.map((c) => (c.name === 'credits_by_warehouse' ? { ...c, status: 'failed' as const, error: 'timeout' } : c)),
    });
    expect(partial).not.toContain('Credits by warehouse');
    expect(partial).toContain('Storage by database');
  });
});

describe('heatColor', () => {
  it('does return grey for no credits and darker blues for busier hours', () => {
    expect(heatColor(0)).toBe('#f3f4f6');
    const darkness = (hex: string) => parseInt(hex.slice(1, 3), 16) + parseInt(hex.slice(3, 5), 16) + parseInt(hex.slice(5, 7), 16);
    expect(darkness(heatColor(0.2))).toBeGreaterThan(darkness(heatColor(0.6)));
    expect(darkness(heatColor(0.6))).toBeGreaterThan(darkness(heatColor(1)));
    expect(heatColor(1)).toBe('#1e3a8a');
  });
});
