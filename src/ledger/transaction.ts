/**
 * One way to run several store writes atomically: `transaction(db, fn)` runs `fn` in a transaction, or
 * inside the caller's when `db` already is one, so stores compose (e.g. the notification-log write and
 * the outbox enqueue of one flush). SQLite transactions are `BEGIN IMMEDIATE` (see open-database.ts).
 */

import type { Kysely } from 'kysely';
import type { Database } from './database.js';

/** Runs `fn` atomically: joins `db`'s transaction if it is one, else opens one. */
export async function transaction<T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db);
  return db.transaction().execute(fn);
}
