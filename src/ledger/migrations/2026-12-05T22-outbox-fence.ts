/**
 * Fleet mode: each outbox row says under which account lease it was queued, `fence_owner` (the replica)
 * and `fence_token` (the lease's fencing token), so an operator can tell which replica queued a
 * notification. NULL for rows queued without a fence (SQLite, one process) and for rows from before.
 * Frozen like every migration.
 */

import type { Kysely, Migration } from 'kysely';

export const outboxFence: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('outbox').addColumn('fence_owner', 'text').execute();
    await db.schema.alterTable('outbox').addColumn('fence_token', 'bigint').execute();
  },
};
