/**
 * What one aggregation group holds at its flush: its firing alerts, the resolves it still owes (alerts a
 * receiver was told are firing that have since resolved), the receivers' notification-log entries and
 * the (route, receiver) targets. Reads only; it decides nothing.
 */

import type { Alert } from '../alerts/alert.js';
import type { AggregationGroup } from '../ledger/aggregation-group-store.js';
import type { NotificationLogEntry } from '../ledger/notification-log.js';
import type { MatchedRoute } from '../router/route-tree.js';
import type { Route } from '../router/routing-config.js';
import { alertGroups } from './alert-groups.js';
import type { DispatchContext } from './dispatch-context.js';

/** The firing alerts of every group this flush sees, keyed `route \0 groupKey`, with each group's targets. */
export interface GroupIndex {
  readonly members: ReadonlyMap<string, Alert[]>;
  readonly targets: ReadonlyMap<string, readonly MatchedRoute[]>;
}

export interface GroupMembers {
  readonly route: Route;
  readonly firing: readonly Alert[];
  /** Owed resolves: told as firing to some receiver, resolved in the ledger now. */
  readonly resolved: readonly Alert[];
  /** The group's notification-log entries, one per receiver told anything. */
  readonly entries: readonly NotificationLogEntry[];
  readonly targets: readonly MatchedRoute[];
}

export const groupIndexKey = (route: string, groupKey: string): string => `${route}\u0000${groupKey}`;

/** The group's members, or undefined when its route is gone or no receiver is left to tell. */
export async function groupMembers(ctx: DispatchContext, index: GroupIndex, group: AggregationGroup): Promise<GroupMembers | undefined> {
  const key = groupIndexKey(group.route, group.groupKey);
  const route = ctx.routing.routes.find((r) => r.name === group.route);
  const entries = await ctx.log.forGroup(group.groupKey);
  const firing = index.members.get(key) ?? [];
  const firingIds = new Set(firing.map((a) => a.fingerprint));
  // Alerts a receiver was told are firing that no longer fire in this group: their resolve is owed.
  const owed = [...new Set(entries.flatMap((e) => e.firingFingerprints))].filter((fp) => !firingIds.has(fp));
  const stored = new Map((await ctx.ledger.getMany(owed)).map((a) => [a.fingerprint, a]));
  const resolved = owed.flatMap((fp) => (stored.get(fp)?.status === 'resolved' ? [stored.get(fp)!] : []));
  const targets =
    index.targets.get(key) ??
    (resolved[0] !== undefined
      ? alertGroups(ctx.routing, resolved[0].labels).find((r) => r.route === group.route && r.groupKey === group.groupKey)?.targets
      : undefined) ??
    [];
  if (route === undefined || targets.length === 0) return undefined;
  return { route, firing, resolved, entries, targets };
}
