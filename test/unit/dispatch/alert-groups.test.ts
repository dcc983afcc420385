/**
 * The pure pieces of the alerting glue: which groups an alert joins, the notification an outbox row
 * carries, and the delivery health alert's identity.
 */

import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src/alerts/alert.js';
import { alertGroups } from '../../../src/dispatch/alert-groups.js';
import { buildNotification } from '../../../src/dispatch/build-notification.js';
import { deliveryHealthLabels, isHealthAlertAbout } from '../../../src/dispatch/delivery-health.js';
import type { RoutingConfig } from '../../../src/router/routing-config.js';
import { parseMatcher, type Matcher } from '../../../src/router/matchers.js';

const m = (text: string): Matcher => {
  const parsed = parseMatcher(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.matcher;
};
const timers = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 14_400_000 };
const route = (name: string, matchers: string[], notify: string[], more: object = {}) => ({
  name,
  matchers: matchers.map(m),
  continue: false,
  notify,
  groupBy: ['alert_type', 'monitor'],
  timers,
  escalate: [],
  ...more,
});
const consoleReceiver = (name: string) => ({ type: 'console' as const, name, sendResolved: true });

const CONFIG: RoutingConfig = {
  file: '/routing.yaml',
  version: 1,
  timezone: 'UTC',
  defaults: { ...timers, sendResolved: true, resolveSuppressed: true },
  timeIntervals: {},
  holidays: [],
  receivers: { a: consoleReceiver('a'), b: consoleReceiver('b'), c: consoleReceiver('c') },
  routes: [
    route('cost-100', ['alert_type="cost_monitor"', 'threshold="100"'], ['a', 'b'], { continue: true }),
    route('audit', ['alert_type="cost_monitor"'], ['c']),
    route('fallback', [], ['c'], { groupBy: ['alert_type'] }),
  ],
  inhibitRules: [],
  silences: [],
};

describe('alertGroups', () => {
  it('does give one group per matched route with that route once per receiver', () => {
    const groups = alertGroups(CONFIG, { alert_type: 'cost_monitor', monitor: 'M', threshold: '100', severity: 'critical' });
    expect(groups.map((g) => [g.route, g.groupKey, g.targets.map((t) => t.receiver)])).toEqual([
      ['cost-100', '{}/{alert_type="cost_monitor",threshold="100"}:{alert_type="cost_monitor", monitor="M"}', ['a', 'b']],
      ['audit', '{}/{alert_type="cost_monitor"}:{alert_type="cost_monitor", monitor="M"}', ['c']],
    ]);
    expect(groups[0]?.labels).toEqual({ alert_type: 'cost_monitor', monitor: 'M' });
  });

  it('does fall through to the catch-all when no other route matches', () => {
    expect(alertGroups(CONFIG, { alert_type: 'security', user: 'x' }).map((g) => g.groupKey)).toEqual(['{}/{}:{alert_type="security"}']);
  });
});

describe('buildNotification', () => {
  const alert = (fp: string, status: 'firing' | 'resolved'): Alert => ({
    fingerprint: fp,
    labels: { alert_type: 'cost_monitor', monitor: 'M' },
    annotations: { summary: `alert ${fp}`, runbook: 'do this' },
    status,
    startsAt: new Date('2026-11-16T10:00:00Z'),
    ...(status === 'resolved' ? { endsAt: new Date('2026-11-16T11:00:00Z') } : {}),
    lastSeenAt: new Date('2026-11-16T10:30:00Z'),
    check: 'resource_monitors',
  });

  it('does list firing alerts before resolved ones and carry the due time and mention', () => {
    const n = buildNotification({
      id: 'n1',
      receiver: 'a',
      route: 'cost-100',
      groupKey: 'g',
      groupLabels: { monitor: 'M' },
      kind: 'escalation',
      reason: 'overdue',
      firing: [alert('f1', 'firing')],
      resolved: [alert('f2', 'resolved')],
      dueAt: new Date('2026-11-16T10:30:00Z'),
      mention: '@oncall',
      account: 'xy12345.eu-west-1',
      timeZone: 'Europe/London',
      now: new Date('2026-11-16T11:00:00Z'),
    });
    expect(n.alerts.map((a) => [a.fingerprint, a.status, a.endsAt])).toEqual([
      ['f1', 'firing', undefined],
      ['f2', 'resolved', '2026-11-16T11:00:00.000Z'],
    ]);
    expect(n).toMatchObject({ status: 'firing', dueAt: '2026-11-16T10:30:00.000Z', mention: '@oncall', createdAt: '2026-11-16T11:00:00.000Z' });
    expect(n).toMatchObject({ account: 'xy12345.eu-west-1', timeZone: 'Europe/London' });
    expect(n.previous).toBeUndefined();
  });

  it('does mark the group resolved when nothing in it fires', () => {
    const n = buildNotification({
      id: 'n2',
      receiver: 'a',
      route: 'r',
      groupKey: 'g',
      groupLabels: {},
      kind: 'resolved',
      reason: 'all resolved',
      firing: [],
      resolved: [alert('f2', 'resolved')],
      timeZone: 'UTC',
      now: new Date('2026-11-16T11:00:00Z'),
    });
    expect(n.status).toBe('resolved');
    expect(n.dueAt).toBeUndefined();
  });
});

describe('delivery health labels', () => {
  it('does name the receiver and recognise the alert about it only', () => {
    const labels = deliveryHealthLabels('email-lead');
    expect(labels).toMatchObject({ alert_type: 'monitor_health', component: 'delivery', receiver: 'email-lead', check: 'snowmon_delivery' });
    expect(isHealthAlertAbout(labels, 'email-lead')).toBe(true);
    expect(isHealthAlertAbout(labels, 'slack-data-alerts')).toBe(false);
    expect(isHealthAlertAbout({ alert_type: 'monitor_health', component: 'snowflake', receiver: 'email-lead' }, 'email-lead')).toBe(false);
  });
});
