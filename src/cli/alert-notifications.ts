/**
 * Reads the notification log by alert for the CLI: for each fingerprint, the (group, receiver) entries
 * that last announced it firing, with their due time and acknowledgement. Read-only; writing the log is
 * the ledger's and the router's.
 */

import type { Kysely } from 'kysely';
import type { Database } from '../ledger/database.js';
import { fromDbJson, fromDbTimeOrUndefined } from '../ledger/db-values.js';

export interface AlertNotification {
  readonly groupKey: string;
  readonly receiver: string;
  readonly dueAt?: Date;
  readonly acknowledgedAt?: Date;
}

/** Every log entry still announcing each fingerprint as firing, by fingerprint. */
export async function notificationsByFingerprint(db: Kysely<Database>): Promise<Map<string, AlertNotification[]>> {
  const rows = await db
    .selectFrom('notification_log')
    .select(['group_key', 'receiver', 'firing_fingerprints', 'due_at', 'acknowledged_at'])
    .orderBy('group_key')
    .orderBy('receiver')
    .execute();
  const out = new Map<string, AlertNotification[]>();
  for (const row of rows) {
    const dueAt = fromDbTimeOrUndefined(row.due_at);
    const acknowledgedAt = fromDbTimeOrUndefined(row.acknowledged_at);
    const entry: AlertNotification = {
      groupKey: row.group_key,
      receiver: row.receiver,
      ...(dueAt !== undefined ? { dueAt } : {}),
      ...(acknowledgedAt !== undefined ? { acknowledgedAt } : {}),
    };
    for (const fp of fromDbJson<string[]>(row.firing_fingerprints)) {
      const list = out.get(fp) ?? [];
      list.push(entry);
      out.set(fp, list);
    }
  }
  return out;
}
