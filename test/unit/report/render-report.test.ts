import { describe, expect, it } from 'vitest';
import type { CheckOutcome, Finding, Severity } from '../../../src/checks/check.js';
import type { AuditReport } from '../../../src/report/audit-report.js';
import { renderHtml } from '../../../src/report/render-html.js';
import { renderJson } from '../../../src/report/render-json.js';
import { renderMarkdown } from '../../../src/report/render-markdown.js';
import { REPORT_FORMATS, exitCodeFor, renderReport, worstSeverity } from '../../../src/report/render-report.js';
import { renderTable } from '../../../src/report/render-table.js';
import { SAMPLE_REPORT } from '../../fixtures/report/sample-report.js';

function report(severities: readonly Severity[], failed = false): AuditReport {
  const findings: Finding[] = severities.map((severity) => ({ severity, summary: severity, labels: {} }));
  const check = (name: string, rest: Partial<CheckOutcome>): CheckOutcome => ({
    name,
    status: 'ok',
    rows: [],
    findings: [],
    startedAt: '2026-11-22T06:00:00Z',
    durationMs: 1,
    statementsSent: 1,
    ...rest,
  });
  return {
    generatedAt: '2026-11-22T06:00:00Z',
    account: 'acc',
    usdPerCredit: 3,
    checks: [check('a', { findings }), ...(failed ? [check('b', { status: 'failed', error: 'boom' })] : [])],
  };
}

describe('renderReport', () => {
  it('does dispatch each format to its renderer', () => {
    const options = { width: 100, color: false };
    expect(renderReport(SAMPLE_REPORT, 'table', options)).toBe(renderTable(SAMPLE_REPORT, options));
    expect(renderReport(SAMPLE_REPORT, 'markdown', options)).toBe(renderMarkdown(SAMPLE_REPORT, options));
    expect(renderReport(SAMPLE_REPORT, 'html', options)).toBe(renderHtml(SAMPLE_REPORT, options));
    expect(renderReport(SAMPLE_REPORT, 'json', options)).toBe(renderJson(SAMPLE_REPORT));
    expect([...REPORT_FORMATS].sort()).toEqual(['html', 'json', 'markdown', 'table']);
  });

  it('does render every format when the report has no checks', () => {
    const empty: AuditReport = { generatedAt: '2026-11-22T06:00:00Z', account: 'acc', usdPerCredit: 3, checks: [] };
    expect(renderReport(empty, 'table')).toContain('nothing to recommend with an estimated saving');
    expect(renderReport(empty, 'table')).toContain('── Spend ── month to date unknown');
    expect(renderReport(empty, 'markdown')).toContain('No recommendation with an estimated saving');
    expect(renderReport(empty, 'markdown')).toContain('No critical findings.');
    expect(renderReport(empty, 'html')).not.toContain('class="hm-cell"');
    expect(renderReport(empty, 'html')).toContain('Month to date unknown');
    expect(JSON.parse(renderReport(empty, 'json'))).toMatchObject({ checks: [], summary: { critical: 0, warning: 0, info: 0, failed_checks: 0 } });
    expect(exitCodeFor(empty, 'warning')).toBe(0);
  });

  it('does throw when the format is unknown', () => {
    expect(() => renderReport(SAMPLE_REPORT, 'pdf' as never)).toThrow('unknown report format "pdf"');
  });
});

describe('worstSeverity', () => {
  it('does return the worst finding severity, or undefined when there are none', () => {
    expect(worstSeverity(report([]))).toBeUndefined();
    expect(worstSeverity(report(['info']))).toBe('info');
    expect(worstSeverity(report(['info', 'warning']))).toBe('warning');
    expect(worstSeverity(report(['warning', 'critical', 'info']))).toBe('critical');
    expect(worstSeverity(SAMPLE_REPORT)).toBe('critical');
  });
});

describe('exitCodeFor', () => {
  it('does return 0 when nothing reaches fail-on and every check ran', () => {
    expect(exitCodeFor(report([]), 'warning')).toBe(0);
    expect(exitCodeFor(report(['info']), 'warning')).toBe(0);
    expect(exitCodeFor(report(['warning']), 'critical')).toBe(0);
    expect(exitCodeFor(report(['critical']), 'never')).toBe(0);
  });

  it('does return 1 when a finding is at or above fail-on', () => {
    expect(exitCodeFor(report(['warning']), 'warning')).toBe(1);
    expect(exitCodeFor(report(['critical']), 'warning')).toBe(1);
    expect(exitCodeFor(report(['critical']), 'critical')).toBe(1);
  });

  it('does return 1 over 3 when findings fail the audit and a check also failed', () => {
    expect(exitCodeFor(report(['critical'], true), 'critical')).toBe(1);
    expect(exitCodeFor(SAMPLE_REPORT, 'warning')).toBe(1);
  });

  it('does return 3 when a check failed and no finding reaches fail-on, even with never', () => {
    expect(exitCodeFor(report(['warning'], true), 'critical')).toBe(3);
    expect(exitCodeFor(report([], true), 'warning')).toBe(3);
    expect(exitCodeFor(report(['critical'], true), 'never')).toBe(3);
  });
});
