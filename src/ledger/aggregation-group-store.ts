/**
 * The router's aggregation groups and their next flush time, kept in the store so a restart rebuilds
 * every group timer (routing.md §7.2 point 8). Storage only: the timers' arithmetic is the router's.
 */

import type { Kysely, Selectable } from 'kysely';
import type { Labels } from '../alerts/alert.js';
import type { AggregationGroupsTable, Database } from './database.js';
import { fromDbJson, fromDbTime, fromDbTimeOrUndefined, toDbJson, toDbTime } from './db-values.js';

export interface AggregationGroup {
  readonly route: string;
  readonly groupKey: string;
  /** The group's group_by label values. */
  readonly labels: Labels;
  readonly firstSeenAt: Date;
  /** When the group flushes next. */
  readonly nextFlushAt: Date;
  /** Absent before the first flush. */
  readonly lastFlushAt?: Date;
}

export class AggregationGroupStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Writes a group (insert or replace), optionally through the caller's transaction. */
  async put(group: AggregationGroup, options: { readonly db?: Kysely<Database> } = {}): Promise<void> {
    const row = {
      route: group.route,
      group_key: group.groupKey,
      labels: toDbJson(group.labels),
      first_seen_at: toDbTime(group.firstSeenAt),
      next_flush_at: toDbTime(group.nextFlushAt),
      last_flush_at: group.lastFlushAt !== undefined ? toDbTime(group.lastFlushAt) : null,
    };
    await (options.db ?? this.db)
      .insertInto('aggregation_groups')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['route', 'group_key']).doUpdateSet({
          labels: row.labels,
          next_flush_at: row.next_flush_at,
          last_flush_at: row.last_flush_at,
        }),
      )
      .execute();
  }

  /** One group. */
  async get(route: string, groupKey: string): Promise<AggregationGroup | undefined> {
    const row = await this.db.selectFrom('aggregation_groups').selectAll().where('route', '=', route).where('group_key', '=', groupKey).executeTakeFirst();
    return row === undefined ? undefined : groupFromRow(row);
  }

  /** Every group, soonest flush first (what a restart reloads). */
  async all(): Promise<AggregationGroup[]> {
    const rows = await this.db.selectFrom('aggregation_groups').selectAll().orderBy('next_flush_at').orderBy('group_key').execute();
    return rows.map(groupFromRow);
  }

  /** Groups whose flush is due at `now`, soonest first. */
  async due(now: Date): Promise<AggregationGroup[]> {
    const rows = await this.db
      .selectFrom('aggregation_groups')
      .selectAll()
      .where('next_flush_at', '<=', toDbTime(now))
      .orderBy('next_flush_at')
      .orderBy('group_key')
      .execute();
    return rows.map(groupFromRow);
  }

  /** Forgets a group (nothing left in it); false when it was not there. */
  async remove(route: string, groupKey: string): Promise<boolean> {
    const result = await this.db.deleteFrom('aggregation_groups').where('route', '=', route).where('group_key', '=', groupKey).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}

function groupFromRow(row: Selectable<AggregationGroupsTable>): AggregationGroup {
  const lastFlushAt = fromDbTimeOrUndefined(row.last_flush_at);
  return {
    route: row.route,
    groupKey: row.group_key,
    labels: fromDbJson<Labels>(row.labels),
    firstSeenAt: fromDbTime(row.first_seen_at),
    nextFlushAt: fromDbTime(row.next_flush_at),
    ...(lastFlushAt !== undefined ? { lastFlushAt } : {}),
  };
}
