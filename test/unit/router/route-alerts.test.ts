import { describe, expect, it } from 'vitest';
import type { NotificationLogEntry } from '../../../src/router/dedup.js';
import { inhibitor } from '../../../src/router/inhibit.js';
import type { Muter } from '../../../src/router/muter.js';
import { routeAlerts } from '../../../src/router/route-alerts.js';
import type { GroupAlert, GroupFlush } from '../../../src/router/route-alerts.js';
import type { MatchedRoute } from '../../../src/router/route-tree.js';
import { matcher } from './routing-fixture.js';

const now = new Date('2026-11-24T12:00:00Z');
const HOUR = 3_600_000;
const target = (receiver: string, over: Partial<MatchedRoute> = {}): MatchedRoute => ({
  route: 'cost-75',
  receiver,
  groupBy: ['alert_type', 'monitor'],
  timers: { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 4 * HOUR },
  escalate: [],
  sendResolved: true,
  resolveSuppressed: true,
  ...over,
});
const alert = (fingerprint: string, status: 'firing' | 'resolved', threshold = '75'): GroupAlert => ({
  fingerprint,
  status,
  labels: { alert_type: 'cost_monitor', monitor: 'M', threshold },
});
const nobody: Muter = { mutes: () => undefined };
const logged = (firing: string[], resolved: string[] = [], hoursAgo = 1): NotificationLogEntry => ({
  firing,
  resolved,
  timestamp: new Date(now.getTime() - hoursAgo * HOUR),
});
const flush = (over: Partial<GroupFlush>): GroupFlush => ({
  alerts: [],
  targets: [target('slack')],
  muter: nobody,
  window: { open: true },
  log: {},
  now,
  ...over,
});
const inhibitedBy90: Muter = inhibitor(
  [{ name: 'cost-90-over-75', sourceMatchers: [matcher('threshold="90"')], targetMatchers: [matcher('threshold="75"')], equal: ['monitor'] }],
  [alert('f90', 'firing', '90')],
);

describe('routeAlerts', () => {
  it('does send a first notification to every receiver of the route', () => {
    const actions = routeAlerts(flush({ alerts: [alert('f1', 'firing')], targets: [target('slack'), target('email', { sendResolved: false })] }));
    expect(actions).toEqual([
      {
        action: 'send',
        receiver: 'slack',
        kind: 'firing',
        reason: 'first notification',
        firing: ['f1'],
        resolved: [],
        muted: [],
        record: { firing: ['f1'], resolved: [] },
      },
      {
        action: 'send',
        receiver: 'email',
        kind: 'firing',
        reason: 'first notification',
        firing: ['f1'],
        resolved: [],
        muted: [],
        record: { firing: ['f1'], resolved: [] },
      },
    ]);
  });

  it('does send nothing for an alert that resolved within group_wait', () => {
    expect(routeAlerts(flush({ alerts: [alert('f1', 'resolved')] }))).toEqual([
      { action: 'skip', receiver: 'slack', reason: 'nothing firing and never notified', muted: [] },
    ]);
  });

  it('does defer outside the delivery window until it opens, without recording anything', () => {
    const until = new Date('2026-11-25T09:00:00Z');
    const actions = routeAlerts(flush({ alerts: [alert('f1', 'firing')], window: { open: false, interval: 'business_hours', nextOpen: until } }));
    expect(actions).toEqual([{ action: 'defer', receiver: 'slack', until, reason: 'first notification, deferred: outside business_hours' }]);
  });

  it('does skip, not defer, when the group has nothing new even outside the window', () => {
    const actions = routeAlerts(
      flush({ alerts: [alert('f1', 'firing')], log: { slack: logged(['f1']) }, window: { open: false, interval: 'business_hours', nextOpen: now } }),
    );
    expect(actions).toEqual([{ action: 'skip', receiver: 'slack', reason: 'no change since last notification', muted: [] }]);
  });

  it('does name the muter when every firing alert is muted and nothing was announced', () => {
    const actions = routeAlerts(flush({ alerts: [alert('f75', 'firing')], muter: inhibitedBy90 }));
    expect(actions).toEqual([
      {
        action: 'skip',
        receiver: 'slack',
        reason: 'all firing alerts muted (inhibited by cost-90-over-75)',
        muted: [{ fingerprint: 'f75', reason: 'inhibited by cost-90-over-75' }],
      },
    ]);
  });

  it('does stay quiet while an announced alert is inhibited, then send its resolve (resolve_suppressed)', () => {
    const stillFiring = routeAlerts(flush({ alerts: [alert('f75', 'firing')], muter: inhibitedBy90, log: { slack: logged(['f75'], [], 9) } }));
    expect(stillFiring).toMatchObject([{ action: 'skip', reason: 'all firing alerts muted (inhibited by cost-90-over-75)' }]);
    const resolved = routeAlerts(flush({ alerts: [alert('f75', 'resolved')], muter: inhibitedBy90, log: { slack: logged(['f75']) } }));
    expect(resolved).toEqual([
      {
        action: 'send',
        receiver: 'slack',
        kind: 'resolved',
        reason: 'all resolved',
        firing: [],
        resolved: ['f75'],
        muted: [{ fingerprint: 'f75', reason: 'inhibited by cost-90-over-75' }],
        record: { firing: [], resolved: ['f75'] },
      },
    ]);
  });

  it('does keep an announced, muted alert in the log when another alert fires', () => {
    const actions = routeAlerts(flush({ alerts: [alert('f75', 'firing'), alert('g', 'firing', 'x')], muter: inhibitedBy90, log: { slack: logged(['f75']) } }));
    expect(actions).toMatchObject([{ action: 'send', kind: 'update', reason: 'new alerts in group', firing: ['g'], record: { firing: ['g', 'f75'] } }]);
  });

  it('does drop the resolve of a muted alert when resolve_suppressed is off (Alertmanager behaviour)', () => {
    const actions = routeAlerts(
      flush({
        alerts: [alert('f75', 'resolved')],
        muter: inhibitedBy90,
        log: { slack: logged(['f75']) },
        targets: [target('slack', { resolveSuppressed: false })],
      }),
    );
    expect(actions).toEqual([
      {
        action: 'skip',
        receiver: 'slack',
        reason: 'all resolved while muted, resolve_suppressed off: log cleared',
        muted: [{ fingerprint: 'f75', reason: 'inhibited by cost-90-over-75' }],
        record: { firing: [], resolved: [] },
      },
    ]);
  });

  it('does clear the log without sending when all resolved and send_resolved is off', () => {
    const actions = routeAlerts(
      flush({ alerts: [alert('f1', 'resolved')], log: { email: logged(['f1']) }, targets: [target('email', { sendResolved: false })] }),
    );
    expect(actions).toEqual([
      { action: 'skip', receiver: 'email', reason: 'all resolved, send_resolved off: log cleared', muted: [], record: { firing: [], resolved: ['f1'] } },
    ]);
  });

  it('does send updates and repeats with the right kind', () => {
    const update = routeAlerts(flush({ alerts: [alert('f1', 'firing'), alert('f2', 'resolved')], log: { slack: logged(['f1', 'f2']) } }));
    expect(update).toMatchObject([{ action: 'send', kind: 'update', reason: 'new resolved alerts', firing: ['f1'], resolved: ['f2'] }]);
    const repeat = routeAlerts(flush({ alerts: [alert('f1', 'firing')], log: { slack: logged(['f1'], [], 4) } }));
    expect(repeat).toMatchObject([{ action: 'send', kind: 'repeat', reason: 'repeat interval elapsed' }]);
  });

  it('does skip with a named reason when the window never opens again', () => {
    const actions = routeAlerts(flush({ alerts: [alert('f1', 'firing')], window: { open: false, interval: 'past', nextOpen: undefined } }));
    expect(actions).toEqual([{ action: 'skip', receiver: 'slack', reason: 'deliver_during window never opens again: past', muted: [] }]);
  });
});
