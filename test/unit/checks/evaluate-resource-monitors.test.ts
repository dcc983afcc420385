import { describe, expect, it } from 'vitest';
import { evaluateResourceMonitors } from '../../../src/checks/evaluate-resource-monitors.js';
import { shippedThresholds } from '../../support/shipped-thresholds.js';

const THRESHOLDS = { ...shippedThresholds('resource_monitors'), min_elapsed_pct: 5 };
const NOW = new Date('2026-11-20T12:00:00Z');

// SHOW RESOURCE MONITORS / SHOW WAREHOUSES rows as the driver gives them: lower-case names, strings.
const monitor = (over: Record<string, unknown>): Record<string, unknown> => ({
  name: 'M',
  credit_quota: '1000.00',
  used_credits: '0.00',
  remaining_credits: '1000.00',
  level: 'WAREHOUSE',
  frequency: 'MONTHLY',
  start_time: '2026-01-01 00:00:00.000 -0800',
  end_time: '',
  notify_at: '',
  suspend_at: '',
  suspend_immediately_at: '',
  ...over,
});
const warehouse = (name: string, monitorName: string, state = 'STARTED'): Record<string, unknown> => ({
  name,
  state,
  size: 'X-Small',
  resource_monitor: monitorName,
});

describe('evaluateResourceMonitors', () => {
  it('does raise one finding per crossed threshold, including the monitor own NOTIFY triggers', () => {
    const { findings, rows } = evaluateResourceMonitors({
      results: [
        [monitor({ name: 'ACCOUNT_MONTHLY', level: 'ACCOUNT', used_credits: '920.00', notify_at: '75%,88%', suspend_at: '100%', frequency: null })],
        [warehouse('WH_A', 'null')],
      ],
      thresholds: THRESHOLDS,
      now: NOW,
      usdPerCredit: 3,
    });
    const crossings = findings.filter((f) => f.labels['alert_type'] === 'cost_monitor' && f.labels['threshold'] !== 'projected');
    expect(crossings.map((f) => f.labels['threshold'])).toEqual(['75', '88', '90']);
    expect(crossings.map((f) => f.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(crossings[0]!.labels).toEqual({ alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY', threshold: '75', cycle_start: '2026-11-01T00:00:00.000Z' });
    expect(crossings[0]!.credits).toBe(920);
    expect(crossings[0]!.usd).toBeCloseTo(920 * 3, 6);
    expect(crossings[1]!.summary).toContain('NOTIFY');
    expect(rows[0]!['pct']).toBeCloseTo(92, 6);
  });

  it('does project to the cycle end and price the overrun when the pace passes the quota', () => {
    const { findings } = evaluateResourceMonitors({
      results: [[monitor({ name: 'ACCOUNT_MONTHLY', level: 'ACCOUNT', used_credits: '920.00', frequency: null })], []],
      thresholds: THRESHOLDS,
      now: NOW,
      usdPerCredit: 3,
    });
    const projection = findings.find((f) => f.labels['threshold'] === 'projected')!;
    // Nov 1 → Dec 1 is 30 days; 19.5 days have passed.
    const projectedPct = 92 / (19.5 / 30);
    const overrun = (projectedPct / 100) * 1000 - 1000;
    expect(projection.credits).toBeCloseTo(overrun, 6);
    expect(projection.usd).toBeCloseTo(overrun * 3, 6);
    expect(projection.severity).toBe('warning');
  });

  it('does name the suspended warehouses in the critical finding when a monitor passes 100 % and its SUSPEND trigger', () => {
    const { findings } = evaluateResourceMonitors({
      results: [
        [
          monitor({ name: 'ETL_DAILY', credit_quota: '100', used_credits: '105', frequency: 'DAILY', suspend_at: '100%' }),
          monitor({ name: 'ACCT', level: 'ACCOUNT', used_credits: '10' }),
        ],
        [warehouse('ETL_WH', 'ETL_DAILY', 'SUSPENDED'), warehouse('ETL_WH2', 'ETL_DAILY', 'SUSPENDED'), warehouse('BI_WH', 'null', 'SUSPENDED')],
      ],
      thresholds: THRESHOLDS,
      now: NOW,
      usdPerCredit: 2,
    });
    const etl = findings.filter((f) => f.labels['monitor'] === 'ETL_DAILY');
    expect(etl.map((f) => [f.labels['threshold'], f.severity])).toEqual([
      ['75', 'warning'],
      ['90', 'warning'],
      ['100', 'critical'],
    ]);
    expect(etl[2]!.summary).toContain('suspended warehouses: ETL_WH, ETL_WH2');
    expect(etl[2]!.summary).not.toContain('BI_WH');
    expect(etl[2]!.labels['cycle_start']).toBe('2026-11-20T00:00:00.000Z');
    expect(etl[0]!.summary).not.toContain('suspended');
  });

  it('does not call warehouses suspended by a notify-only monitor that passed 100 %', () => {
    const { findings } = evaluateResourceMonitors({
      results: [
        [monitor({ name: 'NOTIFY_ONLY', credit_quota: '100', used_credits: '120', notify_at: '100%' })],
        [warehouse('BI_WH', 'NOTIFY_ONLY', 'SUSPENDED')],
      ],
      thresholds: THRESHOLDS,
      now: NOW,
      usdPerCredit: 2,
    });
    const limit = findings.find((f) => f.labels['threshold'] === '100')!;
    expect(limit.severity).toBe('critical');
    expect(limit.summary).toBe('monitor NOTIFY_ONLY at 120% of 100 credits (passed 100%, its NOTIFY trigger)');
    expect(limit.credits).toBe(120);
    expect(limit.usd).toBe(240);
  });

  it('does report monitors with no quota or no level instead of evaluating them', () => {
    const { findings } = evaluateResourceMonitors({
      results: [
        [monitor({ name: 'NOQUOTA', credit_quota: null, used_credits: '500', level: 'ACCOUNT' }), monitor({ name: 'LOOSE', level: null, used_credits: '999' })],
        [],
      ],
      thresholds: THRESHOLDS,
      now: NOW,
      usdPerCredit: 3,
    });
    expect(findings.map((f) => [f.labels['monitor'], f.labels['finding'], f.labels['alert_type']])).toEqual([
      ['NOQUOTA', 'monitor_without_quota', 'cost_finding'],
      ['LOOSE', 'monitor_unassigned', 'cost_finding'],
    ]);
  });

  it('does flag warehouses no monitor covers when there is no account monitor', () => {
    const { findings } = evaluateResourceMonitors({
      results: [
        [monitor({ name: 'ETL', used_credits: '1' })],
        [warehouse('ETL_WH', 'ETL'), warehouse('BI_WH', 'null'), warehouse('ADHOC_WH', ''), warehouse('OLD_WH', 'DROPPED_MONITOR')],
      ],
      thresholds: THRESHOLDS,
      now: NOW,
      usdPerCredit: 3,
    });
    // OLD_WH names a monitor SHOW RESOURCE MONITORS does not list: one the role cannot see, so it is covered.
    expect(findings.filter((f) => f.labels['finding'] === 'unmonitored_warehouse').map((f) => f.labels['warehouse'])).toEqual(['BI_WH', 'ADHOC_WH']);
    expect(findings.filter((f) => f.labels['finding'] === 'invisible_resource_monitors').map((f) => f.summary)).toEqual([
      expect.stringContaining('DROPPED_MONITOR (named by OLD_WH)'),
    ]);
  });

  it('does not flag coverage gaps when an account monitor exists', () => {
    const { findings } = evaluateResourceMonitors({
      results: [[monitor({ name: 'ACCT', level: 'ACCOUNT', used_credits: '1' })], [warehouse('BI_WH', 'null')]],
      thresholds: THRESHOLDS,
      now: NOW,
      usdPerCredit: 3,
    });
    expect(findings).toEqual([]);
  });

  it('does skip the projection at the very start of a cycle', () => {
    const { findings } = evaluateResourceMonitors({
      results: [[monitor({ name: 'ACCT', level: 'ACCOUNT', used_credits: '30', frequency: null })], []],
      thresholds: THRESHOLDS,
      now: new Date('2026-11-01T01:00:00Z'),
      usdPerCredit: 3,
    });
    expect(findings).toEqual([]);
  });

  describe('cycles of a default-schedule monitor', () => {
    // Created mid-month without FREQUENCY / START_TIMESTAMP: SHOW prints MONTHLY and start_time = created_on.
    const created = '2026-11-17 14:23:05.120 +0000';
    const defaultMonitor = (over: Record<string, unknown> = {}) =>
      monitor({ name: 'BI_MONITOR', used_credits: '950', start_time: created, created_on: created, ...over });
    const cycleStarts = (now: string, row: Record<string, unknown>, monitorCycles?: Record<string, 'calendar_month' | 'start_time'>) =>
      evaluateResourceMonitors({
        results: [[row], []],
        thresholds: THRESHOLDS,
        now: new Date(now),
        usdPerCredit: 3,
        ...(monitorCycles ? { monitorCycles } : {}),
      })
        .findings.filter((f) => f.labels['alert_type'] === 'cost_monitor')
        .map((f) => f.labels['cycle_start']);

    it('does reset it on the 1st of the month, with the same cycle_start all month', () => {
      expect(new Set(cycleStarts('2026-12-04T09:00:00Z', defaultMonitor()))).toEqual(new Set(['2026-12-01T00:00:00.000Z']));
      expect(new Set(cycleStarts('2026-12-20T09:00:00Z', defaultMonitor()))).toEqual(new Set(['2026-12-01T00:00:00.000Z']));
      // Its first, partial cycle runs from its creation to the 1st.
      expect(new Set(cycleStarts('2026-11-20T09:00:00Z', defaultMonitor()))).toEqual(new Set(['2026-11-17T14:23:05.120Z']));
    });

    it('does anchor a custom schedule on its start_time', () => {
      const custom = defaultMonitor({ start_time: '2026-11-17 00:00:00.000 +0000', created_on: '2026-11-10 08:00:00.000 +0000' });
      expect(new Set(cycleStarts('2026-12-20T09:00:00Z', custom))).toEqual(new Set(['2026-12-17T00:00:00.000Z']));
    });

    it('does follow the cycle configured for the monitor, whatever SHOW suggests', () => {
      expect(new Set(cycleStarts('2026-12-20T09:00:00Z', defaultMonitor(), { bi_monitor: 'start_time' }))).toEqual(new Set(['2026-12-17T00:00:00.000Z']));
      const custom = defaultMonitor({ start_time: '2026-11-17 00:00:00.000 +0000', created_on: '2026-11-10 08:00:00.000 +0000' });
      expect(new Set(cycleStarts('2026-12-20T09:00:00Z', custom, { BI_MONITOR: 'calendar_month' }))).toEqual(new Set(['2026-12-01T00:00:00.000Z']));
    });

    it('does say in the report how each monitor resets', () => {
      const { rows } = evaluateResourceMonitors({
        results: [[defaultMonitor(), monitor({ name: 'WEEKLY', frequency: 'WEEKLY' })], []],
        thresholds: THRESHOLDS,
        now: new Date('2026-12-20T09:00:00Z'),
        usdPerCredit: 3,
      });
      expect(rows.map((r) => [r['name'], r['frequency'], r['cycle_start']])).toEqual([
        ['BI_MONITOR', 'MONTHLY (calendar month)', '2026-12-01T00:00:00.000Z'],
        ['WEEKLY', 'WEEKLY (from start_time)', '2026-12-17T00:00:00.000Z'],
      ]);
    });
  });

  describe('projection early in a cycle', () => {
    const early = { warn_pct: 75, high_pct: 90, limit_pct: 100, projected_pct: 100, min_elapsed_pct: 20, min_data_hours: 24 };
    const run = (now: string) =>
      evaluateResourceMonitors({
        results: [[monitor({ name: 'LOADING_MONITOR', used_credits: '400', frequency: null })], []],
        thresholds: early,
        now: new Date(now),
        usdPerCredit: 3,
      });

    it('does not project from 3.5 days of a month and says so in the report', () => {
      const { rows, findings } = run('2026-12-04T12:00:00Z');
      expect(findings.filter((f) => f.labels['threshold'] === 'projected')).toEqual([]);
      expect(rows[0]!['projected_pct']).toBeNull();
      expect(rows[0]!['projection']).toBe('too early to project: 3.5 days of data');
    });

    it('does show the data behind a projection in the finding and the report', () => {
      const { rows, findings } = run('2026-12-09T00:00:00Z'); // 8 of 31 days: 40 % → 155 %
      const projection = findings.find((f) => f.labels['threshold'] === 'projected')!;
      expect(projection.summary).toBe(
        'monitor LOADING_MONITOR is on course for 155% of 1000 credits by 2027-01-01T00:00:00.000Z (now 40%, from 8.0 days of data)',
      );
      expect(projection.recommendation).toContain('(from 8.0 days of data)');
      expect(rows[0]!['projection']).toBe('155% from 8.0 days of data');
    });
  });
});
