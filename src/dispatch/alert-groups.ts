/**
 * Which aggregation groups an alert belongs to: one per matched route, keyed like Alertmanager
 * (`groupKey(route, group_by values)`), with the route's (route, receiver) targets. Pure; a thin
 * composition of the router's matchRoutes, groupLabels and groupKey.
 */

import type { Labels } from '../alerts/alert.js';
import { groupKey, groupLabels } from '../router/group.js';
import { matchRoutes, type MatchedRoute } from '../router/route-tree.js';
import type { RoutingConfig } from '../router/routing-config.js';

export interface AlertGroupRef {
  readonly route: string;
  readonly groupKey: string;
  /** The group_by label values. */
  readonly labels: Labels;
  /** The route once per receiver. */
  readonly targets: readonly MatchedRoute[];
}

/** The groups an alert with these labels joins, in route order. */
export function alertGroups(config: RoutingConfig, labels: Labels): AlertGroupRef[] {
  const byRoute = new Map<string, MatchedRoute[]>();
  for (const m of matchRoutes(config, labels)) byRoute.set(m.route, [...(byRoute.get(m.route) ?? []), m]);
  return [...byRoute].map(([route, targets]) => {
    const shared = groupLabels((targets[0] as MatchedRoute).groupBy, labels);
    return { route, groupKey: groupKey(config, route, shared), labels: shared, targets };
  });
}
