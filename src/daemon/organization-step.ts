/**
 * The daemon's organization step: after a warehouse cycle, when `organization:` is configured and the
 * organization_usage check's cadence (its header, `1d`) has passed since its last run in the store, one
 * run of it on its own connection (src/audit/audit-organization.ts), ingested like any cycle; once across
 * the replicas sharing the store, whichever claims the day's run first (src/ledger/claim-due-run.ts). Its
 * own small step so the per-account loops need not know about it.
 */

import { auditOrganization, measuredAccount, ORGANIZATION_CHECK, organizationCheck, organizationLabels } from '../audit/audit-organization.js';
import type { CheckOutcome, Finding } from '../checks/check.js';
import type { OrganizationConfig } from '../checks/organization-config.js';
import { parseDuration } from '../config/parse-duration.js';
import { CheckSnapshotStore, type CheckSnapshot } from '../ledger/check-snapshot-store.js';
import { claimDueRun, lastRunClaim } from '../ledger/claim-due-run.js';
import type { MeasuredAccount } from '../checks/evaluate-organization.js';
import { isAccountsList, type AccountConfig } from '../sources/account-config.js';
import type { AccountWatch } from './account-watch.js';
import type { Daemon } from './daemon-runtime.js';
import { ingestCycle } from './ingest-cycle.js';
import type { CycleRecord } from './record-cycle.js';

/** A daily warehouse loop ticks at the same time each day: a run is due a little before the full cadence. */
const SLACK_MS = 3_600_000;
/**
 * When some watched account had no stored spend to compare (at first start, before the other accounts'
 * first cycles, perhaps on other replicas): the day's run is claimed only this long, then read again.
 */
export const INCOMPLETE_RETRY_MS = 3_600_000;

/** Runs organization_usage when it is due; `outcomes` are the warehouse cycle's (its daily_credits is the measured spend). */
export async function runOrganizationIfDue(daemon: Daemon, watch: AccountWatch, at: Date, outcomes: readonly CheckOutcome[]): Promise<CycleRecord | undefined> {
  const { rt } = daemon;
  const organization = (rt.config as { readonly organization?: OrganizationConfig }).organization;
  // Once for the fleet: after the first configured account's warehouse cycle, where that account is watched.
  if (organization === undefined || !daemon.leading() || rt.store === undefined || watch.account.name !== rt.config.accounts[0]?.name) return undefined;
  const check = await organizationCheck(rt.config.queriesDir);
  const cadenceMs = parseDuration(check.header.cadence) ?? 86_400_000;
  // The claim says when the next run is due (a day, or an hour after a run that missed some account's spend).
  const claim = await lastRunClaim(rt.store.db, ORGANIZATION_CHECK);
  if (claim !== undefined && claim.nextDueAt.getTime() > at.getTime()) return undefined;
  const snapshots = await new CheckSnapshotStore(rt.store.db).ofChecks([ORGANIZATION_CHECK, 'daily_credits']);
  const previous = snapshots.find((s) => s.check === ORGANIZATION_CHECK);
  const last = previous?.lastRunAt;
  if (claim === undefined && last !== undefined && at.getTime() - last.getTime() < cadenceMs - SLACK_MS) return undefined;
  const accounts = measuredAccounts(rt.config.accounts, outcomes, snapshots);
  const unmeasured = accounts.filter((a) => a.days === undefined).map((a) => a.name);
  // Two replicas may both get here on one day (the first account changed hands, a catch-up): one runs it.
  const nextDueAt = new Date(at.getTime() + (unmeasured.length > 0 ? Math.min(INCOMPLETE_RETRY_MS, cadenceMs - SLACK_MS) : cadenceMs - SLACK_MS));
  if (!(await claimDueRun(rt.store.db, ORGANIZATION_CHECK, daemon.owner, at, nextDueAt))) return undefined;
  if (unmeasured.length > 0) {
    daemon.logger.info(
      { component: 'organization', accounts: unmeasured, next_run_at: nextDueAt.toISOString() },
      'organization view: no stored spend yet for some accounts; compared again once they have one',
    );
  }
  const audited = await auditOrganization({
    organization,
    defaults: rt.config.snowflake,
    accounts,
    now: at,
    env: process.env,
    queriesDir: rt.config.queriesDir,
    ...(daemon.deps.connect ? { connect: daemon.deps.connect } : {}),
  });
  const kept = keepUnmeasuredGaps(audited, unmeasured, previous?.findings ?? []);
  const outcome = isAccountsList(rt.config.accounts) ? organizationLabels(kept, rt.config.accounts, organization.snowflake.account ?? 'organization') : kept;
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

/**
 * An account with no figure to compare shows no billing gap, which is not news that its gap closed: the
 * billing_gap findings of the last run for those accounts are carried into this one, so their alerts stay
 * firing until a run that did compare them says otherwise.
 */
export function keepUnmeasuredGaps(outcome: CheckOutcome, unmeasured: readonly string[], previous: readonly Finding[]): CheckOutcome {
  const kept = previous.filter((f) => f.labels['finding'] === 'billing_gap' && unmeasured.includes(f.labels['account'] ?? ''));
  if (outcome.status === 'failed' || kept.length === 0) return outcome;
  const key = (f: Finding) => `${f.labels['finding'] ?? ''}\u0000${f.labels['account'] ?? ''}`;
  const seen = new Set(outcome.findings.map(key));
  return { ...outcome, findings: [...outcome.findings, ...kept.filter((f) => !seen.has(key(f)))] };
}
