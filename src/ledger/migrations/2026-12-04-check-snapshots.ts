/**
 * Adds what the dashboard reads so every replica and a restart serve the same pages: `check_snapshots`
 * (each check's latest rows and findings, and how its latest run went) and `dashboard_keys` (the shared
 * key that signs the dashboard's CSRF tokens). Frozen like every migration.
 */

import type { Kysely, Migration } from 'kysely';

export const checkSnapshots: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('check_snapshots')
      .addColumn('check', 'text', (c) => c.primaryKey())
      .addColumn('last_status', 'text', (c) => c.notNull())
      .addColumn('last_run_at', 'text', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('ok_at', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('rows', 'text', (c) => c.notNull())
      .addColumn('findings', 'text', (c) => c.notNull())
      .addColumn('refused', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('dashboard_keys')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
};
