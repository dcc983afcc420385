/**
 * The daemon's fleet-wide budgets step (several accounts, a budget with no `account:`): after the first
 * configured account's warehouse cycle ran its `budgets` statement, its part and every other account's
 * latest stored part (their own cycles' `budgets` snapshots, whichever replica ran them) are summed
 * (src/checks/fleet-budgets.ts) and stored as one `budgets` run of no account: its alerts carry no
 * `account` and belong to the first account's fence, like the other alerts of no account. No Snowflake
 * statement of its own. A sum missing an account is stored `partial`: it fires, it resolves nothing.
 */

import type { BudgetConfig } from '../checks/budgets-config.js';
import type { CheckOutcome } from '../checks/check.js';
import { evaluateFleetBudgets } from '../checks/fleet-budgets.js';
import { CheckSnapshotStore } from '../ledger/check-snapshot-store.js';
import type { AccountWatch } from './account-watch.js';
import type { Daemon } from './daemon-runtime.js';
import { isAccountsList } from '../sources/account-config.js';

const CHECK = 'budgets';

/** Sums and stores the fleet-wide budgets after the home account's warehouse cycle `outcomes`; returns whether it ran. */
export async function runFleetBudgetsIfDue(daemon: Daemon, watch: AccountWatch, at: Date, outcomes: readonly CheckOutcome[]): Promise<boolean> {
  const { rt } = daemon;
  const { accounts } = rt.config;
  const budgets = (rt.config.budgets ?? []).filter((b: BudgetConfig) => b.accounts.length === 0);
  const own = outcomes.find((o) => o.name === CHECK);
  // Run even with no budget of no account left: the ok run resolves the alerts of one since limited or removed.
  if (!isAccountsList(accounts) || watch.account.name !== accounts[0]?.name) return false;
  if (own === undefined || own.status === 'failed' || rt.store === undefined || rt.alerting === undefined) return false;
  const snapshots = await new CheckSnapshotStore(rt.store.db).ofChecks([CHECK]);
  const figures = accounts.map((account, i) => {
    const stored = i === 0 ? own.rows : snapshots.find((s) => s.check === CHECK && s.account === account.name && s.okAt !== undefined)?.rows;
    return { name: account.name, usdPerCredit: account.usdPerCredit, ...(stored !== undefined ? { rows: stored } : {}) };
  });
  const thresholds = rt.config.checks[CHECK]?.thresholds ?? {};
  const defaults = rt.checks.find((c) => c.header.name === CHECK)?.header.thresholds ?? {};
  const sum = evaluateFleetBudgets(budgets, figures, { ...defaults, ...thresholds }, at);
  const outcome: CheckOutcome = {
    name: CHECK,
    status: sum.status,
    ...(sum.missing.length > 0 ? { error: `no budgets figure this month yet from ${sum.missing.join(', ')}: the sum resolves nothing` } : {}),
    rows: sum.rows,
    findings: sum.findings,
    startedAt: at.toISOString(),
    durationMs: 0,
    statementsSent: 0,
  };
  const alerting = rt.alerting;
  await daemon.exclusive(async () => {
    const stored = await alerting.storeCycle(undefined, at, () => Promise.resolve({ outcomes: [outcome] }));
    if (stored === 'fenced') return;
    const flushed = await alerting.flush(at);
    if (daemon.autoDeliver && (stored.length > 0 || flushed.enqueued > 0)) daemon.delivery.poke();
  });
  return true;
}
