/**
 * The zone a route's messages show times in: the location of its `deliver_during` interval, else of its
 * response clock (business hours); UTC when the route uses no time interval. Pure.
 */

import type { ResponseSpec, RoutingConfig } from '../router/routing-config.js';

/** What of a route decides its zone (a Route and a MatchedRoute both have it). */
export interface ZonedRoute {
  readonly deliverDuring?: string;
  readonly response?: ResponseSpec;
}

export function routeTimeZone(routing: RoutingConfig, route: ZonedRoute | undefined): string {
  const clock = route?.response !== undefined && route.response.kind !== 'immediate' ? route.response.clock : undefined;
  for (const name of [route?.deliverDuring, clock]) {
    const location = name === undefined ? undefined : routing.timeIntervals[name]?.specs[0]?.location;
    if (location !== undefined) return location;
  }
  return 'UTC';
}
