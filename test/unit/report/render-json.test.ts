import { describe, expect, it } from 'vitest';
import { renderJson, toJsonReport } from '../../../src/report/render-json.js';
import { SAMPLE_REPORT } from '../../fixtures/report/sample-report.js';

describe('toJsonReport', () => {
  it('does keep the required keys and types when given every check', () => {
    const json = toJsonReport(SAMPLE_REPORT);
    expect(Object.keys(json)).toEqual(['generated_at', 'account', 'usd_per_credit', 'summary', 'checks']);
    expect(json.generated_at).toBe(SAMPLE_REPORT.generatedAt);
    expect(json.account).toBe('xy12345.eu-central-1');
    expect(json.checks.map((c) => c.name)).toEqual(SAMPLE_REPORT.checks.map((c) => c.name));
    for (const check of json.checks) {
      expect(['ok', 'failed']).toContain(check.status);
      expect(Array.isArray(check.rows)).toBe(true);
      for (const finding of check.findings) {
        expect(['info', 'warning', 'critical']).toContain(finding.severity);
        expect(typeof finding.summary).toBe('string');
        for (const value of Object.values(finding.labels)) expect(typeof value).toBe('string');
        if (finding.credits !== undefined) expect(typeof finding.credits).toBe('number');
        if (finding.usd !== undefined) expect(typeof finding.usd).toBe('number');
      }
    }
  });

  it('does carry the error only when a check failed', () => {
    const json = toJsonReport(SAMPLE_REPORT);
    const failed = json.checks.filter((c) => c.status === 'failed');
    expect(failed.map((c) => c.name)).toEqual(['full_table_scans']);
    expect(failed[0]?.error).toContain('002003 (42S02)');
    for (const check of json.checks.filter((c) => c.status === 'ok')) expect('error' in check).toBe(false);
  });

  it('does count findings by severity and failed checks in the summary', () => {
    const all = SAMPLE_REPORT.checks.flatMap((c) => c.findings);
    expect(toJsonReport(SAMPLE_REPORT).summary).toEqual({
      critical: all.filter((f) => f.severity === 'critical').length,
      warning: all.filter((f) => f.severity === 'warning').length,
      info: all.filter((f) => f.severity === 'info').length,
      failed_checks: 1,
      partial_checks: 0,
      estimated_savings_usd: expect.any(Number),
    });
  });

  it('does price a finding from its credits when it has no usd', () => {
    const check = toJsonReport(SAMPLE_REPORT).checks.find((c) => c.name === 'top_queries');
    expect(check?.findings[0]?.credits).toBe(21.734);
    expect(check?.findings[0]?.usd).toBeCloseTo(21.734 * 3, 10);
  });

  it('does add savings keys only to findings with a savings estimate and total them in the summary', () => {
    const json = toJsonReport(SAMPLE_REPORT);
    const config = json.checks.find((c) => c.name === 'warehouse_config')!;
    expect(config.findings[0]).toMatchObject({ credits: 44.2, usd: 132.6, savings_credits: 43.46, savings_usd: 130.38 });
    expect(Object.keys(config.findings[0]!)).toEqual(['severity', 'summary', 'labels', 'credits', 'usd', 'recommendation', 'savings_credits', 'savings_usd']);
    expect(config.findings[1]).toMatchObject({ savings_credits: 6, savings_usd: 18 });
    const storage = json.checks.find((c) => c.name === 'storage_by_database')!;
    expect(storage.findings[1]?.savings_usd).toBe(17.9);
    expect('savings_credits' in storage.findings[1]!).toBe(false);
    const monitors = json.checks.find((c) => c.name === 'resource_monitors')!;
    for (const finding of monitors.findings) expect('savings_usd' in finding).toBe(false);
    expect(json.summary.estimated_savings_usd).toBeCloseTo(130.38 + 6 * 3 + 17.9, 9);
  });

  it('does sort label keys and keep finding keys in a fixed order', () => {
    const finding = toJsonReport(SAMPLE_REPORT).checks[0]?.findings[0];
    expect(Object.keys(finding ?? {})).toEqual(['severity', 'summary', 'labels', 'credits', 'usd']);
    expect(Object.keys(finding?.labels ?? {})).toEqual(['alert_type', 'monitor', 'severity', 'threshold']);
  });

  it('does make row values JSON-safe when they are bigints, dates, NaN or nested variants', () => {
    const json = toJsonReport({
      ...SAMPLE_REPORT,
      checks: [
        {
          name: 'x',
          status: 'ok',
          findings: [],
          startedAt: SAMPLE_REPORT.generatedAt,
          durationMs: 1,
          statementsSent: 1,
          rows: [{ big: 2n ** 70n, small: 7n, when: new Date('2026-11-22T00:00:00Z'), nan: Number.NaN, missing: undefined, nested: { a: [1n, null] } }],
        },
      ],
    });
    expect(json.checks[0]?.rows[0]).toEqual({
      big: (2n ** 70n).toString(),
      small: 7,
      when: '2026-11-22T00:00:00.000Z',
      nan: null,
      missing: null,
      nested: { a: [1, null] },
    });
  });

  it('does print identical JSON that parses back to the shape when rendered twice', () => {
    const text = renderJson(SAMPLE_REPORT);
    expect(text).toBe(renderJson(SAMPLE_REPORT));
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(toJsonReport(SAMPLE_REPORT));
    expect(text).toContain('\n  "generated_at": ');
  });
});
