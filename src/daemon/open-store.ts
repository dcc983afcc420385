/**
 * The daemon's first step: opens the store (its URL redacted from the error when it cannot), adopts the rows
 * written before fleet mode (src/dispatch/adopt-pre-fleet.ts), then loads the
 * Snowflake settings, the enabled checks and the dispatcher. Opening Snowflake sessions is the loops' job.
 */

import type { Kysely } from 'kysely';
import { redactStoreUrl } from '../ledger/mask-store-url.js';
import { adoptPreFleet } from '../dispatch/adopt-pre-fleet.js';
import { Outbox } from '../delivery/outbox.js';
import type { AccountConfig } from '../sources/account-config.js';
import { AlertLedger } from '../ledger/alert-ledger.js';
import type { Database } from '../ledger/database.js';
import { openDatabase } from '../ledger/open-database.js';
import type { Daemon } from './daemon-runtime.js';
import { enabledChecks, message } from './loop-settings.js';
import { newDispatcher } from './new-dispatcher.js';

export async function openStore(daemon: Daemon): Promise<void> {
  const { rt, deps } = daemon;
  const url = rt.config.store.url.reveal();
  let db: Kysely<Database>;
  try {
    db = await (deps.openStore ?? openDatabase)(url);
  } catch (error) {
    throw new Error(`cannot open the store ${rt.config.store.display}: ${redactStoreUrl(message(error), url)}`, { cause: error });
  }
  rt.store = { db, ledger: new AlertLedger(db), outbox: new Outbox(db) };
  // A store from before fleet mode: its rows go to the first account, so nothing is notified again.
  const adopted = await adoptPreFleet(db, rt.config.accounts[0] as AccountConfig, rt.routing);
  if (adopted.alerts + adopted.runs + adopted.groups > 0) {
    daemon.logger.info({ account: rt.config.accounts[0]?.name, ...adopted }, 'adopted the rows written before fleet mode');
  }
  rt.settings = await deps.resolveSettings(rt.config);
  rt.checks = await enabledChecks(rt.config);
  rt.alerting = newDispatcher(daemon, rt.routing, rt.config);
}
