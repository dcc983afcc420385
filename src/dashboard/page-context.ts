/**
 * What every dashboard page is rendered from: the store, the clock, the settings, who is looking and the
 * token their forms carry. A plain type plus the few display helpers every page shares (times, ages,
 * money, Snowsight links, severity badges).
 */

import type { Kysely } from 'kysely';
import type { Alert } from '../alerts/alert.js';
import type { Severity } from '../checks/check.js';
import { CheckSnapshotStore, type CheckSnapshot } from '../ledger/check-snapshot-store.js';
import type { Database } from '../ledger/database.js';
import { formatCredits, formatUsd } from '../report/format-value.js';
import type { Identity } from './authenticate.js';
import { CSRF_FIELD } from './csrf-token.js';
import { html, type SafeHtml } from './html.js';

export interface PageContext {
  readonly db: Kysely<Database>;
  readonly now: Date;
  readonly usdPerCredit: number;
  readonly identity: Identity;
  /** The CSRF token for this user's forms. */
  readonly csrf: string;
  /** `https://app.snowflake.com/ORG/ACCOUNT`, when known. */
  readonly snowsightUrl?: string;
  /** The request's query parameters. */
  readonly query: URLSearchParams;
  /** The names of `accounts:` in config order; with one (or none) the pages show no account selector and read as before. */
  readonly accounts: readonly string[];
  /** The account `?account=` asked for, when there are several accounts and it is one of them. */
  readonly account?: string;
  /** With several accounts: each one's own price and Snowsight address, by name (the all-accounts page reads them). */
  readonly accountSites?: ReadonlyMap<string, AccountSite>;
}

/** What differs per account of `accounts:` on the pages: the price of a credit and where its Snowsight is. */
export interface AccountSite {
  readonly usdPerCredit: number;
  /** `https://app.snowflake.com/ORG/ACCOUNT`, when known. */
  readonly snowsightUrl?: string;
}

/** The account whose snapshots a page shows: the one asked for, else the first; undefined with a single account (every snapshot, as before). */
export function snapshotAccount(ctx: PageContext): string | undefined {
  return ctx.accounts.length > 1 ? (ctx.account ?? ctx.accounts[0]) : undefined;
}

/** The latest snapshots of the page's account (every snapshot with a single account), by check name. */
export async function accountSnapshots(ctx: PageContext): Promise<CheckSnapshot[]> {
  const all = await new CheckSnapshotStore(ctx.db).all();
  const account = snapshotAccount(ctx);
  return account === undefined ? all : all.filter((s) => s.account === account);
}

/** True when the alert belongs to `account` (or carries no account, like a receiver's delivery health); any alert when `account` is unset. */
export function inAccount(alert: Alert, account: string | undefined): boolean {
  const label = alert.labels['account'];
  return account === undefined || label === undefined || label === account;
}

/** `path` keeping the chosen account (`?account=NAME`), for links between pages. */
export function withAccount(ctx: PageContext, path: string): string {
  return ctx.account === undefined ? path : `${path}?account=${encodeURIComponent(ctx.account)}`;
}

/** `2026-11-20 12:00 UTC`. */
export function shortTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** `just now`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function age(at: Date, now: Date): string {
  const minutes = Math.round((now.getTime() - at.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 90) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.round(hours / 24)} d ago`;
}

/** `1,234.50 cr · $3,704`. */
export function money(credits: number, usdPerCredit: number): string {
  return `${formatCredits(credits)} cr · ${formatUsd(credits * usdPerCredit)}`;
}

export function severityBadge(severity: string | undefined): SafeHtml {
  const s = (['critical', 'warning', 'info'] as const).includes(severity as Severity) ? (severity as Severity) : 'info';
  return html`<span class="sev sev-${s}">${severity ?? 'info'}</span>`;
}

/** A hidden CSRF field for a form. */
export function csrfField(ctx: PageContext): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}" />`;
}

/** A link to Snowsight's warehouses page, or nothing when the account's Snowsight address is unknown. */
export function snowsightWarehouses(ctx: PageContext): SafeHtml {
  return ctx.snowsightUrl === undefined
    ? html``
    : html` <a class="small" href="${`${ctx.snowsightUrl}/#/compute/warehouses`}" rel="noreferrer">Snowsight ↗</a>`;
}

/** A link to one query's page in Snowsight (by query id), or nothing. */
export function snowsightQuery(ctx: PageContext, queryId: string): SafeHtml {
  return ctx.snowsightUrl === undefined
    ? html``
    : html` <a class="small" href="${`${ctx.snowsightUrl}/#/compute/history/queries/${encodeURIComponent(queryId)}/detail`}" rel="noreferrer">Snowsight ↗</a>`;
}
