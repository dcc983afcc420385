/**
 * A Postgres store whose statements are counted as they reach the server: every query Kysely sends,
 * BEGIN and COMMIT included (Kysely's `log` sees each one, transactions' too), on a fresh schema
 * dropped on close. For tests that bound how many statements a piece of work costs. Test helper.
 */

import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../src/ledger/database.js';
import { openDatabase } from '../../src/ledger/open-database.js';

export interface CountingStore {
  /** The counted handle. */
  readonly db: Kysely<Database>;
  /** An uncounted handle on the same data (another replica, or the test's own reads). */
  readonly plain: Kysely<Database>;
  /** The statements sent through `db` since the last `reset`, in order. */
  readonly statements: string[];
  /** Transactions begun through `db` since the last `reset`, and statements sent outside one (each its own on Postgres). */
  transactions(): number;
  reset(): void;
  close(): Promise<void>;
}

/** Opens (and migrates) a schema of its own on `url` and a counted handle on it. */
export async function openCountingStore(url: string): Promise<CountingStore> {
  const schema = `snowmon_test_${randomBytes(6).toString('hex')}`;
  const plain = await openDatabase(url, { schema });
  const statements: string[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 4, options: `-c search_path=${schema}` });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      statements.push(event.query.sql);
    },
  });
  return {
    db,
    plain,
    statements,
    transactions() {
      let open = false;
      let count = 0;
      for (const s of statements) {
        const word = s.trim().split(/\s+/)[0]?.toLowerCase();
        if (word === 'begin' || word === 'start') {
          open = true;
          count += 1;
        } else if (word === 'commit' || word === 'rollback') open = false;
        else if (!open) count += 1;
      }
      return count;
    },
    reset() {
      statements.length = 0;
    },
    async close() {
      await db.destroy();
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(plain);
      await plain.destroy();
    },
  };
}
