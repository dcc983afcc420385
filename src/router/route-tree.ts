/**
 * Which routes an alert takes (reference/routing.md §7.2 point 2), as Alertmanager's Route.Match: depth
 * first, left to right, a matching route's children tried in order (first match unless `continue`), the
 * route itself when no child matches; each route fanned out to its `notify` receivers with every
 * inherited value resolved. Pure; grouping and timers are group.ts.
 */

import type { Labels } from '../alerts/alert.js';
import { matches } from './matchers.js';
import type { GroupTimers, ResponseSpec, Route, RoutingConfig, EscalationStep } from './routing-config.js';

/** One (route, receiver) an alert goes to, with the values that apply to it. */
export interface MatchedRoute {
  readonly route: string;
  readonly receiver: string;
  readonly groupBy: readonly string[] | 'all';
  readonly timers: GroupTimers;
  readonly deliverDuring?: string;
  readonly muteTimeIntervals?: readonly string[];
  readonly activeTimeIntervals?: readonly string[];
  readonly response?: ResponseSpec;
  readonly escalate: readonly EscalationStep[];
  /** Route override, else the receiver's own setting (which already fell back to defaults). */
  readonly sendResolved: boolean;
  readonly resolveSuppressed: boolean;
}

/** The routes an alert with these labels takes, in config order, one entry per receiver. */
export function matchRoutes(config: RoutingConfig, labels: Labels): MatchedRoute[] {
  const out: MatchedRoute[] = [];
  for (const route of matchingRoutes(config, labels)) {
    for (const receiver of route.notify) out.push(toMatched(config, route, receiver));
  }
  return out;
}

/** The routes themselves (not fanned out): first match, plus later ones while `continue` is set. */
export function matchingRoutes(config: RoutingConfig, labels: Labels): Route[] {
  return matchList(config.tree ?? config.routes, labels);
}

function matchList(routes: readonly Route[], labels: Labels): Route[] {
  const out: Route[] = [];
  for (const route of routes) {
    if (!matches(route.matchers, labels)) continue;
    const below = matchList(route.children ?? [], labels);
    out.push(...(below.length > 0 ? below : [route]));
    if (!route.continue) break;
  }
  return out;
}

function toMatched(config: RoutingConfig, route: Route, receiver: string): MatchedRoute {
  const receiverConfig = config.receivers[receiver];
  if (!receiverConfig) throw new Error(`route ${route.name} names unknown receiver ${receiver}`);
  return {
    route: route.name,
    receiver,
    groupBy: route.groupBy,
    timers: route.timers,
    ...(route.deliverDuring !== undefined ? { deliverDuring: route.deliverDuring } : {}),
    ...(route.muteTimeIntervals?.length ? { muteTimeIntervals: route.muteTimeIntervals } : {}),
    ...(route.activeTimeIntervals?.length ? { activeTimeIntervals: route.activeTimeIntervals } : {}),
    ...(route.response !== undefined ? { response: route.response } : {}),
    escalate: route.escalate,
    sendResolved: route.sendResolved ?? receiverConfig.sendResolved,
    resolveSuppressed: config.defaults.resolveSuppressed,
  };
}
