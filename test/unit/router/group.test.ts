import { describe, expect, it } from 'vitest';
import { effectiveRepeatMs, groupKey, groupLabels, planFlush } from '../../../src/router/group.js';
import { route, testConfig } from './routing-fixture.js';

const config = testConfig([
  route('cost-100', ['alert_type="cost_monitor"', 'threshold="100"'], ['a']),
  route('cost-100-copy', ['threshold="100"', 'alert_type="cost_monitor"'], ['a']),
  route('fallback', [], ['b']),
]);
const labels = { alert_type: 'cost_monitor', monitor: 'wh_etl', threshold: '100', cycle_start: '2026-11-01' };
const timers = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 3_600_000 + 60_000 };
const t = (minutes: number) => new Date(Date.UTC(2026, 10, 24, 10, 0) + minutes * 60_000);

describe('group', () => {
  it('does build the group key in Alertmanager format from the route matchers and group_by values', () => {
    expect(groupKey(config, 'cost-100', groupLabels(['alert_type', 'monitor'], labels))).toBe(
      '{}/{alert_type="cost_monitor",threshold="100"}:{alert_type="cost_monitor", monitor="wh_etl"}',
    );
    expect(groupKey(config, 'fallback', groupLabels([], labels))).toBe('{}/{}:{}');
  });

  it('does group by every label for [...] and leave out group_by labels the alert lacks', () => {
    expect(groupLabels('all', labels)).toEqual({ alert_type: 'cost_monitor', cycle_start: '2026-11-01', monitor: 'wh_etl', threshold: '100' });
    expect(groupLabels(['monitor', 'pipeline'], labels)).toEqual({ monitor: 'wh_etl' });
  });

  it('does keep keys unique when two routes have the same matchers', () => {
    expect(groupKey(config, 'cost-100-copy', {})).toBe('{}/{alert_type="cost_monitor",threshold="100"}/1:{}');
  });

  it('does wait group_wait before the first flush of a new group', () => {
    expect(planFlush({ createdAt: t(0), changed: true }, timers, t(0))).toEqual({ at: new Date(t(0).getTime() + 30_000), reason: 'group_wait' });
  });

  it('does flush on the next group_interval tick when the group changed', () => {
    expect(planFlush({ createdAt: t(0), lastFlushAt: t(1), changed: true }, timers, t(2))).toEqual({ at: t(6), reason: 'group_interval' });
    expect(planFlush({ createdAt: t(0), lastFlushAt: t(1), changed: true }, timers, t(7))).toEqual({ at: t(11), reason: 'group_interval' });
  });

  it('does round repeat_interval up to a multiple of group_interval for an unchanged group', () => {
    expect(effectiveRepeatMs(timers)).toBe(65 * 60_000);
    expect(planFlush({ createdAt: t(0), lastFlushAt: t(30), lastNotifiedAt: t(1), changed: false }, timers, t(31))).toEqual({
      at: t(66),
      reason: 'repeat_interval',
    });
  });
});
