/**
 * The daemon's first step: opens the store (its URL redacted from the error when it cannot), then loads the
 * Snowflake settings, the enabled checks and the dispatcher. Opening Snowflake sessions is the loops' job.
 */

import type { Kysely } from 'kysely';
import { redactStoreUrl } from '../config/mask-store-url.js';
import { Outbox } from '../delivery/outbox.js';
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
  rt.settings = await deps.resolveSettings(rt.config);
  rt.checks = await enabledChecks(rt.config);
  rt.alerting = newDispatcher(daemon, rt.routing, rt.config);
}
