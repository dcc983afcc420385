/**
 * The dbt history: every dbt invocation the daemon read (`dbt_invocations`, one row per artifact kind and
 * invocation_id, the normalised artifact as JSON text), and when snowmon first watched each configured
 * pipeline (`dbt_pipelines_watched`, for `not_run`). Frozen: a later change is a later-dated migration.
 */

import type { Kysely, Migration } from 'kysely';

export const dbtInvocations: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('dbt_invocations')
      .addColumn('invocation_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('command', 'text')
      .addColumn('generated_at', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text')
      .addColumn('file', 'text', (c) => c.notNull())
      .addColumn('artifact', 'text', (c) => c.notNull())
      .addColumn('stored_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('dbt_invocations_pk', ['invocation_id', 'kind'])
      .execute();
    await db.schema.createIndex('dbt_invocations_generated_at').on('dbt_invocations').column('generated_at').execute();

    await db.schema
      .createTable('dbt_pipelines_watched')
      .addColumn('pipeline', 'text', (c) => c.primaryKey())
      .addColumn('since', 'text', (c) => c.notNull())
      .execute();
  },
};
