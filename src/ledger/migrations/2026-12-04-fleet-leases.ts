/**
 * Fleet mode's work sharing (Postgres): `account_leases`, one row per Snowflake account, held by one
 * replica with a fencing token that grows on every change of owner, and `replicas`, each daemon's last
 * heartbeat. SQLite gets the tables too (one process watches every account there and never reads them),
 * so both dialects keep one schema. Frozen: a later change is a later-dated migration.
 */

import type { Kysely, Migration } from 'kysely';

export const fleetLeases: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('account_leases')
      .addColumn('account', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text')
      .addColumn('token', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('replicas')
      .addColumn('owner', 'text', (c) => c.primaryKey())
      .addColumn('heartbeat_at', 'text', (c) => c.notNull())
      .execute();
  },
};
