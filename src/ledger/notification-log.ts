/**
 * The notification log (Alertmanager's nflog), one entry per (group key, receiver): which fingerprints
 * that receiver was told were firing and resolved, when, what the provider returned for threading
 * (`ReceiverData`), the response deadline and its acknowledgement. Storage only: the dedup decision
 * that reads it is the router's.
 */

import type { Kysely, Selectable } from 'kysely';
import type { ReceiverData } from '../notifiers/notifier.js';
import type { Database, NotificationLogTable } from './database.js';
import { dialectOf } from './dialect.js';
import { fromDbJson, fromDbTime, fromDbTimeOrUndefined, toDbJson, toDbTime } from './db-values.js';
import { transaction } from './transaction.js';

export interface NotificationLogEntry {
  readonly groupKey: string;
  readonly receiver: string;
  /** Fingerprints the receiver was last told are firing. */
  readonly firingFingerprints: readonly string[];
  /** Fingerprints the receiver was last told have resolved. */
  readonly resolvedFingerprints: readonly string[];
  /** When that notification was written. */
  readonly sentAt: Date;
  /** What the provider returned so far (Slack parent, PagerDuty dedup key, email Message-ID). */
  readonly receiverData: ReceiverData;
  /** When a person must respond by; set at the first notification of an episode. */
  readonly dueAt?: Date;
  /** When someone acknowledged this episode. */
  readonly acknowledgedAt?: Date;
}

/** What one notification writes to the log. */
export interface NotificationLogWrite {
  readonly groupKey: string;
  readonly receiver: string;
  readonly firingFingerprints: readonly string[];
  readonly resolvedFingerprints: readonly string[];
  readonly sentAt: Date;
  /** Merged into what is stored, provider by provider. */
  readonly receiverData?: ReceiverData;
  /** Used only when the entry starts an episode (no entry, or nothing was firing). */
  readonly dueAt?: Date;
}

export interface LogWriteOptions {
  /** Write through this transaction (e.g. the one that enqueues the notification). */
  readonly db?: Kysely<Database>;
}

export class NotificationLog {
  constructor(private readonly db: Kysely<Database>) {}

  /** The entry for (group key, receiver), if that receiver was ever told about the group. */
  async get(groupKey: string, receiver: string, options: LogWriteOptions = {}): Promise<NotificationLogEntry | undefined> {
    const row = await (options.db ?? this.db)
      .selectFrom('notification_log')
      .selectAll()
      .where('group_key', '=', groupKey)
      .where('receiver', '=', receiver)
      .executeTakeFirst();
    return row === undefined ? undefined : entryFromRow(row);
  }

  /** `get` inside a write transaction: on Postgres the row stays locked until commit (SQLite's is immediate). */
  private async getForUpdate(trx: Kysely<Database>, groupKey: string, receiver: string): Promise<NotificationLogEntry | undefined> {
    const query = trx.selectFrom('notification_log').selectAll().where('group_key', '=', groupKey).where('receiver', '=', receiver);
    const row = await (dialectOf(trx) === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    return row === undefined ? undefined : entryFromRow(row);
  }

  /** Every receiver's entry for one group. */
  async forGroup(groupKey: string): Promise<NotificationLogEntry[]> {
    const rows = await this.db.selectFrom('notification_log').selectAll().where('group_key', '=', groupKey).orderBy('receiver').execute();
    return rows.map(entryFromRow);
  }

  /**
   * Writes what a notification told a receiver. `receiver_data` merges provider by provider. The
   * response deadline is kept while an episode lasts; a write after an entry with nothing firing
   * starts a new episode: it takes the new `dueAt` and clears the acknowledgement.
   */
  async put(write: NotificationLogWrite, options: LogWriteOptions = {}): Promise<NotificationLogEntry> {
    return transaction(options.db ?? this.db, async (trx) => {
      const before = await this.getForUpdate(trx, write.groupKey, write.receiver);
      const newEpisode = before === undefined || before.firingFingerprints.length === 0;
      const dueAt = newEpisode ? write.dueAt : before.dueAt;
      const acknowledgedAt = newEpisode ? undefined : before.acknowledgedAt;
      const entry: NotificationLogEntry = {
        groupKey: write.groupKey,
        receiver: write.receiver,
        firingFingerprints: [...write.firingFingerprints],
        resolvedFingerprints: [...write.resolvedFingerprints],
        sentAt: write.sentAt,
        receiverData: { ...before?.receiverData, ...write.receiverData },
        ...(dueAt !== undefined ? { dueAt } : {}),
        ...(acknowledgedAt !== undefined ? { acknowledgedAt } : {}),
      };
      const row = rowFromEntry(entry);
      await trx
        .insertInto('notification_log')
        .values(row)
        .onConflict((oc) =>
          oc.columns(['group_key', 'receiver']).doUpdateSet({
            firing_fingerprints: row.firing_fingerprints,
            resolved_fingerprints: row.resolved_fingerprints,
            sent_at: row.sent_at,
            receiver_data: row.receiver_data,
            due_at: row.due_at,
            acknowledged_at: row.acknowledged_at,
          }),
        )
        .execute();
      return entry;
    });
  }

  /** Merges what a successful send returned into the entry; false when there is no entry. */
  async mergeReceiverData(groupKey: string, receiver: string, data: ReceiverData, options: LogWriteOptions = {}): Promise<boolean> {
    return transaction(options.db ?? this.db, async (trx) => {
      const before = await this.getForUpdate(trx, groupKey, receiver);
      if (before === undefined) return false;
      await trx
        .updateTable('notification_log')
        .set({ receiver_data: toDbJson({ ...before.receiverData, ...data }) })
        .where('group_key', '=', groupKey)
        .where('receiver', '=', receiver)
        .execute();
      return true;
    });
  }

  /** Marks the group's current episode acknowledged for every receiver not yet acknowledged; returns how many. */
  async acknowledge(groupKey: string, at: Date, options: LogWriteOptions = {}): Promise<number> {
    const result = await (options.db ?? this.db)
      .updateTable('notification_log')
      .set({ acknowledged_at: toDbTime(at) })
      .where('group_key', '=', groupKey)
      .where('acknowledged_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Entries past their response deadline, still firing and not acknowledged (escalation's input). */
  async overdue(now: Date): Promise<NotificationLogEntry[]> {
    const rows = await this.db
      .selectFrom('notification_log')
      .selectAll()
      .where('due_at', '<=', toDbTime(now))
      .where('acknowledged_at', 'is', null)
      .where('firing_fingerprints', '!=', '[]')
      .orderBy('due_at')
      .execute();
    return rows.map(entryFromRow);
  }
}

function entryFromRow(row: Selectable<NotificationLogTable>): NotificationLogEntry {
  const dueAt = fromDbTimeOrUndefined(row.due_at);
  const acknowledgedAt = fromDbTimeOrUndefined(row.acknowledged_at);
  return {
    groupKey: row.group_key,
    receiver: row.receiver,
    firingFingerprints: fromDbJson<string[]>(row.firing_fingerprints),
    resolvedFingerprints: fromDbJson<string[]>(row.resolved_fingerprints),
    sentAt: fromDbTime(row.sent_at),
    receiverData: fromDbJson<ReceiverData>(row.receiver_data),
    ...(dueAt !== undefined ? { dueAt } : {}),
    ...(acknowledgedAt !== undefined ? { acknowledgedAt } : {}),
  };
}

function rowFromEntry(entry: NotificationLogEntry): Selectable<NotificationLogTable> {
  return {
    group_key: entry.groupKey,
    receiver: entry.receiver,
    firing_fingerprints: toDbJson(entry.firingFingerprints),
    resolved_fingerprints: toDbJson(entry.resolvedFingerprints),
    sent_at: toDbTime(entry.sentAt),
    receiver_data: toDbJson(entry.receiverData),
    due_at: entry.dueAt !== undefined ? toDbTime(entry.dueAt) : null,
    acknowledged_at: entry.acknowledgedAt !== undefined ? toDbTime(entry.acknowledgedAt) : null,
  };
}
