/**
 * One outbox row as the delivery loop sees it, and the mapping from the `outbox` table. Shapes only.
 */

import type { Selectable } from 'kysely';
import type { Notification } from '../notifiers/notifier.js';
import type { OutboxTable } from '../ledger/database.js';
import { fromDbJson, fromDbTime, fromDbTimeOrUndefined } from '../ledger/db-values.js';

/** `failed` = the last attempt failed and a retry is scheduled; `dead` = no more retries. */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dead';

export interface OutboxEntry {
  readonly id: string;
  readonly receiver: string;
  readonly groupKey: string;
  /** What to send. */
  readonly notification: Notification;
  readonly status: OutboxStatus;
  /** Times it was claimed for sending, this claim included. */
  readonly attempts: number;
  /** Not claimable before this. */
  readonly nextAttemptAt: Date;
  /** Who holds it while `sending`. */
  readonly leaseOwner?: string;
  /** When that lease lapses. */
  readonly leaseExpiresAt?: Date;
  /** The last failure, secret-free. */
  readonly lastError?: string;
  /** What the provider answered when it was sent. */
  readonly providerResponse?: string;
  readonly createdAt: Date;
  readonly sentAt?: Date;
  /** Fleet mode: the replica that queued it and the account lease's token it held then. */
  readonly queuedBy?: { readonly owner: string; readonly token: bigint };
}

/** `owner#token`, how logs and pages show who queued a notification (fleet mode). */
export function queuedByText(entry: Pick<OutboxEntry, 'queuedBy'>): string | undefined {
  return entry.queuedBy === undefined ? undefined : `${entry.queuedBy.owner}#${entry.queuedBy.token}`;
}

/** An `outbox` row as an `OutboxEntry`. */
export function outboxEntryFromRow(row: Selectable<OutboxTable>): OutboxEntry {
  const leaseExpiresAt = fromDbTimeOrUndefined(row.lease_expires_at);
  const sentAt = fromDbTimeOrUndefined(row.sent_at);
  return {
    id: row.id,
    receiver: row.receiver,
    groupKey: row.group_key,
    notification: fromDbJson<Notification>(row.payload),
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: fromDbTime(row.next_attempt_at),
    ...(row.lease_owner !== null ? { leaseOwner: row.lease_owner } : {}),
    ...(leaseExpiresAt !== undefined ? { leaseExpiresAt } : {}),
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    ...(row.provider_response !== null ? { providerResponse: row.provider_response } : {}),
    createdAt: fromDbTime(row.created_at),
    ...(sentAt !== undefined ? { sentAt } : {}),
    ...(row.fence_owner !== null && row.fence_token !== null ? { queuedBy: { owner: row.fence_owner, token: BigInt(row.fence_token) } } : {}),
  };
}
