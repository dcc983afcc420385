import { describe, expect, it } from 'vitest';
import { evaluateResourceMonitors } from '../../../src/checks/evaluate-resource-monitors.js';
import { evaluateWarehouseConfig } from '../../../src/checks/evaluate-warehouse-config.js';
import { shippedThresholds } from '../../support/shipped-thresholds.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const THRESHOLDS = { ...shippedThresholds('resource_monitors'), min_elapsed_pct: 5 };

// What a role with MONITOR on BI_MONITOR only gets: SHOW WAREHOUSES still names the other monitors.
const warehouses = [
  { name: 'BI_WH', state: 'SUSPENDED', size: 'Small', auto_suspend: '60', resource_monitor: 'BI_MONITOR', created_on: '2025-01-01 00:00:00.000 +0000' },
  {
    name: 'LOADING_WH',
    state: 'SUSPENDED',
    size: 'Medium',
    auto_suspend: '60',
    resource_monitor: 'LOADING_MONITOR',
    created_on: '2025-01-01 00:00:00.000 +0000',
  },
  {
    name: 'TRANSFORM_WH',
    state: 'SUSPENDED',
    size: 'Large',
    auto_suspend: '60',
    resource_monitor: 'TRANSFORM_WEEKLY',
    created_on: '2025-01-01 00:00:00.000 +0000',
  },
  { name: 'ELT_WH', state: 'SUSPENDED', size: 'Large', auto_suspend: '60', resource_monitor: 'TRANSFORM_WEEKLY', created_on: '2025-01-01 00:00:00.000 +0000' },
  { name: 'ADHOC_WH', state: 'SUSPENDED', size: 'Small', auto_suspend: '60', resource_monitor: 'null', created_on: '2025-01-01 00:00:00.000 +0000' },
];
const monitors = [
  {
    name: 'BI_MONITOR',
    credit_quota: '100.00',
    used_credits: '1.00',
    level: 'WAREHOUSE',
    frequency: 'MONTHLY',
    start_time: '2026-01-01 00:00:00.000 +0000',
    end_time: '',
    notify_at: '',
    suspend_at: '',
    suspend_immediately_at: '',
  },
];

describe('monitors the role cannot see', () => {
  it('does count a warehouse naming an invisible monitor as covered, and says so once with the grants', () => {
    const { findings } = evaluateResourceMonitors({
      results: [monitors, warehouses],
      thresholds: THRESHOLDS,
      now: NOW,
      usdPerCredit: 3,
      role: 'SNOWMON_NARROW_ROLE',
    });
    const uncovered = findings.filter((f) => f.labels['finding'] === 'unmonitored_warehouse').map((f) => f.labels['warehouse']);
    expect(uncovered).toEqual(['ADHOC_WH']);
    const invisible = findings.filter((f) => f.labels['finding'] === 'invisible_resource_monitors');
    expect(invisible).toHaveLength(1);
    expect(invisible[0]!.severity).toBe('info');
    expect(invisible[0]!.labels).toEqual({ alert_type: 'monitor_health', component: 'grants', finding: 'invisible_resource_monitors' });
    expect(invisible[0]!.summary).toContain('LOADING_MONITOR (named by LOADING_WH); TRANSFORM_WEEKLY (named by ELT_WH, TRANSFORM_WH)');
    expect(invisible[0]!.recommendation).toContain('grant monitor on resource monitor LOADING_MONITOR to role SNOWMON_NARROW_ROLE;');
    expect(invisible[0]!.recommendation).toContain('grant monitor on resource monitor TRANSFORM_WEEKLY to role SNOWMON_NARROW_ROLE;');
  });

  it('does say nothing about visibility when every named monitor is listed', () => {
    const { findings } = evaluateResourceMonitors({
      results: [monitors, warehouses.slice(0, 1)],
      thresholds: THRESHOLDS,
      now: NOW,
      usdPerCredit: 3,
    });
    expect(findings.filter((f) => f.labels['alert_type'] === 'monitor_health')).toEqual([]);
  });

  it('does not report warehouse_config no_monitor for a warehouse naming an invisible monitor', () => {
    const { findings } = evaluateWarehouseConfig({
      results: [warehouses, monitors, [], []],
      thresholds: shippedThresholds('warehouse_config'),
      now: NOW,
      usdPerCredit: 3,
    });
    expect(findings.filter((f) => f.labels['finding'] === 'no_monitor').map((f) => f.labels['warehouse'])).toEqual(['ADHOC_WH']);
    expect(findings.filter((f) => f.labels['alert_type'] === 'monitor_health')).toEqual([]);
  });
});
