/**
 * Fleet mode: each replica's row in `replicas` says which accounts its `accounts:` list names (`accounts`,
 * a JSON array of names), so an account's desired owner is chosen only among the live replicas that would
 * watch it, and a replica can warn when the lists differ (a rollout, a ConfigMap change not yet everywhere).
 * NULL for rows written before (a replica of an older version): it counts as listing every account.
 * Frozen like every migration.
 */

import type { Kysely, Migration } from 'kysely';

export const replicaAccounts: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('replicas').addColumn('accounts', 'text').execute();
  },
};
