/**
 * The fleet migration on a store written before it: alerts and check runs keep their rows with account NULL
 * (to be adopted), and each check's snapshot survives the rebuild of check_snapshots under (account, check)
 * with account ''. SQLite always, Postgres when DATABASE_URL is set.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../src/ledger/database.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { migrationProvider } from '../../../src/ledger/migrations/migrations.js';
import { postgresUrl } from '../../support/postgres-url.js';

const FLEET = '2026-12-04T20-account-columns';
const databaseUrl = postgresUrl();

/** Brings `db` to the schema just before the fleet migration. */
async function migrateBeforeFleet(db: Kysely<Database>, schema?: string): Promise<void> {
  const all = await migrationProvider.getMigrations();
  const before: Record<string, Migration> = Object.fromEntries(Object.entries(all).filter(([name]) => name < FLEET));
  const migrator = new Migrator({ db, provider: { getMigrations: async () => before }, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error as Error;
}

async function writePreFleetRows(db: Kysely<Database>): Promise<void> {
  const at = '2026-11-16T10:00:00.000Z';
  await sql`insert into alerts (fingerprint, labels, annotations, "check", status, starts_at, ends_at, last_seen_at, updated_at)
            values ('f1', '{"alert_type":"cost_monitor"}', '{"summary":"s"}', 'resource_monitors', 'firing', ${at}, null, ${at}, ${at})`.execute(db);
  await sql`insert into check_runs ("check", started_at, ended_at, status, rows, error) values ('resource_monitors', ${at}, ${at}, 'ok', 3, null)`.execute(db);
  await sql`insert into check_snapshots ("check", last_status, last_run_at, last_error, ok_at, duration_ms, rows, findings, refused)
            values ('resource_monitors', 'ok', ${at}, null, ${at}, 12, '[{"name":"M"}]', '[]', '[]')`.execute(db);
}

const cases = [
  {
    name: 'sqlite',
    skip: undefined,
    async run(check: (db: Kysely<Database>) => Promise<void>) {
      const dir = mkdtempSync(join(tmpdir(), 'snowmon-fleet-migration-'));
      try {
        const file = join(dir, 'store.db');
        const old = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) });
        await migrateBeforeFleet(old);
        await writePreFleetRows(old);
        await old.destroy();
        const db = await openDatabase(`sqlite:${file}`);
        await check(db).finally(() => db.destroy());
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'postgres',
    skip: databaseUrl === undefined ? 'DATABASE_URL not set' : undefined,
    async run(check: (db: Kysely<Database>) => Promise<void>) {
      const schema = `snowmon_test_${randomBytes(6).toString('hex')}`;
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 2, options: `-c search_path=${schema}` });
      const old = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
      try {
        await old.schema.createSchema(schema).execute();
        await migrateBeforeFleet(old, schema);
        await writePreFleetRows(old);
        const db = await openDatabase(databaseUrl as string, { schema });
        await check(db).finally(() => db.destroy());
      } finally {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(old);
        await old.destroy();
      }
    },
  },
];

for (const dialect of cases) {
  describe.skipIf(dialect.skip !== undefined)(`fleet migration on a pre-fleet store (${dialect.name})`, () => {
    it('does keep alerts and runs with account NULL and every snapshot with account empty', async () => {
      await dialect.run(async (db) => {
        expect(await db.selectFrom('alerts').select(['fingerprint', 'account']).execute()).toEqual([{ fingerprint: 'f1', account: null }]);
        expect(await db.selectFrom('check_runs').select(['check', 'account']).execute()).toEqual([{ check: 'resource_monitors', account: null }]);
        const snapshots = await db.selectFrom('check_snapshots').select(['account', 'check', 'rows', 'duration_ms']).execute();
        expect(snapshots.map((s) => ({ ...s, duration_ms: Number(s.duration_ms) }))).toEqual([
          { account: '', check: 'resource_monitors', rows: '[{"name":"M"}]', duration_ms: 12 },
        ]);
      });
    });
  });
}
