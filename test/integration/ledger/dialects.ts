/**
 * The dialects every store test runs against: SQLite always (a temp file), Postgres when DATABASE_URL
 * is set (each opened store gets its own schema, dropped on close, so runs never collide). Test helper.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../src/ledger/database.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { postgresUrl } from '../../support/postgres-url.js';

/** A store opened for one test, and how to open a second handle on the same data (a second daemon). */
export interface TestStore {
  readonly db: Kysely<Database>;
  /** Opens another handle on the same database (another process's view). */
  openAnother(): Promise<Kysely<Database>>;
  /** Closes every handle and removes the data. */
  close(): Promise<void>;
}

export interface TestDialect {
  readonly name: 'sqlite' | 'postgres';
  /** Why it is skipped, when it is. */
  readonly skip?: string;
  open(): Promise<TestStore>;
}

/** DATABASE_URL; undefined skips the Postgres runs locally, and its absence fails in CI. */
const databaseUrl = postgresUrl();

const sqlite: TestDialect = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'snowmon-ledger-'));
    const file = join(dir, 'store.db');
    const handles: Kysely<Database>[] = [];
    const openOne = async () => {
      const db = await openDatabase(`sqlite:${file}`);
      handles.push(db);
      return db;
    };
    return {
      db: await openOne(),
      openAnother: openOne,
      async close() {
        for (const h of handles) await h.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgres: TestDialect = {
  name: 'postgres',
  ...(databaseUrl === undefined ? { skip: 'DATABASE_URL not set: Postgres runs skipped' } : {}),
  async open() {
    if (databaseUrl === undefined) throw new Error('DATABASE_URL not set');
    const schema = `snowmon_test_${randomBytes(6).toString('hex')}`;
    const handles: Kysely<Database>[] = [];
    const openOne = async () => {
      const db = await openDatabase(databaseUrl, { schema });
      handles.push(db);
      return db;
    };
    const first = await openOne();
    return {
      db: first,
      openAnother: openOne,
      async close() {
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(first);
        for (const h of handles) await h.destroy();
      },
    };
  },
};

export const DIALECTS: readonly TestDialect[] = [sqlite, postgres];

if (databaseUrl === undefined) console.log('DATABASE_URL not set: Postgres runs skipped');
