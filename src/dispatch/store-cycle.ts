/**
 * One account's cycle into the store in one transaction: in fleet mode first the account's lease, checked
 * `FOR SHARE` in that transaction (as a group's flush is, group-lease.ts), then the caller's own writes
 * and reads (`prepare`: the dashboard's snapshots, the failure streaks the health run needs), then every
 * run (findings → alerts, runs that resolve and runs only recorded) through the ledger. A replica that no
 * longer holds the account writes nothing and resolves nothing: the cycle is dropped. Once it committed,
 * the transitions' events, silences and group timers follow (ingest-outcomes.ts).
 */

import type { Kysely } from 'kysely';
import type { AccountIdentity } from '../alerts/account-labels.js';
import type { CheckOutcome } from '../checks/check.js';
import { AlertLedger, type AlertTransition } from '../ledger/alert-ledger.js';
import type { CheckRun } from '../ledger/check-run.js';
import type { Database } from '../ledger/database.js';
import type { LedgerRun } from '../ledger/ingest-runs.js';
import { transaction } from '../ledger/transaction.js';
import type { DispatchContext } from './dispatch-context.js';
import { groupLease, writable } from './group-lease.js';
import { afterTransitions, ledgerRuns, type SpendMemory } from './ingest-outcomes.js';

/** What a cycle stores besides the caller's own writes. */
export interface CycleRuns {
  /** Ingested in order: their findings fire, an ok run resolves what it no longer sees. */
  readonly outcomes: readonly CheckOutcome[];
  /** Recorded only (they end a failure streak), never ingested. */
  readonly recorded?: readonly CheckRun[];
}

/**
 * Stores the cycle of `account` at `now`; `prepare` runs inside the transaction once the lease is known
 * to be held and returns the runs. Returns the transitions, or `fenced` when the lease was lost (nothing
 * written: `prepare` did not run).
 */
export async function storeCycle(
  ctx: DispatchContext,
  spend: SpendMemory,
  account: AccountIdentity | undefined,
  now: Date,
  prepare: (trx: Kysely<Database>) => Promise<CycleRuns>,
): Promise<AlertTransition[] | 'fenced'> {
  const lease = groupLease(ctx, account === undefined ? {} : { account: account.name });
  const stored = await transaction(ctx.db, async (trx) => {
    if (!(await writable(trx, lease))) return 'fenced' as const;
    const cycle = await prepare(trx);
    const recorded = (cycle.recorded ?? []).map((run): LedgerRun => recordOnly(run, account));
    return new AlertLedger(trx).ingestMany([...(await ledgerRuns(ctx, spend, cycle.outcomes, account)), ...recorded], now);
  });
  if (stored !== 'fenced') await afterTransitions(ctx, stored, now);
  return stored;
}

function recordOnly(run: CheckRun, account: AccountIdentity | undefined): LedgerRun {
  return {
    check: run.check,
    recordOnly: true,
    outcome: {
      status: run.status,
      alerts: [],
      startedAt: run.startedAt,
      ...(run.rows !== undefined ? { rows: run.rows } : {}),
      ...(run.error !== undefined ? { error: run.error } : {}),
      ...(account !== undefined ? { account: account.name } : {}),
    },
  };
}
