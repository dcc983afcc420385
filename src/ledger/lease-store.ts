/**
 * Named leases in the store, so several daemons on one Postgres agree on who works: `acquire` takes or
 * renews a lease atomically, others get false until it lapses. Storage only: when to renew and what to
 * do without the lease is the daemon's.
 */

import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { fromDbTime, toDbTime } from './db-values.js';

/** Who holds a lease, and until when. */
export interface Lease {
  readonly name: string;
  readonly owner: string;
  readonly expiresAt: Date;
}

export class LeaseStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Takes `name` for `owner` until `now + ttlMs` if it is free, lapsed or already `owner`'s; true when held. */
  async acquire(name: string, owner: string, ttlMs: number, now: Date): Promise<boolean> {
    const result = await this.db
      .insertInto('leases')
      .values({ name, owner, expires_at: toDbTime(new Date(now.getTime() + ttlMs)) })
      .onConflict((oc) =>
        oc
          .column('name')
          .doUpdateSet((eb) => ({ owner: eb.ref('excluded.owner'), expires_at: eb.ref('excluded.expires_at') }))
          .where((eb) => eb.or([eb('leases.expires_at', '<=', toDbTime(now)), eb('leases.owner', '=', owner)])),
      )
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Gives `name` up if `owner` holds it; true when it did. */
  async release(name: string, owner: string): Promise<boolean> {
    const result = await this.db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** The current holder of `name`, lapsed or not. */
  async get(name: string): Promise<Lease | undefined> {
    const row = await this.db.selectFrom('leases').selectAll().where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : { name: row.name, owner: row.owner, expiresAt: fromDbTime(row.expires_at) };
  }
}
