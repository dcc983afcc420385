/**
 * The health page: snowmon watching itself from the store: who leads (the lease; in fleet mode, which
 * replica watches each account), the outbox depth and
 * its oldest waiting notification, the latest delivery errors, and each check's latest runs with their
 * failures. The same on every replica.
 */

import { Outbox } from '../delivery/outbox.js';
import { queuedByText, type OutboxEntry } from '../delivery/outbox-entry.js';
import { AccountLeaseStore, type AccountLease } from '../ledger/account-lease-store.js';
import { AlertLedger } from '../ledger/alert-ledger.js';
import { CheckSnapshotStore } from '../ledger/check-snapshot-store.js';
import { LeaseStore, type Lease } from '../ledger/lease-store.js';
import type { RecordedCheckRun } from '../ledger/check-run.js';
import { formatDuration } from '../report/format-value.js';
import { html, type SafeHtml } from './html.js';
import { age, shortTime, type PageContext } from './page-context.js';
import { page } from './page-layout.js';

/** The lease the daemons share (src/daemon/lease.ts's default name). */
const LEASE = 'snowmon-daemon';

export async function healthPage(ctx: PageContext): Promise<SafeHtml> {
  const outbox = new Outbox(ctx.db);
  const ledger = new AlertLedger(ctx.db);
  const lease = await new LeaseStore(ctx.db).get(LEASE);
  // Replicas sharing several accounts hold a lease per account instead of the leader's.
  const accountLeases = lease === undefined && ctx.accounts.length > 1 ? await new AccountLeaseStore(ctx.db).list() : [];
  const depth = await outbox.depth();
  const oldestMs = await outbox.oldestPendingAge(ctx.now);
  const errors = await outbox.recentErrors(20);
  const runs = await checkRuns(ctx, ledger);
  return page(
    ctx,
    '/health',
    'Health',
    html` <div class="grid">
      <section class="card">
        ${
          accountLeases.length > 0
            ? html`<h2>Watched by</h2>
              ${watchers(accountLeases, ctx.accounts, ctx.now)}`
            : html`<h2>Leader</h2>
              <p>${leaderLine(lease, ctx.now)}</p>`
        }
      </section>
      <section class="card">
        <h2>Outbox</h2>
        <p><strong>${depth}</strong> notification${depth === 1 ? '' : 's'} waiting${depth > 0 ? html`, the oldest for ${formatDuration(oldestMs)}` : ''}</p>
      </section>
      <section class="card wide">
        <h2>Delivery errors</h2>
        ${deliveryErrors(errors)}
      </section>
      <section class="card wide">
        <h2>Check runs</h2>
        ${checkRunsTable(runs, ctx.now, ctx.accounts.length > 1)}
      </section>
    </div>`,
  );
}

/**
 * Each snapshot's check with its latest runs. With several accounts the runs are read per account (the
 * accounts in config order, or only `?account=`); with one they are read across accounts, as before.
 */
async function checkRuns(ctx: PageContext, ledger: AlertLedger): Promise<CheckRuns[]> {
  const snapshots = await new CheckSnapshotStore(ctx.db).all();
  if (ctx.accounts.length <= 1)
    return Promise.all(snapshots.map(async ({ check }) => ({ check, runs: await ledger.checkRuns(check, 10), streak: await ledger.failureStreak(check) })));
  const order = (account: string) => (ctx.accounts.includes(account) ? ctx.accounts.indexOf(account) : ctx.accounts.length);
  const shown = snapshots
    .filter((s) => ctx.account === undefined || s.account === ctx.account)
    .sort((a, b) => order(a.account) - order(b.account) || a.account.localeCompare(b.account) || a.check.localeCompare(b.check));
  return Promise.all(
    shown.map(async ({ check, account }) => ({
      check,
      account,
      runs: await ledger.checkRuns(check, 10, account),
      streak: await ledger.failureStreak(check, 100, account),
    })),
  );
}

/** Who leads: the lease holder, a lapsed lease, or no lease row at all (a single daemon on SQLite). */
function leaderLine(lease: Lease | undefined, now: Date): SafeHtml {
  return lease === undefined
    ? html`no lease row: a single daemon on SQLite leads without one`
    : lease.expiresAt.getTime() > now.getTime()
      ? html`<strong>${lease.owner}</strong> holds the lease until ${shortTime(lease.expiresAt)}`
      : html`<span class="st-failed">the lease lapsed ${age(lease.expiresAt, now)}</span> (last held by ${lease.owner}): no replica is leading`;
}

/** Fleet mode: the replica watching each configured account (its lease), or that none does now. */
function watchers(leases: readonly AccountLease[], accounts: readonly string[], now: Date): SafeHtml {
  const byAccount = new Map(leases.map((l) => [l.account, l]));
  const line = (lease: AccountLease | undefined): SafeHtml =>
    lease?.owner == null
      ? html`<span class="st-failed">no replica holds it</span>`
      : lease.expiresAt.getTime() > now.getTime()
        ? html`<strong>${lease.owner}</strong> until ${shortTime(lease.expiresAt)}`
        : html`<span class="st-failed">its lease lapsed ${age(lease.expiresAt, now)}</span> (last held by ${lease.owner})`;
  return html`<ul>
    ${accounts.map((account) => html`<li>${account}: ${line(byAccount.get(account))}</li>`)}
  </ul>`;
}

/** The latest delivery errors: retrying or given up. */
function deliveryErrors(errors: readonly OutboxEntry[]): SafeHtml {
  return errors.length === 0
    ? html`<p class="muted">None.</p>`
    : html`<div class="scroll">
        <table>
          <thead>
            <tr>
              <th>receiver</th>
              <th>status</th>
              <th class="n">attempts</th>
              <th>error</th>
              <th>next try</th>
            </tr>
          </thead>
          <tbody>
            ${errors.map(
              (e) =>
                html`<tr>
                  <td>${e.receiver}${queuedByText(e) !== undefined ? html`<div class="small muted">queued by ${queuedByText(e)}</div>` : ''}</td>
                  <td class="${e.status === 'dead' ? 'st-failed' : 'st-partial'}">${e.status === 'dead' ? 'given up' : 'retrying'}</td>
                  <td class="n">${e.attempts}</td>
                  <td class="wrap small">${e.lastError ?? ''}</td>
                  <td class="small">${e.status === 'dead' ? '—' : shortTime(e.nextAttemptAt)}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;
}

/** Each check's failure streak and latest runs, with the last error. */
function checkRunsTable(runs: readonly CheckRuns[], now: Date, byAccount: boolean): SafeHtml {
  return html`<div class="scroll">
  <table>
    <thead>
      <tr>${byAccount ? html`<th>account</th>` : ''}
        <th>check</th>
        <th>failing in a row</th>
        <th>latest runs (newest first)</th>
      </tr>
    </thead>
    <tbody>
      ${runs.map(
        (c) =>
          html`<tr>${byAccount ? html`<td>${c.account ?? ''}</td>` : ''}
            <td>${c.check}</td>
            <td class="${c.streak.failures > 0 ? 'st-failed' : 'st-ok'}">
              ${c.streak.failures}${c.streak.since ? html` since ${age(c.streak.since, now)}` : ''}
            </td>
            <td class="wrap small">
              ${c.runs.map((r, i) => html`${i > 0 ? ' · ' : ''}<span class="st-${r.status}" title="${r.error ?? ''}">${r.status}</span> ${shortTime(r.startedAt)} (${formatDuration(r.endedAt.getTime() - r.startedAt.getTime())})`)}
              ${c.runs.find((r) => r.error !== undefined)?.error !== undefined ? html`<div class="muted">last error: ${c.runs.find((r) => r.error !== undefined)?.error}</div>` : ''}
            </td>
          </tr>`,
      )}
    </tbody>
  </table>
</div>`;
}

interface CheckRuns {
  readonly check: string;
  /** Set when runs are read per account. */
  readonly account?: string;
  readonly runs: readonly RecordedCheckRun[];
  readonly streak: { readonly failures: number; readonly since?: Date };
}
