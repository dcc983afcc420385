/**
 * Opens the store a command works on (`store.url` of the config) and runs its migrations. Errors name
 * the store by its masked URL and never carry its password. Not a connection pool manager: the caller
 * closes what it gets with `db.destroy()`.
 */

import type { Kysely } from 'kysely';
import { redactStoreUrl } from '../ledger/mask-store-url.js';
import type { StoreConfig } from '../ledger/store-section.js';
import type { Database } from '../ledger/database.js';

/** The store could not be opened (unreachable, unwritable, a failed migration); `message` is secret-free. */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreOpenError';
  }
}

export async function openStore(store: StoreConfig): Promise<Kysely<Database>> {
  const url = store.url.reveal();
  try {
    // Imported here so commands that may never open a store (audit without --notify) do not load the drivers.
    const { openDatabase } = await import('../ledger/open-database.js');
    return await openDatabase(url);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StoreOpenError(`cannot open the store ${store.display}: ${redactStoreUrl(reason, url)}`);
  }
}
