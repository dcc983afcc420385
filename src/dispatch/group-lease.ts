/**
 * Which account lease a group's writes are fenced by (fleet mode): the group's `account` label (with
 * several accounts every group has one), or none (one account, or a group of no account such as a
 * receiver's delivery health after a notification of no account: `fenceFor` decides whose), looked up in
 * the leases this replica holds.
 * Without a fence source (SQLite, one process) nothing is fenced. A lookup only; the check against the
 * store is ledger/account-fence.ts's.
 */

import type { Labels } from '../alerts/alert.js';
import type { Kysely } from 'kysely';
import { holdsFence, type Fence } from '../ledger/account-fence.js';
import type { Database } from '../ledger/database.js';
import type { DispatchContext } from './dispatch-context.js';

export type GroupLease =
  { readonly kind: 'unfenced' } | { readonly kind: 'held'; readonly fence: Fence } | { readonly kind: 'not held'; readonly account: string | undefined };

/** The lease that must still be held for writes made for the group with `labels`. */
export function groupLease(ctx: Pick<DispatchContext, 'fenceFor'>, labels: Labels): GroupLease {
  if (ctx.fenceFor === undefined) return { kind: 'unfenced' };
  const account = labels['account'] === undefined || labels['account'] === '' ? undefined : labels['account'];
  const fence = ctx.fenceFor(account);
  return fence === undefined ? { kind: 'not held', account } : { kind: 'held', fence };
}

/** Whether writes may go ahead, checked inside their transaction `trx` (and, on Postgres, kept so until it ends). */
export async function writable(trx: Kysely<Database>, lease: GroupLease): Promise<boolean> {
  if (lease.kind === 'unfenced') return true;
  return lease.kind === 'held' && holdsFence(trx, lease.fence);
}

/** The account a `fenced` event names. */
export function leaseAccount(lease: Exclude<GroupLease, { readonly kind: 'unfenced' }>): string | undefined {
  return lease.kind === 'held' ? lease.fence.account : lease.account;
}
