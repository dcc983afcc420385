/**
 * Fencing for fleet mode: a write made for an account's group (an outbox row, a notification-log entry,
 * the group's next flush) carries the lease its writer believes it holds, `{account, owner, token}`, and
 * is made only if the account's lease row still has that owner and token, in the same transaction. A
 * replica that lost an account while it was busy therefore writes nothing for it. Not the lease logic:
 * that is `AccountLeaseStore` and daemon/leased-accounts.ts.
 */

import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { dialectOf } from './dialect.js';

/** The lease a write for an account's group must still hold. */
export interface Fence {
  readonly account: string;
  readonly owner: string;
  readonly token: bigint;
}

/**
 * True when `fence.account`'s lease row still has `fence.owner` and `fence.token`. Call it inside the
 * write's transaction: on Postgres it locks the row `FOR SHARE` until that transaction ends, so a claim
 * (`FOR UPDATE SKIP LOCKED`) skips the account instead of taking it before the write commits.
 */
export async function holdsFence(trx: Kysely<Database>, fence: Fence): Promise<boolean> {
  const postgres = dialectOf(trx) === 'postgres';
  if (postgres && !trx.isTransaction) throw new Error('holdsFence must run inside the transaction of the write it guards');
  const query = trx
    .selectFrom('account_leases')
    .select('account')
    .where('account', '=', fence.account)
    .where('owner', '=', fence.owner)
    .where('token', '=', fence.token);
  const row = await (postgres ? query.forShare() : query).executeTakeFirst();
  return row !== undefined;
}
