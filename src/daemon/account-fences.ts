/**
 * The daemon's side of fleet mode: which `AccountAssignment` it uses (leases shared with the other
 * replicas when the store is Postgres and `accounts:` lists the accounts; every account, unfenced,
 * otherwise) and the fence its Dispatcher checks each group's writes against. Wiring only: the leases
 * are leased-accounts.ts's, the check is ledger/account-fence.ts's.
 */

import type { Kysely } from 'kysely';
import type { Fence } from '../ledger/account-fence.js';
import { AccountLeaseStore } from '../ledger/account-lease-store.js';
import type { Database } from '../ledger/database.js';
import { AllAccounts, type AccountAssignment } from './account-assignment.js';
import { LeasedAccounts, type Takeover } from './leased-accounts.js';
import type { RunConfig } from './run-config.js';
import { isAccountsList } from '../sources/account-config.js';

/** Whether replicas share the accounts by lease: a Postgres store and an `accounts:` list. */
export function isFleet(config: Pick<RunConfig, 'store' | 'accounts'>): boolean {
  return /^postgres(ql)?:\/\//i.test(config.store.url.reveal()) && isAccountsList(config.accounts);
}

/**
 * The assignment for `config`: `LeasedAccounts` in fleet mode (ttl `daemon.lease_ttl`, the daemon's clock
 * `now`, `onWarning` when replicas' lists differ, `onTakeover` when it takes a lapsed lease), else `AllAccounts`.
 */
export function accountAssignment(
  config: Pick<RunConfig, 'store' | 'accounts' | 'daemon'>,
  db: Kysely<Database>,
  owner: string,
  onError: (message: string) => void,
  now?: () => Date,
  onWarning?: (message: string) => void,
  onTakeover?: (takeover: Takeover) => void,
): AccountAssignment {
  const accounts = config.accounts.map((a) => a.name);
  if (!isFleet(config)) return new AllAccounts(accounts);
  const store = new AccountLeaseStore(db);
  return new LeasedAccounts({
    store,
    accounts,
    owner,
    ttlMs: config.daemon.leaseTtlMs,
    onError,
    ...(now ? { now } : {}),
    ...(onWarning ? { onWarning } : {}),
    ...(onTakeover ? { onTakeover } : {}),
  });
}

/**
 * The Dispatcher's `fenceFor` in fleet mode: an account's lease as this replica holds it, undefined when
 * it holds none. A group with no account (a receiver's delivery health about a notification of no account)
 * belongs to `home`, the first configured account, so exactly one replica flushes it; so does the group of
 * an account no longer in `configured` (when given; removed: nobody holds it any more, and its resolved alerts must
 * still be told).
 */
export function accountFences(
  assignment: AccountAssignment,
  owner: string,
  home: string,
  configured?: readonly string[],
): (account: string | undefined) => Fence | undefined {
  return (account) => {
    const name = account !== undefined && (configured === undefined || configured.includes(account)) ? account : home;
    const token = assignment.held().get(name);
    return token === undefined ? undefined : { account: name, owner, token };
  };
}
