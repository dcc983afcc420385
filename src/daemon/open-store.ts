/**
 * The daemon's first step: opens the store (its URL redacted from the error when it cannot), adopts the rows
 * written before fleet mode (src/dispatch/adopt-pre-fleet.ts), then resolves every account's
 * Snowflake settings, loads the enabled checks, makes the account assignment (not started) and the dispatcher. Opening Snowflake sessions is the loops' job.
 */

import type { Kysely } from 'kysely';
import { redactStoreUrl } from '../ledger/mask-store-url.js';
import { adoptPreFleet } from '../dispatch/adopt-pre-fleet.js';
import { Outbox } from '../delivery/outbox.js';
import type { AccountConfig } from '../sources/account-config.js';
import { AlertLedger } from '../ledger/alert-ledger.js';
import type { Database } from '../ledger/database.js';
import { openDatabase } from '../ledger/open-database.js';
import { refuseSameAccounts } from '../sources/snowflake-settings.js';
import type { SnowflakeSettings } from '../sources/snowflake-settings.js';
import { accountAssignment } from './account-fences.js';
import type { DaemonDeps } from './daemon-handle.js';
import type { Daemon } from './daemon-runtime.js';
import type { RunConfig } from './run-config.js';
import { enabledChecks, message } from './loop-settings.js';
import { newDispatcher } from './new-dispatcher.js';
import { takeoverMessage, type Takeover } from './leased-accounts.js';

/** Every configured account's settings, by name; throws (a ConfigError) when one cannot be resolved. */
export async function resolveAccounts(deps: DaemonDeps, config: RunConfig): Promise<ReadonlyMap<string, SnowflakeSettings>> {
  const resolved: [AccountConfig, SnowflakeSettings][] = [];
  for (const account of config.accounts) resolved.push([account, await deps.resolveSettings(config, account)]);
  refuseSameAccounts(resolved);
  return new Map(resolved.map(([account, settings]) => [account.name, settings]));
}

export async function openStore(daemon: Daemon): Promise<void> {
  const { rt, deps } = daemon;
  const url = rt.config.store.url.reveal();
  let db: Kysely<Database>;
  try {
    db = await (deps.openStore ?? ((storeUrl) => openDatabase(storeUrl, { onIdleError: (error) => idleStoreError(daemon, error) })))(url);
  } catch (error) {
    throw new Error(`cannot open the store ${rt.config.store.display}: ${redactStoreUrl(message(error), url)}`, { cause: error });
  }
  rt.store = { db, ledger: new AlertLedger(db), outbox: new Outbox(db) };
  // A store from before fleet mode: its rows go to the first account, so nothing is notified again.
  const adopted = await adoptPreFleet(db, rt.config.accounts[0] as AccountConfig, rt.routing);
  if (adopted.alerts + adopted.runs + adopted.groups > 0) {
    daemon.logger.info({ account: rt.config.accounts[0]?.name, ...adopted }, 'adopted the rows written before fleet mode');
  }
  rt.accountSettings = await resolveAccounts(deps, rt.config);
  rt.checks = await enabledChecks(rt.config);
  const onError = (error: string) => daemon.logger.error({ component: 'accounts', error }, 'account leases');
  const onWarning = (warning: string) => daemon.logger.warn({ component: 'accounts', warning }, 'account leases');
  const onTakeover = (t: Takeover) =>
    daemon.logger.info({ component: 'accounts', account: t.account, from: t.from, lapsed_ms: t.lapsedMs }, takeoverMessage(t));
  // The leases follow the daemon's clock (an injected one in tests).
  rt.assignment = deps.assignment
    ? deps.assignment(rt.config, db, daemon.owner, onError)
    : accountAssignment(rt.config, db, daemon.owner, onError, daemon.now, onWarning, onTakeover);
  rt.alerting = newDispatcher(daemon, rt.routing, rt.config);
}

/** A pooled Postgres connection closed while idle (restart, failover, an admin): the next query reconnects. */
function idleStoreError(daemon: Daemon, error: Error): void {
  daemon.logger.warn({ component: 'store', error: message(error) }, 'an idle store connection closed; the next query opens a new one');
}
