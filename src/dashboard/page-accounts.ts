/**
 * The all-accounts page (`/accounts`, with several `accounts:`): the month to date summed over the
 * accounts (each at its own price per credit), the firing alerts by severity, then one row per account with
 * its month to date, its firing alerts, its worst ones, its last check run and its failed checks, each
 * linking to that account's pages and its own Snowsight. Alerts tied to no account (a receiver's delivery
 * health, the store outage) are listed apart, and so are those of an account no longer in `accounts:`.
 */

import type { Alert } from '../alerts/alert.js';
import { AlertLedger } from '../ledger/alert-ledger.js';
import { CheckSnapshotStore, type CheckSnapshot } from '../ledger/check-snapshot-store.js';
import { formatCredits, formatUsd } from '../report/format-value.js';
import { html, type SafeHtml } from './html.js';
import { age, severityBadge, shortTime, type AccountSite, type PageContext } from './page-context.js';
import { ACCOUNTS_PAGE, page } from './page-layout.js';
import { bySeverity, SEVERITY_ORDER } from './sort-alerts.js';
import { spendOverview } from './spend-overview.js';

/** The path of the all-accounts page. */
export const ACCOUNTS_PATH = ACCOUNTS_PAGE.path;

/** How many of an account's firing alerts its row names. */
const WORST = 3;

/** One account's row. */
export interface AccountLine {
  readonly name: string;
  readonly site: AccountSite | undefined;
  readonly monthToDate: { readonly credits: number; readonly usd: number } | undefined;
  /** Its firing alerts, critical first. */
  readonly firing: readonly Alert[];
  /** Its checks' latest snapshots. */
  readonly snapshots: readonly CheckSnapshot[];
}

export async function accountsPage(ctx: PageContext): Promise<SafeHtml> {
  const snapshots = await new CheckSnapshotStore(ctx.db).all();
  const firing = bySeverity(await new AlertLedger(ctx.db).active());
  const lines = ctx.accounts.map((name): AccountLine => {
    const own = snapshots.filter((s) => s.account === name);
    const site = ctx.accountSites?.get(name);
    const spend = spendOverview(new Map(own.map((s) => [s.check, s])), site?.usdPerCredit ?? ctx.usdPerCredit);
    return { name, site, monthToDate: spend.monthToDate, firing: firing.filter((a) => a.labels['account'] === name), snapshots: own };
  });
  const apart = firing.filter((a) => !ctx.accounts.includes(a.labels['account'] ?? ''));
  return page(ctx, ACCOUNTS_PATH, 'All accounts', renderAccounts(ctx, lines, apart));
}

export function renderAccounts(ctx: PageContext, lines: readonly AccountLine[], apart: readonly Alert[]): SafeHtml {
  const known = lines.filter((l) => l.monthToDate !== undefined);
  const usd = known.reduce((sum, l) => sum + (l.monthToDate?.usd ?? 0), 0);
  const credits = known.reduce((sum, l) => sum + (l.monthToDate?.credits ?? 0), 0);
  const all = [...lines.flatMap((l) => l.firing), ...apart];
  const failing = lines.filter((l) => l.snapshots.some((s) => s.lastStatus === 'failed')).length;
  return html`<section class="kpis card" aria-label="key figures">
      <div class="kpi">
        <div class="v">${known.length > 0 ? formatUsd(usd) : '—'}</div>
        <div class="l">month to date over ${known.length} of ${lines.length} accounts, ${formatCredits(credits)} credits</div>
      </div>
      <div class="kpi">
        <div class="v">${severityCounts(all)}</div>
        <div class="l">firing: critical / warning / info</div>
      </div>
      <div class="kpi">
        <div class="v">${failing}</div>
        <div class="l">accounts with a failed check</div>
      </div>
    </section>
    <section class="card">
      <h2>Accounts</h2>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>account</th>
              <th class="n">month to date</th>
              <th class="n">firing</th>
              <th>worst firing</th>
              <th>last run</th>
            </tr>
          </thead>
          <tbody>
            ${lines.map((l) => accountRow(ctx, l))}
          </tbody>
        </table>
      </div>
      ${known.length < lines.length ? html`<p class="small muted">— : no month to date yet (credits_by_warehouse has not run for the account); the sum leaves it out.</p>` : ''}
    </section>
    ${apartSections(apart, ctx)}`;
}

/** Alerts of no account, and alerts of accounts removed from `accounts:` (nothing checks them now), each under its account. */
function apartSections(apart: readonly Alert[], ctx: PageContext): SafeHtml {
  const none = apart.filter((a) => (a.labels['account'] ?? '') === '');
  const gone = apart.filter((a) => (a.labels['account'] ?? '') !== '');
  const names = [...new Set(gone.map((a) => a.labels['account'] ?? ''))].sort();
  return html`${none.length > 0 ? html`<section class="card"><h2>Not tied to one account</h2>${alertList(none, ctx)}</section>` : ''}
  ${
    gone.length > 0
      ? html`<section class="card">
        <h2>Of accounts no longer in accounts:</h2>
        <p class="small muted">${names.join(', ')}: nothing checks ${names.length === 1 ? 'it' : 'them'} any more, so these alerts stay firing until ${names.length === 1 ? 'it is' : 'they are'} watched again.</p>
        ${alertList(gone, ctx, true)}
      </section>`
      : ''
  }`;
}

/** `c / w / i` of the alerts by severity. */
function severityCounts(alerts: readonly Alert[]): SafeHtml {
  return html`${SEVERITY_ORDER.map((s, i) => html`${i > 0 ? ' / ' : ''}${alerts.filter((a) => (a.labels['severity'] ?? 'info') === s).length}`)}`;
}

function accountRow(ctx: PageContext, line: AccountLine): SafeHtml {
  const q = `?account=${encodeURIComponent(line.name)}`;
  const last = line.snapshots.reduce<Date | undefined>((at, s) => (at === undefined || s.lastRunAt > at ? s.lastRunAt : at), undefined);
  const failed = line.snapshots.filter((s) => s.lastStatus === 'failed');
  const snowsight = line.site?.snowsightUrl;
  return html`<tr>
    <td>
      <a href="${`/${q}`}"><strong>${line.name}</strong></a>
      ${snowsight !== undefined ? html`<a class="small" href="${`${snowsight}/#/compute/warehouses`}" rel="noreferrer">Snowsight ↗</a>` : ''}
    </td>
    <td class="n">${line.monthToDate !== undefined ? html`${formatUsd(line.monthToDate.usd)}<div class="small muted">${formatCredits(line.monthToDate.credits)} cr</div>` : '—'}</td>
    <td class="n"><a href="${`/alerts${q}`}">${severityCounts(line.firing)}</a></td>
    <td>${line.firing.length === 0 ? html`<span class="muted">nothing firing</span>` : alertList(line.firing.slice(0, WORST), ctx)}</td>
    <td>
      ${last === undefined ? html`<span class="muted">no check has run</span>` : html`${age(last, ctx.now)} <span class="small muted">${shortTime(last)}</span>`}
      ${failed.length > 0 ? html`<div><a class="st-failed" href="${`/health${q}`}">${failed.length} failed: ${failed.map((s) => s.check).join(', ')}</a></div>` : ''}
    </td>
  </tr>`;
}

function alertList(alerts: readonly Alert[], ctx: PageContext, withAccount = false): SafeHtml {
  return html`<ul class="plain">
    ${alerts.map(
      (a) =>
        html`<li>
          ${severityBadge(a.labels['severity'])} ${withAccount ? html`<strong>${a.labels['account'] ?? ''}</strong> ` : ''}<a href="${`/alerts/${a.fingerprint}`}">${a.annotations.summary}</a>
          <span class="small muted">since ${age(a.startsAt, ctx.now)}</span>
        </li>`,
    )}
  </ul>`;
}
