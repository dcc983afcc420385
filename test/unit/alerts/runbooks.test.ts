import { describe, expect, it } from 'vitest';
import { DEFAULT_RUNBOOKS, defaultRunbook, FALLBACK_RUNBOOK, runbookFor, runbookKey } from '../../../src/alerts/runbooks.js';

describe('runbooks', () => {
  it('does have a default line for every alert type of DESIGN §5', () => {
    for (const type of [
      'cost_monitor',
      'pipeline_failure',
      'sla_breach',
      'dbt_test_failure',
      'source_freshness',
      'security',
      'cost_finding',
      'monitor_health',
    ]) {
      expect(runbookFor({ alert_type: type }), type).toBeTypeOf('string');
    }
  });

  it('does pick the runaway-warehouse line from the finding label and fall back to the alert type', () => {
    expect(runbookKey({ alert_type: 'cost_finding', finding: 'runaway_warehouse' })).toBe('runaway_warehouse');
    expect(runbookKey({ alert_type: 'cost_finding', finding: 'unmonitored_warehouse' })).toBe('cost_finding');
    expect(runbookKey({ alert_type: 'cost_monitor', threshold: 'projected', severity: 'warning' })).toBe('cost_monitor');
  });

  it('does keep the defaults frozen', () => {
    expect(Object.isFrozen(DEFAULT_RUNBOOKS)).toBe(true);
  });

  it('does give a message the suspend line at 100 % and the fallback line for a kind it does not know', () => {
    expect(defaultRunbook({ alert_type: 'cost_monitor', threshold: '100' })).toBe(DEFAULT_RUNBOOKS['cost_monitor_limit']);
    expect(defaultRunbook({ alert_type: 'something_new' })).toBe(FALLBACK_RUNBOOK);
  });
});
