/**
 * The daemon's organization step: after a warehouse cycle, when `organization:` is configured and the
 * organization_usage check's cadence (its header, `1d`) has passed since its last run in the store, one
 * run of it on its own connection (src/audit/audit-organization.ts), ingested like any cycle; once across
 * the replicas sharing the store, whichever claims the day's run first (src/ledger/claim-due-run.ts). Its
 * own small step so the per-account loops need not know about it.
 */

import { auditOrganization, measuredAccount, ORGANIZATION_CHECK, organizationCheck } from '../audit/audit-organization.js';
import type { CheckOutcome } from '../checks/check.js';
import type { OrganizationConfig } from '../checks/organization-config.js';
import { parseDuration } from '../config/parse-duration.js';
import { CheckSnapshotStore, type CheckSnapshot } from '../ledger/check-snapshot-store.js';
import { claimDueRun } from '../ledger/claim-due-run.js';
import type { MeasuredAccount } from '../checks/evaluate-organization.js';
import type { AccountConfig } from '../sources/account-config.js';
import type { AccountWatch } from './account-watch.js';
import type { Daemon } from './daemon-runtime.js';
import { ingestCycle } from './ingest-cycle.js';
import type { CycleRecord } from './record-cycle.js';

/** A daily warehouse loop ticks at the same time each day: a run is due a little before the full cadence. */
const SLACK_MS = 3_600_000;

/** Runs organization_usage when it is due; `outcomes` are the warehouse cycle's (its daily_credits is the measured spend). */
export async function runOrganizationIfDue(daemon: Daemon, watch: AccountWatch, at: Date, outcomes: readonly CheckOutcome[]): Promise<CycleRecord | undefined> {
  const { rt } = daemon;
  const organization = (rt.config as { readonly organization?: OrganizationConfig }).organization;
  // Once for the fleet: after the first configured account's warehouse cycle, where that account is watched.
  if (organization === undefined || !daemon.leading() || rt.store === undefined || watch.account.name !== rt.config.accounts[0]?.name) return undefined;
  const check = await organizationCheck(rt.config.queriesDir);
  const cadenceMs = parseDuration(check.header.cadence) ?? 86_400_000;
  const snapshots = await new CheckSnapshotStore(rt.store.db).all();
  const last = snapshots.find((s) => s.check === ORGANIZATION_CHECK)?.lastRunAt;
  if (last !== undefined && at.getTime() - last.getTime() < cadenceMs - SLACK_MS) return undefined;
  // Two replicas may both get here on one day (the first account changed hands, a catch-up): one runs it.
  const nextDueAt = new Date(at.getTime() + cadenceMs - SLACK_MS);
  if (!(await claimDueRun(rt.store.db, ORGANIZATION_CHECK, daemon.owner, at, nextDueAt))) return undefined;
  const outcome = await auditOrganization({
    organization,
    defaults: rt.config.snowflake,
    accounts: measuredAccounts(rt.config.accounts, outcomes, snapshots),
    now: at,
    env: process.env,
    queriesDir: rt.config.queriesDir,
    ...(daemon.deps.connect ? { connect: daemon.deps.connect } : {}),
  });
  daemon.metrics.recordStatement(ORGANIZATION_CHECK, outcome.status === 'failed');
  // Another account's session: the watched account's Snowflake health stays what its own loops last saw.
  return ingestCycle(daemon, watch, { outcomes: [outcome], touchesSnowflake: false }, at);
}

/**
 * Each watched account's measured spend: this warehouse cycle's daily_credits for the first account (the one
 * the cycle reads until each account has its own loop), else its daily_credits snapshot in the store from
 * the last run that returned data (fleet mode: another replica's cycle).
 */
export function measuredAccounts(
  accounts: readonly AccountConfig[],
  outcomes: readonly CheckOutcome[],
  snapshots: readonly CheckSnapshot[],
): MeasuredAccount[] {
  const current = outcomes.find((o) => o.name === 'daily_credits');
  return accounts.map((account, i) => {
    if (i === 0 && current?.status === 'ok') return measuredAccount(account, current);
    const stored = snapshots.find((s) => s.check === 'daily_credits' && s.account === account.name && s.okAt !== undefined);
    return measuredAccount(account, stored ? { status: 'ok', rows: stored.rows } : undefined);
  });
}
