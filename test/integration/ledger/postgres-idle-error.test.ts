import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/ledger/database.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { postgresUrl } from '../../support/postgres-url.js';

const databaseUrl = postgresUrl();

describe.skipIf(databaseUrl === undefined)('a Postgres store whose idle connection the server ends', () => {
  // A schema of its own: the shared database's public schema may hold another checkout's migrations.
  const schema = `snowmon_idle_${randomBytes(6).toString('hex')}`;
  let db: Kysely<Database> | undefined;
  afterAll(async () => {
    if (db) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
    await db?.destroy();
  });

  it('does tell onIdleError instead of crashing the process, and the next query reconnects', async () => {
    const errors: Error[] = [];
    db = await openDatabase(databaseUrl as string, { schema, maxConnections: 1, onIdleError: (error) => errors.push(error) });
    const first = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
    const pid = first.rows[0]?.pid;
    expect(pid).toBeGreaterThan(0);

    // What a Postgres restart or failover does to every session: the server ends it (57P01).
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    try {
      await admin.query('select pg_terminate_backend($1)', [pid]);
    } finally {
      await admin.end();
    }
    for (let i = 0; i < 200 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 25));

    expect(errors.map((e) => (e as Error & { code?: string }).code)).toEqual(['57P01']);
    const second = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
    expect(second.rows[0]?.pid).not.toBe(pid);
  });
});
