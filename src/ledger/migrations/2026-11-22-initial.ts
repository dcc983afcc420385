/**
 * The first schema of the store: every table of `database.ts`. Frozen: a later change is a new,
 * later-dated migration, never an edit here. Timestamps are ISO text and JSON is text on both dialects.
 */

import type { Kysely, Migration } from 'kysely';
import { dialectOf } from '../dialect.js';

export const initial: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const autoId = dialectOf(db) === 'postgres' ? 'serial' : 'integer';

    await db.schema
      .createTable('alerts')
      .addColumn('fingerprint', 'text', (c) => c.primaryKey())
      .addColumn('labels', 'text', (c) => c.notNull())
      .addColumn('annotations', 'text', (c) => c.notNull())
      .addColumn('check', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'text')
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('alerts_check_status').on('alerts').columns(['check', 'status']).execute();
    await db.schema.createIndex('alerts_status').on('alerts').column('status').execute();

    await db.schema
      .createTable('alert_history')
      .addColumn('id', autoId, (c) => (autoId === 'integer' ? c.primaryKey().autoIncrement() : c.primaryKey()))
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text', (c) => c.notNull())
      .addColumn('to_status', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .execute();
    await db.schema.createIndex('alert_history_fingerprint').on('alert_history').columns(['fingerprint', 'id']).execute();

    await db.schema
      .createTable('check_runs')
      .addColumn('id', autoId, (c) => (autoId === 'integer' ? c.primaryKey().autoIncrement() : c.primaryKey()))
      .addColumn('check', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('rows', 'integer')
      .addColumn('error', 'text')
      .execute();
    await db.schema.createIndex('check_runs_check').on('check_runs').columns(['check', 'id']).execute();

    await db.schema
      .createTable('notification_log')
      .addColumn('group_key', 'text', (c) => c.notNull())
      .addColumn('receiver', 'text', (c) => c.notNull())
      .addColumn('firing_fingerprints', 'text', (c) => c.notNull())
      .addColumn('resolved_fingerprints', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text', (c) => c.notNull())
      .addColumn('receiver_data', 'text', (c) => c.notNull())
      .addColumn('due_at', 'text')
      .addColumn('acknowledged_at', 'text')
      .addPrimaryKeyConstraint('notification_log_pk', ['group_key', 'receiver'])
      .execute();

    await db.schema
      .createTable('outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('receiver', 'text', (c) => c.notNull())
      .addColumn('group_key', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('last_error', 'text')
      .addColumn('provider_response', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text')
      .execute();
    await db.schema.createIndex('outbox_status_next').on('outbox').columns(['status', 'next_attempt_at']).execute();

    await db.schema
      .createTable('silences')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('matchers', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'text', (c) => c.notNull())
      .addColumn('ends_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('comment', 'text', (c) => c.notNull())
      .addColumn('expire_on_resolve', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('acknowledgements')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('fingerprint', 'text')
      .addColumn('group_key', 'text')
      .addColumn('by', 'text', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('acknowledgements_fingerprint').on('acknowledgements').column('fingerprint').execute();
    await db.schema.createIndex('acknowledgements_group_key').on('acknowledgements').column('group_key').execute();

    await db.schema
      .createTable('aggregation_groups')
      .addColumn('route', 'text', (c) => c.notNull())
      .addColumn('group_key', 'text', (c) => c.notNull())
      .addColumn('labels', 'text', (c) => c.notNull())
      .addColumn('first_seen_at', 'text', (c) => c.notNull())
      .addColumn('next_flush_at', 'text', (c) => c.notNull())
      .addColumn('last_flush_at', 'text')
      .addPrimaryKeyConstraint('aggregation_groups_pk', ['route', 'group_key'])
      .execute();

    await db.schema
      .createTable('leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
  },
};
