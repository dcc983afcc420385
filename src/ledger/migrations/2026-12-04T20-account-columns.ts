/**
 * Fleet mode: the store rows that belong to a Snowflake account say which. `alerts` and `check_runs` get a
 * nullable `account` column (NULL marks a row written before fleet mode, adopted by adopt-pre-fleet.ts;
 * `''` a row of no account, such as delivery health); `check_snapshots` is rebuilt keyed by
 * (account, check), its old rows copied with account `''` for adoption. Frozen like every migration; named with `T20` so it sorts after every
 * `2026-12-04-...` migration already applied (Kysely runs them in name order and refuses one out of order).
 */

import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';

export const accountColumns: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('alerts').addColumn('account', 'text').execute();
    await db.schema.createIndex('alerts_account_check_status').on('alerts').columns(['account', 'check', 'status']).execute();
    await db.schema.alterTable('check_runs').addColumn('account', 'text').execute();
    await db.schema.createIndex('check_runs_account_check').on('check_runs').columns(['account', 'check', 'id']).execute();

    await db.schema.alterTable('check_snapshots').renameTo('check_snapshots_pre_fleet').execute();
    await db.schema
      .createTable('check_snapshots')
      .addColumn('account', 'text', (c) => c.notNull())
      .addColumn('check', 'text', (c) => c.notNull())
      .addColumn('last_status', 'text', (c) => c.notNull())
      .addColumn('last_run_at', 'text', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('ok_at', 'text')
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('rows', 'text', (c) => c.notNull())
      .addColumn('findings', 'text', (c) => c.notNull())
      .addColumn('refused', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('check_snapshots_account_check', ['account', 'check'])
      .execute();
    const columns = sql.raw('"check", last_status, last_run_at, last_error, ok_at, duration_ms, rows, findings, refused');
    await sql`insert into check_snapshots (account, ${columns}) select '', ${columns} from check_snapshots_pre_fleet`.execute(db);
    await db.schema.dropTable('check_snapshots_pre_fleet').execute();
  },
};
