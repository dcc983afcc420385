/**
 * Every migration of the store, by name in date order, for Kysely's Migrator (an in-code provider: no
 * file-system scan, so it works the same from `src/` and `dist/`). Append only.
 */

import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './2026-11-22-initial.js';
import { checkSnapshots } from './2026-12-04-check-snapshots.js';
import { dbtInvocations } from './2026-12-04-dbt-invocations.js';
import { fleetLeases } from './2026-12-04-fleet-leases.js';
import { accountColumns } from './2026-12-04T20-account-columns.js';
import { outboxFence } from './2026-12-05T22-outbox-fence.js';
import { replicaAccounts } from './2026-12-05T23-replica-accounts.js';

const MIGRATIONS: Readonly<Record<string, Migration>> = Object.freeze({
  '2026-11-22-initial': initial,
  '2026-12-04-check-snapshots': checkSnapshots,
  '2026-12-04-dbt-invocations': dbtInvocations,
  '2026-12-04-fleet-leases': fleetLeases,
  '2026-12-04T20-account-columns': accountColumns,
  '2026-12-05T22-outbox-fence': outboxFence,
  '2026-12-05T23-replica-accounts': replicaAccounts,
});

/** The provider Kysely's Migrator reads. */
export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
