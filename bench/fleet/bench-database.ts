/**
 * The fleet bench's own Postgres database: created fresh for one run (so it never meets the test suites'
 * schemas) and dropped after it, with the server-side counters the bench reads: pg_stat_database's
 * transactions and tuples for that database and, when the server has it loaded, pg_stat_statements.
 */

import pg from 'pg';

export interface DatabaseCounters {
  /** xact_commit + xact_rollback. */
  readonly transactions: number;
  /** tup_inserted + tup_updated + tup_deleted. */
  readonly tuplesWritten: number;
  /** tup_returned + tup_fetched. */
  readonly tuplesRead: number;
  /** Calls in pg_stat_statements for this database, when loadable; else undefined. */
  readonly statements?: number;
}

export interface BenchDatabase {
  /** The URL of the fresh database (same server, user and password as the admin URL). */
  readonly url: string;
  readonly name: string;
  /** Statements the bench itself sent to this database through `counters()`. */
  ownQueries(): number;
  /** Why pg_stat_statements is not used, when it is not. */
  readonly statementsUnavailable?: string;
  counters(): Promise<DatabaseCounters>;
  drop(): Promise<void>;
}

/** `adminUrl` with its database replaced by `name`. */
export function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function probeStatements(client: pg.Client): Promise<string | undefined> {
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT 1 FROM pg_stat_statements LIMIT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function createBenchDatabase(adminUrl: string, name: string): Promise<BenchDatabase> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`bench database name "${name}" is not a plain identifier`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const statementsUnavailable = await probeStatements(client);
  let own = 0;
  const query = <R extends pg.QueryResultRow>(text: string) => {
    own++;
    return client.query<R>(text);
  };
  return {
    ownQueries: () => own,
    url,
    name,
    ...(statementsUnavailable !== undefined ? { statementsUnavailable } : {}),
    async counters() {
      // pg_stat_* are snapshots per transaction: clear it so each read is current.
      await query('SELECT pg_stat_clear_snapshot()');
      const { rows } = await query<Record<string, string>>(
        `SELECT xact_commit + xact_rollback AS transactions, tup_inserted + tup_updated + tup_deleted AS written,
                tup_returned + tup_fetched AS read FROM pg_stat_database WHERE datname = current_database()`,
      );
      const row = rows[0] ?? {};
      let statements: number | undefined;
      if (statementsUnavailable === undefined) {
        const result = await query<{ calls: string | null }>(
          'SELECT sum(calls) AS calls FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())',
        );
        statements = Number(result.rows[0]?.calls ?? 0);
      }
      return {
        transactions: Number(row['transactions'] ?? 0),
        tuplesWritten: Number(row['written'] ?? 0),
        tuplesRead: Number(row['read'] ?? 0),
        ...(statements !== undefined ? { statements } : {}),
      };
    },
    async drop() {
      await client.end();
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      try {
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.end();
      }
    },
  };
}
