/**
 * Fleet mode's one change to grouping: with more than one account, `account` is part of every route's
 * `group_by`, so a group (and every notification it writes) belongs to exactly one account. A deliberate
 * difference from Alertmanager, which groups only by the labels listed: a fleet-wide incident gives one
 * message per account here. With one account the routing table is used as written. Pure.
 */

import type { RoutingConfig } from './routing-config.js';

/** `routing` with `account` added to every route's group_by when `accounts` > 1 (`['...']` already holds it). */
export function groupByAccount(routing: RoutingConfig, accounts: number): RoutingConfig {
  if (accounts <= 1) return routing;
  return {
    ...routing,
    routes: routing.routes.map((route) =>
      route.groupBy === 'all' || route.groupBy.includes('account') ? route : { ...route, groupBy: [...route.groupBy, 'account'] },
    ),
  };
}
