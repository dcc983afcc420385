/**
 * Named random keys shared by every replica through the store (`dashboard_keys`), such as the one that
 * signs the dashboard's CSRF tokens: the first reader creates it, every later one reads the same value.
 * Storage only.
 */

import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { toDbTime } from './db-values.js';

export class DashboardKeyStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** The key named `name` as bytes, created (32 random bytes) if the store has none yet. */
  async getOrCreate(name: string, now: Date): Promise<Buffer> {
    await this.db
      .insertInto('dashboard_keys')
      .values({ name, value: randomBytes(32).toString('hex'), created_at: toDbTime(now) })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const row = await this.db.selectFrom('dashboard_keys').select('value').where('name', '=', name).executeTakeFirstOrThrow();
    return Buffer.from(row.value, 'hex');
  }
}
