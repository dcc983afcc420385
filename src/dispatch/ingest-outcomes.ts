/**
 * One run of checks into the ledger: findings become alerts (runbook line; cost alerts get the spend
 * context of the latest credits_by_warehouse / top_queries rows), the checks' runs are ingested in one
 * transaction (a failed check resolves nothing), expire_on_resolve silences end, and the groups' timers
 * follow. The event loop runs between checks (a storm is thousands of statements on a synchronous SQLite).
 */

import { findingsToAlerts } from './findings-to-alerts.js';
import type { ObservedAlert } from '../alerts/alert.js';
import type { AccountIdentity } from '../alerts/account-labels.js';
import type { CheckOutcome } from '../checks/check.js';
import type { AlertTransition } from '../ledger/alert-ledger.js';
import { breathe } from '../ledger/breathe.js';
import type { LedgerRun } from '../ledger/ingest-runs.js';
import { matches, parseMatcherTexts } from '../router/matchers.js';
import type { DispatchContext } from './dispatch-context.js';
import { COST_ALERT_TYPES, costContext, type CostContextSource } from './cost-context.js';
import { trackGroups } from './track-groups.js';

/** Remembers the latest spend rows of each account across ingests (a daemon's cheap checks run more often than these). */
export class SpendMemory {
  readonly #sources = new Map<string, CostContextSource>();

  /** Takes the rows of ok runs of credits_by_warehouse and top_queries of one account. */
  remember(outcomes: readonly CheckOutcome[], account = ''): void {
    for (const o of outcomes) {
      if (o.status !== 'ok') continue;
      if (o.name === 'credits_by_warehouse') this.#sources.set(account, { ...this.source(account), creditsByWarehouse: o.rows });
      if (o.name === 'top_queries') this.#sources.set(account, { ...this.source(account), topQueries: o.rows });
    }
  }

  source(account = ''): CostContextSource {
    return this.#sources.get(account) ?? {};
  }
}

/** One run of checks of one account (`account` unset: of none) into the ledger (one transaction) and the groups. */
export async function ingestOutcomes(
  ctx: DispatchContext,
  spend: SpendMemory,
  outcomes: readonly CheckOutcome[],
  now: Date,
  account?: AccountIdentity,
): Promise<AlertTransition[]> {
  const transitions = await ctx.ledger.ingestMany(await ledgerRuns(ctx, spend, outcomes, account), now);
  await afterTransitions(ctx, transitions, now);
  return transitions;
}

/** The ledger's runs for `outcomes` of one account: their findings as alerts, cost alerts with the spend context. */
export async function ledgerRuns(ctx: DispatchContext, spend: SpendMemory, outcomes: readonly CheckOutcome[], account?: AccountIdentity): Promise<LedgerRun[]> {
  spend.remember(outcomes, account?.name);
  const context = costContext(spend.source(account?.name));
  const runs: LedgerRun[] = [];
  for (const outcome of outcomes) {
    await breathe();
    const alerts = findingsToAlerts(outcome, ctx.runbooks, account).map((a) => withContext(a, context));
    const startedAt = new Date(outcome.startedAt);
    runs.push({
      check: outcome.name,
      outcome: {
        status: outcome.status,
        alerts,
        ...(Number.isNaN(startedAt.getTime()) ? {} : { startedAt }),
        rows: outcome.rows.length,
        ...(outcome.error !== undefined ? { error: outcome.error } : {}),
        ...(account !== undefined ? { account: account.name } : {}),
      },
    });
  }
  return runs;
}

/** Events, expire_on_resolve silences and group timers for transitions from any source. */
export async function afterTransitions(ctx: DispatchContext, transitions: readonly AlertTransition[], now: Date): Promise<void> {
  for (const t of transitions) {
    const account = t.alert.labels['account'];
    ctx.emit({
      type: 'alert_transition',
      at: now,
      fingerprint: t.alert.fingerprint,
      check: t.alert.check,
      ...(account ? { account } : {}),
      from: t.from,
      to: t.to,
    });
  }
  const resolved = transitions.filter((t) => t.to === 'resolved').map((t) => t.alert);
  if (resolved.length > 0) {
    const firing = await ctx.ledger.active();
    const ids = await ctx.silences.expireResolved({ resolved, firing, matches: matchTexts }, now);
    if (ids.length > 0) ctx.emit({ type: 'silences_expired', at: now, ids });
  }
  await trackGroups(ctx, transitions, now);
}

function withContext(alert: ObservedAlert, context: readonly string[]): ObservedAlert {
  if (context.length === 0 || !COST_ALERT_TYPES.includes(alert.labels['alert_type'] ?? '')) return alert;
  return { labels: alert.labels, annotations: { ...alert.annotations, context } };
}

function matchTexts(texts: readonly string[], labels: Readonly<Record<string, string>>): boolean {
  const parsed = parseMatcherTexts(texts);
  return parsed !== undefined && matches(parsed, labels);
}
