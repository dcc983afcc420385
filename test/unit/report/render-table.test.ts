import { describe, expect, it } from 'vitest';
import { formatUsd } from '../../../src/report/format-value.js';
import { renderTable } from '../../../src/report/render-table.js';
import { SHADES } from '../../../src/report/utilization-grid.js';
import { SAMPLE_REPORT } from '../../fixtures/report/sample-report.js';

const ANSI = /\u001b\[[0-9;]*m/;

describe('renderTable', () => {
  const text = renderTable(SAMPLE_REPORT);
  const lines = text.split('\n');

  it('does name every check and show the failed check with its error when one failed', () => {
    for (const check of SAMPLE_REPORT.checks) expect(text).toContain(`── ${check.name} `);
    expect(text).toContain('1 failed');
    expect(text).toContain("002003 (42S02): SQL compilation error: Object 'SNOWFLAKE.ACCOUNT_USAGE.QUERY_HISTORY'");
    expect(text).toMatch(/── full_table_scans ── FAILED/);
  });

  it('does show the header counts by severity', () => {
    expect(lines[0]).toContain('xy12345.eu-central-1');
    expect(lines[0]).toContain('2026-11-22 06:00Z');
    const all = SAMPLE_REPORT.checks.flatMap((c) => c.findings);
    const count = (severity: string) => all.filter((f) => f.severity === severity).length;
    expect(lines[1]).toContain(`${count('critical')} critical · ${count('warning')} warning · ${count('info')} info`);
    expect(lines[1]).toContain('2 critical · 7 warning · 6 info');
  });

  it('does draw the heatmap as 7 weekday lines of 24 shade cells', () => {
    const grid = lines.filter((line) => /^ {2}(Mon|Tue|Wed|Thu|Fri|Sat|Sun) │.*│$/.test(line));
    expect(grid.map((line) => line.slice(2, 5))).toEqual(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    for (const line of grid) {
      const inner = Array.from(line.slice(7, -1));
      expect(inner).toHaveLength(48);
      const cells = Array.from({ length: 24 }, (_, h) => inner[2 * h]! + inner[2 * h + 1]!);
      for (const cell of cells) {
        expect(SHADES).toContain(cell[0]);
        expect(cell[1]).toBe(cell[0]);
      }
    }
    // The fixture's nightly 02:00 ETL is the busiest hour every day; Saturday 01:00 spent nothing.
    for (const line of grid) expect(Array.from(line.slice(7))[4]).toBe('█');
    expect(Array.from(grid[5]!.slice(7))[2]).toBe(' ');
    expect(text).toContain('legend:');
  });

  it('does list the utilization rows that are not grid cells under the heatmap', () => {
    const section = text.slice(text.indexOf('── warehouse_utilization'), text.indexOf('── warehouse_config'));
    expect(section).toMatch(/legend:[\s\S]*warehouse_name\s+compute_credits\s+busy_credits\s+idle_credits/);
    expect(section).toMatch(/BI_WH\s+236\.50\s+98\.10\s+138\.40/);
    expect(section).not.toMatch(/more rows/);
  });

  it('does give rows of another shape their own table when a check has several statements', () => {
    const section = text.slice(text.indexOf('── credits_by_warehouse'), text.indexOf('── top_queries'));
    expect(section).toMatch(/ {2}warehouse_name +credits +compute_credits/);
    expect(section).toMatch(/ {2}credits_used +credits_adjustment +credits_billed/);
    expect(section).toMatch(/ {2}930\.12 +-12\.40 +917\.72/);
    expect(section).not.toContain('—');
  });

  it('does total only the estimated savings of the recommendations', () => {
    const recommended = SAMPLE_REPORT.checks.flatMap((c) => c.findings).filter((f) => f.recommendation !== undefined);
    const saving = recommended.filter((f) => f.savingsUsd !== undefined || f.savingsCredits !== undefined);
    const total = saving.reduce((sum, f) => sum + (f.savingsUsd ?? (f.savingsCredits ?? 0) * SAMPLE_REPORT.usdPerCredit), 0);
    const section = text.slice(text.indexOf('── Recommendations'), text.indexOf('── Details per check'));
    expect(section).toContain(
      `estimated savings: ${formatUsd(total)} per 30 days across ${saving.length} recommendations (${recommended.length - saving.length} more without an estimate, in the details)`,
    );
    // 130.38 USD + 6 credits × $3 + 17.90 USD; the findings' own usd ($2,764 spend, $132.60 idle...) is not savings.
    expect(formatUsd(total)).toBe('$166');
    expect(section).not.toMatch(/total: /);
  });

  it('does list only recommendations with savings, most savings first, the others with their findings in the details', () => {
    const section = text.slice(text.indexOf('── Recommendations'), text.indexOf('── Details per check'));
    const rows = [...section.matchAll(/^ {2}(?:CRITICAL|WARNING|INFO) +(\$[\d,.]+)? {2}/gm)].map((m) => m[1]);
    expect(rows.map((m) => Number(m!.slice(1).replace(/,/g, '')))).toEqual([130, 18, 17.9]); // $130.38 shows as whole dollars
    // Without an estimate, LEGACY_WH's recommendation stays with its finding in warehouse_config's details.
    expect(section).not.toContain('LEGACY_WH');
    expect(text.slice(text.indexOf('── warehouse_config'))).toMatch(/LEGACY_WH has not run for 30 days\n +→ drop LEGACY_WH/);
    // The monitor's $2,764 of spend is not savings.
    expect(section).not.toContain('$2,764');
  });

  it('does open with the criticals and the spend story before the recommendations and details', () => {
    const at = (marker: string) => text.indexOf(marker);
    expect(at('── Critical ')).toBeGreaterThan(0);
    expect(at('── Critical ')).toBeLessThan(at('── Spend '));
    expect(at('── Spend ')).toBeLessThan(at('── Recommendations '));
    expect(at('── Recommendations ')).toBeLessThan(at('── Details per check '));
    const critical = text.slice(at('── Critical '), at('── Spend '));
    expect(critical).toMatch(/^ {2}CRITICAL {6}\$183 {2}resource_monitors: monitor ETL_DAILY/m);
    expect(critical).toMatch(/^ {2}CRITICAL {12}service_account_audit: service user AIRFLOW_SVC/m);
    const spend = text.slice(at('── Spend '), at('── Recommendations '));
    expect(spend).toContain('── Spend ── 914.13 credits · $2,742 on warehouses this month');
    expect(spend).toMatch(/^ {2}ETL_DAILY +██████████\+ +61\.02 +60\.00 +102% +100%$/m);
    expect(spend).toMatch(/^ {2}ACCOUNT_MONTHLY +█████████░ +921\.37 +1,000\.00 +92% +90%$/m);
    expect(spend).toContain('top warehouses: ETL_WH 512.40 (56%) · BI_WH 241.85 (26%)');
  });

  it('does show each finding once and one line per monitor for its crossings', () => {
    for (const finding of SAMPLE_REPORT.checks.flatMap((c) => c.findings)) {
      expect(text.split(finding.summary).length - 1, finding.summary).toBeLessThanOrEqual(1);
    }
    const crossings = renderTable({
      ...SAMPLE_REPORT,
      checks: [
        {
          name: 'resource_monitors',
          status: 'ok',
          startedAt: '',
          durationMs: 1,
          statementsSent: 1,
          rows: [],
          findings: ['50', '75', '90'].map((threshold) => ({
            severity: 'warning' as const,
            summary: `monitor ETL_WEEKLY at 93% of 300 credits (passed ${threshold}%)`,
            labels: { alert_type: 'cost_monitor', monitor: 'ETL_WEEKLY', threshold, cycle_start: '2026-11-16T00:00:00.000Z' },
            credits: 279,
          })),
        },
      ],
    });
    expect(crossings.match(/ETL_WEEKLY/g)).toHaveLength(1);
    expect(crossings).toContain('monitor ETL_WEEKLY at 93% of 300 credits (passed 90%); also passed 50%, 75%');
  });

  it('does format check durations when they are raw floats', () => {
    expect(text).toMatch(/── resource_monitors ── ok · 3 findings \(2 above\) · 3 rows · 83 ms /);
    expect(text).toMatch(/── self_cost ── ok · 1 finding · 3 rows · 412 ms /);
    expect(text).not.toContain('82.77');
  });

  it("does keep a check's other findings in its details when its critical is listed above", () => {
    const section = text.slice(text.indexOf('── service_account_audit'), text.indexOf('── self_cost'));
    expect(section).not.toMatch(/^ {2}CRITICAL /m);
    expect(section).toMatch(/── service_account_audit ── ok · 3 findings \(1 above\)/);
    expect(section.indexOf('AIRFLOW_SVC logs in with a password only')).toBeGreaterThan(0);
    const config = text.slice(text.indexOf('── warehouse_config'), text.indexOf('── full_table_scans'));
    expect(config).toMatch(/^ {2}INFO {16}LEGACY_WH has not run for 30 days/m);
    expect(text.slice(text.indexOf('── Critical'), text.indexOf('── Spend'))).toContain('$183');
  });

  it('does format numbers and right-align them in row tables', () => {
    expect(text).toMatch(/ETL_WH\s+512\.40\s+498\.10/);
    expect(text).toMatch(/ACCOUNT_MONTHLY\s+ACCOUNT\s+MONTHLY\s+1,000\.00/);
    expect(text).toContain('18.0 TB');
    expect(text).toContain('1.9 TB');
    const section = text.slice(text.indexOf('── credits_by_warehouse'), text.indexOf('── top_queries')).split('\n');
    const ends = section.flatMap((l) => {
      const m = /^ {2}[A-Z_]+_WH +[\d,.]+/.exec(l);
      return m ? [m[0].length] : [];
    });
    expect(ends).toHaveLength(5);
    expect(new Set(ends).size).toBe(1);
  });

  it('does keep every line within the width and cut long text with an ellipsis', () => {
    for (const width of [80, 120]) {
      const narrow = renderTable(SAMPLE_REPORT, { width });
      for (const line of narrow.split('\n')) expect(Array.from(line).length).toBeLessThanOrEqual(width);
      expect(narrow).toContain('…');
    }
  });

  it('does cut nothing when no width is given (a file or a pipe), and never a name that tells rows apart', () => {
    expect(text).not.toContain('…');
    expect(Math.max(...lines.map((l) => Array.from(l).length))).toBeGreaterThan(120);
    const narrow = renderTable(SAMPLE_REPORT, { width: 60 });
    for (const id of ['01b8c3f2-0000-a1b2-0000-00010a2b3c4d', '01b8c3f2-0000-a1b2-0000-00010a2b3d77']) expect(narrow).toContain(`  ${id}  `);
    expect(narrow).toMatch(/^ {2}DATA_SCIENCE_WH /m);
    expect(narrow).toMatch(/^ {2}ACCOUNT_MONTHLY /m);
  });

  it('does fit the part before the details in 50 lines for the sample account', () => {
    const before = renderTable(SAMPLE_REPORT, { width: 100 }).split('── Details per check')[0]!.split('\n');
    expect(before.length).toBeLessThanOrEqual(50);
  });

  it('does flatten newlines in row values onto one line', () => {
    expect(text).not.toMatch(/piped\n/);
  });

  it('does emit no ANSI codes without color and colours severities with color', () => {
    expect(text).not.toMatch(ANSI);
    const coloured = renderTable(SAMPLE_REPORT, { color: true });
    expect(coloured).toContain('\u001b[1;31mCRITICAL');
    expect(coloured).toContain('\u001b[33mWARNING');
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(text);
  });

  it('does say when a check ran but returned no rows and findings', () => {
    const empty = renderTable({
      ...SAMPLE_REPORT,
      checks: [{ name: 'self_cost', status: 'ok', rows: [], findings: [], startedAt: '', durationMs: 1, statementsSent: 1 }],
    });
    expect(empty).toContain('no rows');
    expect(empty).toContain('nothing to recommend');
    expect(empty).toContain('1 ran, none failed');
  });
});
