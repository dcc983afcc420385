/**
 * Kysely's SQLite dialect with one change: transactions open with `BEGIN IMMEDIATE`, so a transaction
 * takes the write lock up front and waits on `busy_timeout` instead of failing on a lock upgrade when
 * another process holds the file. Not a new driver: everything else is Kysely's.
 */

import {
  CompiledQuery,
  SqliteAdapter,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type SqliteDialectConfig,
} from 'kysely';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** A SQLite dialect whose transactions are `BEGIN IMMEDIATE`. */
export function sqliteImmediateDialect(config: SqliteDialectConfig): Dialect {
  return {
    createDriver: (): Driver => new ImmediateSqliteDriver(config),
    createQueryCompiler: () => new SqliteQueryCompiler(),
    createAdapter: () => new SqliteAdapter(),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely<any>: code that must not depend on one schema (Kysely's idiom)
    createIntrospector: (db: Kysely<any>) => new SqliteIntrospector(db),
  };
}
