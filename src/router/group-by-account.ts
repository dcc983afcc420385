/**
 * Fleet mode's one change to the routing table: with an `accounts:` list, `account` is part of every
 * route's `group_by`, so a group (and every notification it writes) belongs to exactly one account, and
 * part of every inhibit rule's `equal`, so an alert mutes only alerts of its own account (prod's monitor at
 * 100 % does not mute staging's monitor of the same name at 75 %). A deliberate difference from
 * Alertmanager, which groups and inhibits only by the labels listed: a fleet-wide incident gives one
 * message per account here. It depends on the form of the config, not on how many entries `accounts:` has:
 * going from three accounts to one (or one to two) keeps every group's key, so nothing already told is told
 * again. With the single `snowflake:` form the routing table is used as written. Pure.
 */

import type { RoutingConfig } from './routing-config.js';
import { isAccountsList } from '../sources/account-config.js';

/** `routing` with `account` added to every route's group_by and every inhibit rule's equal when an account comes from `accounts:`. */
export function groupByAccount(routing: RoutingConfig, accounts: readonly { readonly keyPath: string }[]): RoutingConfig {
  if (!isAccountsList(accounts)) return routing;
  return {
    ...routing,
    routes: routing.routes.map((route) =>
      route.groupBy === 'all' || route.groupBy.includes('account') ? route : { ...route, groupBy: [...route.groupBy, 'account'] },
    ),
    inhibitRules: routing.inhibitRules.map((rule) => (rule.equal.includes('account') ? rule : { ...rule, equal: [...rule.equal, 'account'] })),
  };
}
