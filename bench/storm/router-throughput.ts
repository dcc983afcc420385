/**
 * Times the pure router over a storm of alerts: match routes, group (group labels and keys), inhibit,
 * silence, and the dedup decision per (group, receiver), first against an empty notification log and then
 * against the log the first pass would have written (everything unchanged). No I/O; prints nothing.
 */

import { fingerprint, type Labels } from '../../src/alerts/alert.js';
import { groupKey, groupLabels } from '../../src/router/group.js';
import { inhibitor } from '../../src/router/inhibit.js';
import { allMuters } from '../../src/router/muter.js';
import { routeAlerts, type GroupAlert, type ReceiverAction } from '../../src/router/route-alerts.js';
import { matchRoutes, type MatchedRoute } from '../../src/router/route-tree.js';
import type { RoutingConfig } from '../../src/router/routing-config.js';
import { silencer } from '../../src/router/silence.js';
import { windowState } from '../../src/router/time-windows.js';
import type { NotificationLogEntry } from '../../src/router/dedup.js';

export interface RouterPassFigures {
  readonly alerts: number;
  readonly groups: number;
  /** (group, receiver) pairs decided `send` on the first pass. */
  readonly sends: number;
  /** Alerts muted (inhibited or silenced) in the first pass, counted once per group. */
  readonly muted: number;
  /** (group, receiver) pairs decided `send` on the second pass (dedup against the first): should be 0. */
  readonly resends: number;
  /** Wall time of the whole pass, ms. */
  readonly ms: number;
  /** Of which: match + group; mute + dedup (first pass); dedup again (second pass). */
  readonly matchGroupMs: number;
  readonly firstFlushMs: number;
  readonly secondFlushMs: number;
}

interface Group {
  readonly alerts: GroupAlert[];
  readonly targets: Map<string, MatchedRoute>;
}

/** One full pass over `labelSets` at `now`. */
export function routerPass(routing: RoutingConfig, labelSets: readonly Labels[], now: Date): RouterPassFigures {
  const t0 = performance.now();
  const alerts = labelSets.map((labels) => ({ fingerprint: fingerprint(labels), labels, status: 'firing' as const }));
  const groups = new Map<string, Group>();
  for (const alert of alerts) {
    for (const target of matchRoutes(routing, alert.labels)) {
      const key = groupKey(routing, target.route, groupLabels(target.groupBy, alert.labels));
      let group = groups.get(key);
      if (group === undefined) {
        group = { alerts: [], targets: new Map() };
        groups.set(key, group);
      }
      // An alert fans out to several receivers of one route: add it to the group once.
      if (!group.targets.has(target.receiver)) group.targets.set(target.receiver, target);
      if (group.alerts[group.alerts.length - 1] !== alert) group.alerts.push(alert);
    }
  }
  const t1 = performance.now();

  const muter = allMuters([inhibitor(routing.inhibitRules, alerts), silencer(routing.silences)]);
  const logs = new Map<string, Record<string, NotificationLogEntry>>();
  let sends = 0;
  let muted = 0;
  for (const [key, group] of groups) {
    const targets = [...group.targets.values()];
    const window = windowState(routing, targets[0]?.deliverDuring, now);
    const actions = routeAlerts({ alerts: group.alerts, targets, muter, window, log: {}, now });
    const log: Record<string, NotificationLogEntry> = {};
    for (const action of actions) {
      if (action.action === 'send') {
        sends++;
        log[action.receiver] = { firing: action.record.firing, resolved: action.record.resolved, timestamp: now };
      }
    }
    muted += mutedCount(actions);
    logs.set(key, log);
  }
  const t2 = performance.now();

  let resends = 0;
  const later = new Date(now.getTime() + 60_000);
  for (const [key, group] of groups) {
    const targets = [...group.targets.values()];
    const window = windowState(routing, targets[0]?.deliverDuring, later);
    const actions = routeAlerts({ alerts: group.alerts, targets, muter, window, log: logs.get(key) ?? {}, now: later });
    resends += actions.filter((a) => a.action === 'send').length;
  }
  const t3 = performance.now();

  return {
    alerts: alerts.length,
    groups: groups.size,
    sends,
    muted,
    resends,
    ms: t3 - t0,
    matchGroupMs: t1 - t0,
    firstFlushMs: t2 - t1,
    secondFlushMs: t3 - t2,
  };
}

function mutedCount(actions: readonly ReceiverAction[]): number {
  const first = actions[0];
  return first !== undefined && first.action !== 'defer' ? first.muted.length : 0;
}
