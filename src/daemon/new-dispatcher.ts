/**
 * The daemon's Dispatcher for a routing and config: built when the store opens and again on each reload.
 */

import type { Kysely } from 'kysely';
import type { RunConfig } from './run-config.js';
import { Dispatcher } from '../dispatch/dispatcher.js';
import type { Database } from '../ledger/database.js';
import type { RoutingConfig } from '../router/routing-config.js';
import { accountFences, isFleet } from './account-fences.js';
import type { Daemon } from './daemon-runtime.js';

export function newDispatcher(daemon: Daemon, routing: RoutingConfig, config: RunConfig): Dispatcher {
  const { rt } = daemon;
  const first = rt.accountSettings.get(config.accounts[0]?.name ?? '');
  return new Dispatcher({
    db: rt.store?.db as Kysely<Database>,
    routing,
    runbooks: config.runbooks,
    // With one account every message names it; with several, each names its group's (the account label).
    ...(config.accounts.length === 1 && first !== undefined ? { account: first.account } : {}),
    accounts: config.accounts.map((a) => ({ name: a.name, labels: a.labels })),
    ...(isFleet(config) && rt.assignment !== undefined
      ? {
          fenceFor: accountFences(
            rt.assignment,
            daemon.owner,
            config.accounts[0]?.name as string,
            config.accounts.map((a) => a.name),
          ),
        }
      : {}),
    owner: daemon.owner,
    onEvent: daemon.onAlertingEvent,
    // A replica that takes over reclaims a dead leader's in-flight rows after this; it must still
    // outlive one send attempt (notifiers time out after 10 s).
    leaseMs: Math.max(config.daemon.leaseTtlMs, 15_000),
    notifierDeps: { timeZone: routing.timezone, ...daemon.deps.notifierDeps },
  });
}
