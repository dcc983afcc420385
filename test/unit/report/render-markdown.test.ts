import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../../../src/report/markdown-text.js';
import { renderMarkdown } from '../../../src/report/render-markdown.js';
import { SAMPLE_REPORT } from '../../fixtures/report/sample-report.js';

/** Splits a GFM table line into cells, honouring `\|` escapes. */
function cells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('renderMarkdown', () => {
  const md = renderMarkdown(SAMPLE_REPORT);
  const lines = md.split('\n');

  it('does give every check a folded section and quote the failed check with its error', () => {
    const folded = lines.filter((l) => l.startsWith('<summary><b>')).map((l) => /<b>(.*?)<\/b>/.exec(l)?.[1]?.replace(/\\_/g, '_'));
    expect(folded).toEqual(SAMPLE_REPORT.checks.map((c) => c.name));
    expect(lines.filter((l) => l === '<details>')).toHaveLength(SAMPLE_REPORT.checks.length);
    expect(lines.filter((l) => l === '</details>')).toHaveLength(SAMPLE_REPORT.checks.length);
    expect(md).toContain('> [!CAUTION]');
    expect(md).toMatch(/> - \*\*full_table_scans\*\*: 002003 \(42S02\): SQL compilation error/);
    expect(md).toContain('<b>FAILED</b>');
  });

  it('does keep every table row at its column count when values hold pipes and newlines', () => {
    let header: number | undefined;
    for (const line of lines) {
      if (!line.startsWith('|')) {
        header = undefined;
        continue;
      }
      const count = cells(line).length;
      if (header === undefined) header = count;
      else expect(count).toBe(header);
    }
    const query = lines.find((l) => l.includes('LOOKER'));
    expect(query).toContain('a \\| b as piped from dashboards.weekly -- \\| pipe &amp; ampersand');
  });

  it('does never let a value open an HTML tag', () => {
    expect(md).not.toContain('<script>');
    expect(md).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('does draw the heatmap as a 7 × 24 table of shades', () => {
    const start = lines.findIndex((l) => l.startsWith('| UTC |'));
    expect(cells(lines[start]!)).toHaveLength(25);
    const days = lines.slice(start + 2, start + 9);
    expect(days.map((l) => cells(l)[0])).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    for (const day of days) {
      const shades = cells(day).slice(1);
      expect(shades).toHaveLength(24);
      for (const s of shades) expect(['·', '░', '▒', '▓', '█']).toContain(s);
    }
  });

  it('does tell criticals, spend, recommendations and details in that order, each finding once', () => {
    const order = ['## Critical', '## Spend', '## Recommendations', '## Details per check'].map((h) => lines.indexOf(h));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const finding of SAMPLE_REPORT.checks.flatMap((c) => c.findings)) {
      expect(md.split(escapeMarkdown(finding.summary)).length - 1, finding.summary).toBeLessThanOrEqual(1);
    }
    const spend = md.slice(md.indexOf('## Spend'), md.indexOf('## Recommendations'));
    expect(spend).toContain('| ACCOUNT_MONTHLY | 921.37 of 1,000.00 credits (92%) |   | 90% |');
    expect(spend).toContain('| ETL_WH | 512.40 | $1,537 | 56% |');
  });

  it('does list the recommendations with their estimated savings and total them', () => {
    const section = md.slice(md.indexOf('## Recommendations'), md.indexOf('## Details per check'));
    expect(section).toContain('**Estimated savings: $166 per 30 days** across 3 recommendations (8 more without an estimate, in the details).');
    expect(section).toContain('| warning | $130 | warehouse_config |');
    expect(md).toContain('ok · 3 findings (2 above) · 3 rows · 83 ms');
    expect(section).toContain('ALTER WAREHOUSE ADHOC\\_WH SET AUTO\\_SUSPEND = 60'.replace(/\\_/g, '_'));
  });
});

describe('escapeMarkdown', () => {
  it('does escape table, emphasis and HTML characters when a value contains them', () => {
    expect(escapeMarkdown('a|b\nc *d* <e> & `f` [g] _h_ snake_case')).toBe('a\\|b c \\*d\\* &lt;e&gt; &amp; \\`f\\` \\[g\\] \\_h\\_ snake_case');
  });
});
