/**
 * Which SQL dialect a Kysely instance talks to, read from its adapter. The few statements that differ
 * between SQLite and Postgres (auto ids, row locks) branch on this; nothing else should.
 */

import { PostgresAdapter, type Kysely } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** The dialect of `db` (a transaction answers as its database does). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely<any>: code that must not depend on one schema (Kysely's idiom)
export function dialectOf(db: Kysely<any>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
