/**
 * The router's decision for one group flush, receiver by receiver: Alertmanager's mute stages (inhibit,
 * active and mute time intervals, silence) and its dedup stage against the receiver's notification-log
 * entry, then our `deliver_during` (defer, never drop). Pure: every rule is router/route-alerts.ts's;
 * this adapts the group's members to it and hides a receiver's own delivery-health alert from it.
 */

import type { Alert } from '../alerts/alert.js';
import type { NotificationLogEntry as RouterLogEntry } from '../router/dedup.js';
import type { Muter } from '../router/muter.js';
import { routeAlerts, type ReceiverAction } from '../router/route-alerts.js';
import type { MatchedRoute } from '../router/route-tree.js';
import type { RoutingConfig } from '../router/routing-config.js';
import { timeMuteReason, windowState } from '../router/time-windows.js';
import { isHealthAlertAbout } from './delivery-health.js';
import type { GroupMembers } from './group-members.js';

export interface ReceiverDecision {
  readonly target: MatchedRoute;
  readonly action: ReceiverAction;
}

/** One decision per target of the group, in target order. */
export function decideReceivers(routing: RoutingConfig, muter: Muter, members: GroupMembers, now: Date): ReceiverDecision[] {
  const log: Record<string, RouterLogEntry> = {};
  for (const e of members.entries) log[e.receiver] = { firing: e.firingFingerprints, resolved: e.resolvedFingerprints, timestamp: e.sentAt };
  const window = windowState(routing, members.route.deliverDuring, now);
  const timeMute = timeMuteReason(routing, members.route, now);
  const all: readonly Alert[] = [...members.firing, ...members.resolved];
  return members.targets.map((target) => {
    // A receiver is not told that it cannot be reached: that alert goes to the others.
    const shown = all.filter((a) => !isHealthAlertAbout(a.labels, target.receiver));
    const flush = {
      alerts: shown.map((a) => ({ fingerprint: a.fingerprint, labels: a.labels, status: a.status })),
      targets: [target],
      muter,
      window,
      ...(timeMute !== undefined ? { timeMute } : {}),
      log,
      now,
    };
    return { target, action: routeAlerts(flush)[0] as ReceiverAction };
  });
}
