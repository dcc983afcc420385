import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../../src/alerts/alert.js';
import { findingsToAlerts } from '../../../src/dispatch/findings-to-alerts.js';
import { DEFAULT_RUNBOOKS } from '../../../src/alerts/runbooks.js';
import type { CheckOutcome, Finding } from '../../../src/checks/check.js';

const outcome = (name: string, findings: Finding[]): CheckOutcome => ({
  name,
  status: 'ok',
  rows: [],
  findings,
  startedAt: '2026-11-22T10:00:00.000Z',
  durationMs: 3,
  statementsSent: 1,
});

const monitor = (threshold: string, severity: Finding['severity']): Finding => ({
  severity,
  summary: `monitor ACCOUNT_MONTHLY passed ${threshold}%`,
  labels: { alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY', threshold, cycle_start: '2026-11-01T00:00:00.000Z' },
  credits: 950,
  usd: 2850,
  recommendation: 'Right-size WH_ETL.',
});

describe('findingsToAlerts', () => {
  it('does add account=<name> and the account labels, never over a label the check set', () => {
    const account = { name: 'prod', labels: { team: 'core', monitor: 'from-account', env: 'prod' } };
    const [alert] = findingsToAlerts(outcome('resource_monitors', [monitor('90', 'warning')]), {}, account);
    expect(alert?.labels).toEqual({
      alert_type: 'cost_monitor',
      monitor: 'ACCOUNT_MONTHLY',
      threshold: '90',
      cycle_start: '2026-11-01T00:00:00.000Z',
      check: 'resource_monitors',
      severity: 'warning',
      account: 'prod',
      team: 'core',
      env: 'prod',
    });
    const [other] = findingsToAlerts(outcome('resource_monitors', [monitor('90', 'warning')]), {}, { name: 'dev', labels: {} });
    expect(fingerprint(other!.labels)).not.toBe(fingerprint(alert!.labels));
  });

  it('does label each alert with the finding labels plus check and severity', () => {
    const [alert] = findingsToAlerts(outcome('resource_monitors', [monitor('90', 'warning')]));
    expect(alert?.labels).toEqual({
      alert_type: 'cost_monitor',
      monitor: 'ACCOUNT_MONTHLY',
      threshold: '90',
      cycle_start: '2026-11-01T00:00:00.000Z',
      check: 'resource_monitors',
      severity: 'warning',
    });
    expect(alert?.annotations).toEqual({
      summary: 'monitor ACCOUNT_MONTHLY passed 90%',
      recommendation: 'Right-size WH_ETL.',
      credits: 950,
      usd: 2850,
      runbook: DEFAULT_RUNBOOKS['cost_monitor'],
    });
  });

  it('does give a cost monitor at 100 % the limit runbook and at 75 or 90 % the spend-ahead one', () => {
    const alerts = findingsToAlerts(outcome('resource_monitors', [monitor('75', 'warning'), monitor('90', 'warning'), monitor('100', 'critical')]));
    expect(alerts.map((a) => a.annotations.runbook)).toEqual([
      DEFAULT_RUNBOOKS['cost_monitor'],
      DEFAULT_RUNBOOKS['cost_monitor'],
      DEFAULT_RUNBOOKS['cost_monitor_limit'],
    ]);
    expect(DEFAULT_RUNBOOKS['cost_monitor']).not.toBe(DEFAULT_RUNBOOKS['cost_monitor_limit']);
    expect(DEFAULT_RUNBOOKS['cost_monitor_limit']).toContain('raise the quota');
  });

  it('does give a monitor that suspends below 100 % (a critical finding) the limit runbook', () => {
    const [alert] = findingsToAlerts(outcome('resource_monitors', [monitor('95', 'critical')]));
    expect(alert?.annotations.runbook).toBe(DEFAULT_RUNBOOKS['cost_monitor_limit']);
  });

  it('does use a runbook override from the map passed in, by key', () => {
    const alerts = findingsToAlerts(outcome('resource_monitors', [monitor('75', 'warning'), monitor('100', 'critical')]), {
      cost_monitor_limit: 'Call finance: https://wiki.example/credits',
    });
    expect(alerts.map((a) => a.annotations.runbook)).toEqual([DEFAULT_RUNBOOKS['cost_monitor'], 'Call finance: https://wiki.example/credits']);
  });

  it('does leave the runbook out when no line exists for the alert type', () => {
    const [alert] = findingsToAlerts(outcome('custom', [{ severity: 'info', summary: 'something', labels: { alert_type: 'custom_kind' } }]));
    expect(alert?.annotations).toEqual({ summary: 'something' });
  });

  it('does keep the fingerprint independent of annotations and dependent on every label', () => {
    const a = findingsToAlerts(outcome('resource_monitors', [monitor('90', 'warning')]))[0]!;
    const b = findingsToAlerts(outcome('resource_monitors', [{ ...monitor('90', 'warning'), summary: 'other', credits: 1 }]))[0]!;
    const c = findingsToAlerts(outcome('resource_monitors', [monitor('90', 'critical')]))[0]!;
    expect(fingerprint(a.labels)).toBe(fingerprint(b.labels));
    expect(fingerprint(a.labels)).not.toBe(fingerprint(c.labels));
  });

  it('does throw when a finding has no alert_type label', () => {
    expect(() => findingsToAlerts(outcome('broken', [{ severity: 'warning', summary: 'no type', labels: { warehouse: 'WH' } }]))).toThrow(
      'check broken: finding "no type" has no alert_type label',
    );
  });

  it('does turn no findings into no alerts', () => {
    expect(findingsToAlerts(outcome('resource_monitors', []))).toEqual([]);
  });
});
