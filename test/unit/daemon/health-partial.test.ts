/**
 * A check left partial by a missing grant raises snowmon's own monitor_health alert at once, naming the
 * grant; an ok run clears it, a failed run (which says nothing about grants) keeps it.
 */

import { describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../../src/checks/check.js';
import { HealthState, healthOutcome } from '../../../src/daemon/monitor-health.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const GRANT = 'grant database role snowflake.object_viewer to role SNOWMON_ROLE';
const run = (status: CheckOutcome['status']): CheckOutcome => ({
  name: 'storage_by_database',
  status,
  rows: [],
  findings: [],
  startedAt: NOW.toISOString(),
  durationMs: 1,
  statementsSent: 2,
  ...(status === 'partial' ? { refused: [{ object: 'SNOWFLAKE.ACCOUNT_USAGE.TABLES', statement: 1, grant: GRANT }] } : {}),
});

describe('monitor_health for partial checks', () => {
  it('does raise one grants alert per partial check, keep it through a failed run and clear it on an ok run', () => {
    const state = new HealthState();
    state.recordRun(run('partial'));
    const first = healthOutcome(state.facts(3), NOW);
    expect(first.status).toBe('ok');
    expect(first.findings).toHaveLength(1);
    expect(first.findings[0]).toMatchObject({
      severity: 'warning',
      labels: { alert_type: 'monitor_health', component: 'grants', failing_check: 'storage_by_database' },
      summary: "check storage_by_database is partial: Snowflake refused SNOWFLAKE.ACCOUNT_USAGE.TABLES to snowmon's role",
    });
    expect(first.findings[0]?.recommendation).toContain(`${GRANT};`);

    state.recordRun(run('failed'));
    expect(healthOutcome(state.facts(3), NOW).findings.map((f) => f.labels['component'])).toEqual(['grants']);
    state.recordRun(run('ok'));
    expect(healthOutcome(state.facts(3), NOW).findings).toEqual([]);
  });
});
