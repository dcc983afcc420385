/**
 * Gives a claimed outbox row back unsent, to be claimed again at `until`, without counting the attempt:
 * for a row that must wait (a channel's rate limit, an older notification of its group not yet sent).
 * One guarded update kept beside its only user: the Outbox class has claim and mark, but no "not now".
 */

import type { Kysely } from 'kysely';
import type { Database } from '../ledger/database.js';
import { toDbTime } from '../ledger/db-values.js';

/** False when `owner` no longer holds the row. */
export async function releaseClaim(db: Kysely<Database>, id: string, owner: string, until: Date): Promise<boolean> {
  const result = await db
    .updateTable('outbox')
    .set((eb) => ({
      status: eb.case().when('last_error', 'is', null).then('pending').else('failed').end(),
      attempts: eb('attempts', '-', 1),
      next_attempt_at: toDbTime(until),
      lease_owner: null,
      lease_expires_at: null,
    }))
    .where('id', '=', id)
    .where('status', '=', 'sending')
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
