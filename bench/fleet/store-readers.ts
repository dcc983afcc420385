/**
 * What the fleet bench reads from the replicas' Postgres store, directly (not through the counting
 * proxies): who holds which account (account_leases, when this build has it) and the replicas'
 * heartbeats (replicas), the check runs per account (check_runs.account, when it has it), and the outbox,
 * notification log and alerts for the audit.
 */

import pg from 'pg';
import type { AlertRow, LogRow, OutboxRow } from './notification-audit.js';
import type { AccountRun } from './unwatched.js';

/** One account's lease as stored (`expiresAt` in ms). */
export interface LeaseRow {
  readonly owner: string | null;
  readonly token: number;
  readonly expiresAt: number;
}

export class StoreReader {
  readonly #client: pg.Client;
  /** Statements this reader sent (each its own transaction): the bench subtracts them from pg_stat_database's. */
  queries = 0;
  #columns: Map<string, Set<string>> | undefined;

  private constructor(client: pg.Client) {
    this.#client = client;
  }

  static async open(url: string): Promise<StoreReader> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new StoreReader(client);
  }

  #query<R extends pg.QueryResultRow>(text: string): Promise<pg.QueryResult<R>> {
    this.queries++;
    return this.#client.query<R>(text);
  }

  async close(): Promise<void> {
    await this.#client.end();
  }

  /** table -> columns, re-read until the table exists (the replicas migrate the schema). */
  async #has(table: string, column?: string): Promise<boolean> {
    if (this.#columns?.has(table) !== true) {
      const { rows } = await this.#query<{ table_name: string; column_name: string }>(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
      );
      this.#columns = new Map();
      for (const row of rows) this.#columns.set(row.table_name, (this.#columns.get(row.table_name) ?? new Set()).add(row.column_name));
    }
    const columns = this.#columns.get(table);
    return columns !== undefined && (column === undefined || columns.has(column));
  }

  /** Whether check runs carry an account (per-account daemon landed). */
  async perAccountRuns(): Promise<boolean> {
    return this.#has('check_runs', 'account');
  }

  /** Whether the store has per-account leases. */
  async accountLeases(): Promise<boolean> {
    return this.#has('account_leases', 'owner');
  }

  /** Every account lease (lapsed or not); undefined without the table. */
  async leases(): Promise<Map<string, LeaseRow> | undefined> {
    if (!(await this.accountLeases())) return undefined;
    const { rows } = await this.#query<{ account: string; owner: string | null; token: string; expires_at: string }>(
      'SELECT account, owner, token, expires_at FROM account_leases',
    );
    return new Map(rows.map((r) => [r.account, { owner: r.owner === '' ? null : r.owner, token: Number(r.token), expiresAt: Date.parse(r.expires_at) }]));
  }

  /** owner -> last heartbeat (ms) of every replica in `replicas`; empty without the table. */
  async heartbeats(): Promise<Map<string, number>> {
    if (!(await this.#has('replicas', 'heartbeat_at'))) return new Map();
    const { rows } = await this.#query<{ owner: string; heartbeat_at: string }>('SELECT owner, heartbeat_at FROM replicas');
    return new Map(rows.map((r) => [r.owner, Date.parse(r.heartbeat_at)]));
  }

  /** Every check run's start, per account (`single` names the one account of a build without the column). */
  async runs(single: string): Promise<AccountRun[]> {
    if (!(await this.#has('check_runs'))) return [];
    // With the column, '' marks a run of no account (delivery health) and NULL a pre-fleet row: neither is an account's.
    const perAccount = await this.perAccountRuns();
    const account = perAccount ? 'account' : `'${single.replace(/'/g, "''")}'`;
    const where = perAccount ? " WHERE account <> ''" : '';
    const { rows } = await this.#query<{ account: string; started_at: string | Date }>(
      `SELECT DISTINCT ${account} AS account, started_at FROM check_runs${where}`,
    );
    return rows.map((r) => ({ account: r.account, at: new Date(r.started_at).getTime() }));
  }

  async outbox(): Promise<OutboxRow[]> {
    const { rows } = await this.#query<{ id: string; receiver: string; status: string; provider_response: string | null }>(
      'SELECT id, receiver, status, provider_response FROM outbox',
    );
    return rows.map((r) => ({ id: r.id, receiver: r.receiver, status: r.status, providerResponse: r.provider_response }));
  }

  /** Ids of the outbox rows a process (by pid) has claimed and not marked: what it has in flight. */
  async inFlight(pid: number): Promise<string[]> {
    const { rows } = await this.#query<{ id: string }>(
      `SELECT id FROM outbox WHERE status = 'sending' AND lease_owner LIKE '%:${Math.trunc(pid)}:%' ORDER BY id`,
    );
    return rows.map((r) => r.id);
  }

  async alerts(): Promise<AlertRow[]> {
    const { rows } = await this.#query<AlertRow>('SELECT fingerprint, status FROM alerts');
    return rows;
  }

  async log(): Promise<LogRow[]> {
    const { rows } = await this.#query<{ firing_fingerprints: string; resolved_fingerprints: string }>(
      'SELECT firing_fingerprints, resolved_fingerprints FROM notification_log',
    );
    return rows.map((r) => ({ firing: JSON.parse(r.firing_fingerprints) as string[], resolved: JSON.parse(r.resolved_fingerprints) as string[] }));
  }
}
