/**
 * Opens the store and brings its schema up to date: `postgres://` or `postgresql://` URLs go to a `pg`
 * pool, anything else (`sqlite:/path/file.db`, a plain path, `:memory:`) to better-sqlite3 in WAL mode
 * with a busy timeout. It is not a connection string parser: the URL goes to `pg` as it is.
 */

import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { migrationProvider } from './migrations/migrations.js';
import { sqliteImmediateDialect } from './sqlite-immediate-dialect.js';

export interface OpenDatabaseOptions {
  /** Postgres only: the schema to use (created when missing); default `public`. Tests use one each. */
  readonly schema?: string;
  /** Postgres only: the pool's size; default 10. */
  readonly maxConnections?: number;
  /** SQLite only: how long a writer waits for another process's lock, in ms; default 5000. */
  readonly busyTimeoutMs?: number;
  /**
   * Postgres only: told when an idle pooled connection fails (the server restarted, failed over, or an
   * admin ended the session). The pool drops that connection and opens a new one on the next query; without
   * a listener node-postgres would throw the error out of the process.
   */
  readonly onIdleError?: (error: Error) => void;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens the store at `url` and runs every pending migration. Close it with `db.destroy()`. */
export async function openDatabase(url: string, options: OpenDatabaseOptions = {}): Promise<Kysely<Database>> {
  const isPostgres = /^postgres(ql)?:\/\//i.test(url);
  const db = isPostgres ? openPostgres(url, options) : openSqlite(url, options);
  try {
    await migrate(db, isPostgres ? (options.schema ?? 'public') : undefined);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

function openSqlite(url: string, options: OpenDatabaseOptions): Kysely<Database> {
  const file = url.replace(/^sqlite:(\/\/(?=\/))?/i, '');
  if (file === '') throw new Error(`store url "${url}" names no file`);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  return new Kysely<Database>({ dialect: sqliteImmediateDialect({ database: sqlite }) });
}

function openPostgres(url: string, options: OpenDatabaseOptions): Kysely<Database> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`store schema "${schema}" is not a plain lower-case identifier`);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    options: `-c search_path=${schema}`,
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

async function migrate(db: Kysely<Database>, schema: string | undefined): Promise<void> {
  if (schema !== undefined) await db.schema.createSchema(schema).ifNotExists().execute();
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema !== undefined ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`store migration "${failed}" failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
