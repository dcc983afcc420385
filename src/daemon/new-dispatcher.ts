/**
 * The daemon's Dispatcher for a routing and config: built when the store opens and again on each reload.
 */

import type { Kysely } from 'kysely';
import type { RunConfig } from './run-config.js';
import { Dispatcher } from '../dispatch/dispatcher.js';
import type { Database } from '../ledger/database.js';
import type { RoutingConfig } from '../router/routing-config.js';
import type { SnowflakeSettings } from '../sources/snowflake-settings.js';
import type { Daemon } from './daemon-runtime.js';

export function newDispatcher(daemon: Daemon, routing: RoutingConfig, config: RunConfig): Dispatcher {
  const { rt } = daemon;
  return new Dispatcher({
    db: rt.store?.db as Kysely<Database>,
    routing,
    runbooks: config.runbooks,
    account: (rt.settings as SnowflakeSettings).account,
    owner: daemon.owner,
    onEvent: daemon.onAlertingEvent,
    // A replica that takes over reclaims a dead leader's in-flight rows after this; it must still
    // outlive one send attempt (notifiers time out after 10 s).
    leaseMs: Math.max(config.daemon.leaseTtlMs, 15_000),
    notifierDeps: { timeZone: routing.timezone, ...daemon.deps.notifierDeps },
  });
}
