import { describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../../src/checks/check.js';
import type { AuditReport } from '../../../src/report/audit-report.js';
import { toJsonReport } from '../../../src/report/render-json.js';
import { EXIT_CODES, exitCodeFor, renderReport } from '../../../src/report/render-report.js';

const GRANT = 'grant database role snowflake.object_viewer to role SNOWMON_ROLE';
const partial: CheckOutcome = {
  name: 'storage_by_database',
  status: 'partial',
  error: `Snowflake refused SNOWFLAKE.ACCOUNT_USAGE.TABLES (statement 2); fix: ${GRANT}`,
  refused: [{ object: 'SNOWFLAKE.ACCOUNT_USAGE.TABLES', statement: 1, grant: GRANT }],
  rows: [{ database_name: 'RAW', total_gb: 400 }],
  findings: [
    { severity: 'info', summary: 'database RAW grew 100% in the window', labels: { alert_type: 'cost_finding', finding: 'storage_growth', database: 'RAW' } },
  ],
  startedAt: '2026-11-22T06:00:00.000Z',
  durationMs: 10,
  statementsSent: 2,
};
const ok: CheckOutcome = { ...partial, name: 'top_queries', status: 'ok', rows: [], findings: [] };
delete (ok as { error?: string }).error;
delete (ok as { refused?: unknown }).refused;
const report = (checks: CheckOutcome[]): AuditReport => ({ generatedAt: '2026-11-22T06:00:07.000Z', account: 'xy12345', usdPerCredit: 3, checks });

describe('a partial check in the audit report', () => {
  it('does show the partial status, the refused object and the grant in every format', () => {
    const r = report([partial, ok]);
    for (const format of ['table', 'markdown', 'html'] as const) {
      const text = renderReport(r, format, { color: false, width: 400 });
      expect(text, format).toMatch(/partial/i);
      expect(text, format).toContain(
        'SNOWFLAKE.ACCOUNT_USAGE.TABLES (statement 2) refused; fix: grant database role snowflake.object_viewer to role SNOWMON_ROLE',
      );
      expect(text, format).toContain('database RAW grew 100% in the window');
    }
    const json = toJsonReport(r);
    expect(json.summary).toMatchObject({ failed_checks: 0, partial_checks: 1 });
    expect(json.checks[0]).toMatchObject({
      name: 'storage_by_database',
      status: 'partial',
      refused: [{ object: 'SNOWFLAKE.ACCOUNT_USAGE.TABLES', statement: 2, grant: GRANT }],
      findings: [{ summary: 'database RAW grew 100% in the window' }],
    });
    expect(json.checks[1]).not.toHaveProperty('refused');
  });

  it('does exit 4 for a partial audit, below findings (1) and failed checks (3), even with --fail-on never', () => {
    expect(EXIT_CODES.checksPartial).toBe(4);
    expect(exitCodeFor(report([partial, ok]), 'never')).toBe(4);
    expect(exitCodeFor(report([partial, ok]), 'warning')).toBe(4);
    expect(exitCodeFor(report([partial, { ...ok, status: 'failed', error: 'boom' }]), 'never')).toBe(3);
    expect(exitCodeFor(report([ok]), 'never')).toBe(0);
  });
});
