/**
 * Acknowledgements: who said "I have it" about one alert (fingerprint) or one group (group key), and
 * when. Acknowledging a group also stamps its notification-log entries, which stops escalation; an
 * alert's ack is recorded only. Storage only: escalation decides what an ack changes.
 */

import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { AcknowledgementsTable, Database } from './database.js';
import { fromDbTime, toDbTime } from './db-values.js';
import { NotificationLog } from './notification-log.js';
import { transaction } from './transaction.js';

/** What is acknowledged: exactly one of an alert or a group. */
export type AckTarget = { readonly fingerprint: string } | { readonly groupKey: string };

export interface Acknowledgement {
  readonly id: string;
  readonly target: AckTarget;
  /** Who acknowledged (a CLI user, a Slack user id). */
  readonly by: string;
  readonly comment?: string;
  readonly at: Date;
}

export class AckStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records an acknowledgement and returns its id; a group's also stamps its notification log. */
  async acknowledge(target: AckTarget, by: string, at: Date, comment?: string): Promise<string> {
    const id = randomUUID();
    await transaction(this.db, async (trx) => {
      await trx
        .insertInto('acknowledgements')
        .values({
          id,
          fingerprint: 'fingerprint' in target ? target.fingerprint : null,
          group_key: 'groupKey' in target ? target.groupKey : null,
          by,
          comment: comment ?? null,
          at: toDbTime(at),
        })
        .execute();
      if ('groupKey' in target) await new NotificationLog(trx).acknowledge(target.groupKey, at, { db: trx });
    });
    return id;
  }

  /** Acknowledgements of one alert or group, newest first. */
  async list(target: AckTarget): Promise<Acknowledgement[]> {
    const query = this.db.selectFrom('acknowledgements').selectAll();
    const rows = await ('fingerprint' in target ? query.where('fingerprint', '=', target.fingerprint) : query.where('group_key', '=', target.groupKey))
      .orderBy('at', 'desc')
      .orderBy('id')
      .execute();
    return rows.map(ackFromRow);
  }

  /** The latest acknowledgement of one alert or group made at or after `since` (this episode's start). */
  async latestSince(target: AckTarget, since: Date): Promise<Acknowledgement | undefined> {
    return (await this.list(target)).find((ack) => ack.at.getTime() >= since.getTime());
  }

  /** Every acknowledgement of an alert (not of a group), newest first. */
  async ofAlerts(limit = 1000): Promise<Acknowledgement[]> {
    const rows = await this.db
      .selectFrom('acknowledgements')
      .selectAll()
      .where('fingerprint', 'is not', null)
      .orderBy('at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(ackFromRow);
  }
}

function ackFromRow(row: Selectable<AcknowledgementsTable>): Acknowledgement {
  const target: AckTarget = row.fingerprint !== null ? { fingerprint: row.fingerprint } : { groupKey: row.group_key ?? '' };
  return {
    id: row.id,
    target,
    by: row.by,
    ...(row.comment !== null ? { comment: row.comment } : {}),
    at: fromDbTime(row.at),
  };
}
