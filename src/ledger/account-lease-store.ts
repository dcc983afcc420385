/**
 * Fleet mode's leases in the store: which replica watches each Snowflake account (`account_leases`) and
 * which replicas are alive (`replicas`). A claim locks the rows it takes with `FOR UPDATE SKIP LOCKED` on
 * Postgres (a row another replica is claiming, or fencing a write against, is skipped, not waited for),
 * and the fencing token grows by one whenever the owner changes. Storage only: which accounts to claim
 * and when is `account-assignment`'s.
 */

import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { fromDbTime, toDbTime } from './db-values.js';
import { dialectOf } from './dialect.js';
import { transaction } from './transaction.js';

/** One account's lease as stored. */
export interface AccountLease {
  readonly account: string;
  /** Null when released or never held. */
  readonly owner: string | null;
  readonly token: bigint;
  readonly expiresAt: Date;
}

/** A live replica as its `replicas` row says. */
export interface ReplicaListing {
  readonly heartbeatAt: Date;
  /** The accounts its `accounts:` lists; null when its row does not say (a replica of an older version). */
  readonly accounts: ReadonlySet<string> | null;
}

/** An account a claim took, with whom its lease was another replica's before (what a takeover logs). */
export interface ClaimedLease {
  readonly token: bigint;
  /** The replica that held it and let it lapse; null when it was free (released, never held) or this replica's own. */
  readonly previousOwner: string | null;
  /** When that replica's lease lapsed (with `previousOwner`). */
  readonly lapsedAt?: Date;
}

/** The expiry of a row nobody holds: long lapsed. */
const NEVER = toDbTime(new Date(0));

export class AccountLeaseStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records that `owner` is alive at `now`, configured with `accounts` (omitted: stored as unknown, which counts as every account). */
  async heartbeat(owner: string, now: Date, accounts?: readonly string[]): Promise<void> {
    const listed = accounts === undefined ? null : JSON.stringify([...new Set(accounts)].sort());
    await this.db
      .insertInto('replicas')
      .values({ owner, heartbeat_at: toDbTime(now), accounts: listed })
      .onConflict((oc) => oc.column('owner').doUpdateSet({ heartbeat_at: toDbTime(now), accounts: listed }))
      .execute();
  }

  /** The replicas whose last heartbeat is less than `ttlMs` before `now`, by name. */
  async liveReplicas(now: Date, ttlMs: number): Promise<string[]> {
    return [...(await this.liveHeartbeats(now, ttlMs)).keys()];
  }

  /** The last heartbeat of each replica whose heartbeat is less than `ttlMs` before `now`, by name. */
  async liveHeartbeats(now: Date, ttlMs: number): Promise<Map<string, Date>> {
    return new Map([...(await this.liveListings(now, ttlMs))].map(([owner, l]) => [owner, l.heartbeatAt]));
  }

  /** Each live replica (as `liveHeartbeats`) with its last heartbeat and the accounts it lists (null: unknown, an older version). */
  async liveListings(now: Date, ttlMs: number): Promise<Map<string, ReplicaListing>> {
    const rows = await this.db
      .selectFrom('replicas')
      .select(['owner', 'heartbeat_at', 'accounts'])
      .where('heartbeat_at', '>', toDbTime(new Date(now.getTime() - ttlMs)))
      .orderBy('owner')
      .execute();
    return new Map(rows.map((r) => [r.owner, { heartbeatAt: fromDbTime(r.heartbeat_at), accounts: listedAccounts(r.accounts) }]));
  }

  /**
   * Deletes the `replicas` rows whose last heartbeat is before `before` (replicas killed without a clean
   * stop: each restart is a new owner, so their rows would stay for ever); returns how many.
   */
  async forgetStaleReplicas(before: Date): Promise<number> {
    const result = await this.db.deleteFrom('replicas').where('heartbeat_at', '<', toDbTime(before)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Removes `owner` from the replicas (a clean stop), so the others stop counting on it at once. */
  async forgetReplica(owner: string): Promise<void> {
    await this.db.deleteFrom('replicas').where('owner', '=', owner).execute();
  }

  /**
   * Takes, for `owner` until `now + ttlMs`, those of `accounts` that are free, lapsed or already its own
   * and that no other transaction has locked; returns them with their token. A row is created for an
   * account never seen. The token grows by one when the owner changes (free counts as a change).
   */
  async claim(owner: string, accounts: readonly string[], ttlMs: number, now: Date): Promise<Map<string, bigint>> {
    return new Map([...(await this.claimLeases(owner, accounts, ttlMs, now))].map(([account, lease]) => [account, lease.token]));
  }

  /** As `claim`, each taken account with the replica whose lapsed lease it replaced (from the row it locked). */
  async claimLeases(owner: string, accounts: readonly string[], ttlMs: number, now: Date): Promise<Map<string, ClaimedLease>> {
    if (accounts.length === 0) return new Map();
    const at = toDbTime(now);
    const until = toDbTime(new Date(now.getTime() + ttlMs));
    const postgres = dialectOf(this.db) === 'postgres';
    const rows = await transaction(this.db, async (trx) => {
      await trx
        .insertInto('account_leases')
        .values(accounts.map((account) => ({ account, owner: null, token: 0, expires_at: NEVER })))
        .onConflict((oc) => oc.column('account').doNothing())
        .execute();
      // The rows to take, locked (Postgres) and read with whose lease they were, then taken.
      const select = trx
        .selectFrom('account_leases')
        .select(['account', 'owner', 'expires_at'])
        .where('account', 'in', accounts)
        .where((eb) => eb.or([eb('owner', 'is', null), eb('owner', '=', owner), eb('expires_at', '<=', at)]));
      const takeable = await (postgres ? select.forUpdate().skipLocked() : select).execute();
      if (takeable.length === 0) return [];
      const taken = await trx
        .updateTable('account_leases')
        .set((eb) => ({
          token: eb
            .case()
            .when('owner', '=', owner)
            .then(eb.ref('token'))
            .else(eb('token', '+', 1))
            .end(),
          owner,
          expires_at: until,
        }))
        .where(
          'account',
          'in',
          takeable.map((r) => r.account),
        )
        .returning(['account', 'token'])
        .execute();
      const before = new Map(takeable.map((r) => [r.account, r]));
      return taken.map((r) => [r.account, claimedLease(owner, BigInt(r.token), before.get(r.account))] as const);
    });
    return new Map(rows);
  }

  /**
   * Extends, until `now + ttlMs`, the leases `owner` still holds with the token it knows; returns those.
   * An account missing from the answer was taken by another replica (or released).
   */
  async renew(owner: string, held: ReadonlyMap<string, bigint>, ttlMs: number, now: Date): Promise<Map<string, bigint>> {
    if (held.size === 0) return new Map();
    const rows = await this.db
      .updateTable('account_leases')
      .set({ expires_at: toDbTime(new Date(now.getTime() + ttlMs)) })
      .where('owner', '=', owner)
      .where('account', 'in', [...held.keys()])
      .returning(['account', 'token'])
      .execute();
    return new Map(rows.filter((r) => BigInt(r.token) === held.get(r.account)).map((r) => [r.account, BigInt(r.token)]));
  }

  /** Gives up those of `accounts` that `owner` holds, free for any replica at once; returns how many. */
  async release(owner: string, accounts: readonly string[]): Promise<number> {
    if (accounts.length === 0) return 0;
    const result = await this.db
      .updateTable('account_leases')
      .set({ owner: null, expires_at: NEVER })
      .where('owner', '=', owner)
      .where('account', 'in', accounts)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** The leases other replicas than `owner` hold and that have not lapsed at `now`, by account. */
  async foreignLeases(owner: string, now: Date): Promise<AccountLease[]> {
    const rows = await this.db
      .selectFrom('account_leases')
      .selectAll()
      .where('owner', 'is not', null)
      .where('owner', '<>', owner)
      .where('expires_at', '>', toDbTime(now))
      .orderBy('account')
      .execute();
    return rows.map((r) => ({ account: r.account, owner: r.owner, token: BigInt(r.token), expiresAt: fromDbTime(r.expires_at) }));
  }

  /** Every account's lease, lapsed or not, by account. */
  async list(): Promise<AccountLease[]> {
    const rows = await this.db.selectFrom('account_leases').selectAll().orderBy('account').execute();
    return rows.map((r) => ({ account: r.account, owner: r.owner, token: BigInt(r.token), expiresAt: fromDbTime(r.expires_at) }));
  }
}

/** A `replicas.accounts` value read back: null (unknown) when absent or not a JSON array of strings. */
function listedAccounts(value: string | null): ReadonlySet<string> | null {
  if (value === null) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((a) => typeof a === 'string') ? new Set(parsed) : null;
  } catch {
    return null;
  }
}

/** A taken account's lease, naming the other replica whose lapsed lease it replaced (`row`: as read before). */
function claimedLease(owner: string, token: bigint, row: { readonly owner: string | null; readonly expires_at: string } | undefined): ClaimedLease {
  const previousOwner = row === undefined || row.owner === null || row.owner === owner ? null : row.owner;
  return previousOwner === null || row === undefined ? { token, previousOwner: null } : { token, previousOwner, lapsedAt: fromDbTime(row.expires_at) };
}
