/**
 * The dashboard's request handler, mounted beside /healthz /readyz /metrics by the daemon's HTTP server:
 * a tiny router over node:http (the pages are server-rendered HTML that works without JavaScript), the
 * security headers on every answer, authentication before any data (401 and no data otherwise), and the
 * ack and silence forms, CSRF-checked, writing through the same stores as `snowmon ack` / `snowmon silence`.
 * Off unless `daemon.dashboard.enabled`: then it claims no path and /metrics stays open.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import { AckStore } from '../ledger/ack-store.js';
import { AlertLedger } from '../ledger/alert-ledger.js';
import { DashboardKeyStore } from '../ledger/dashboard-key-store.js';
import type { Database } from '../ledger/database.js';
import { SilenceStore } from '../ledger/silence-store.js';
import { authenticate, sameSecret, TOKEN_COOKIE, type BasicAuthCache, type Identity } from './authenticate.js';
import type { DashboardConfig } from './dashboard-config.js';
import { DASHBOARD_CSS } from './dashboard-style.js';
import { CSRF_FIELD, csrfRejection, csrfToken } from './csrf-token.js';
import { html, type SafeHtml } from './html.js';
import { alertPage, alertsPage } from './page-alerts.js';
import { queriesPage, securityPage, warehousesPage } from './page-checks.js';
import type { AccountSite, PageContext } from './page-context.js';
import { ACCOUNTS_PATH, accountsPage } from './page-accounts.js';
import { accountSnowsightUrl } from '../config/snowsight-url.js';
import { healthPage } from './page-health.js';
import { overviewPage } from './page-overview.js';
import { addSilence, silenceFormFrom, silencesPage } from './page-silences.js';
import { readForm } from './read-form.js';
import { SECURITY_HEADERS } from './security-headers.js';

export interface DashboardAppOptions {
  /** The store, once open; undefined while the daemon is starting. */
  readonly db: () => Kysely<Database> | undefined;
  /** The current settings (they follow a SIGHUP reload). */
  readonly settings: () => {
    readonly dashboard: DashboardConfig;
    readonly usdPerCredit: number;
    /** The first watched account's Snowflake identifier (for Snowsight links). */
    readonly account?: string;
    /** The names of `accounts:` in config order; with several the pages read per account (`?account=NAME`). */
    readonly accounts?: readonly string[];
    /** Each account's Snowflake identifier, its entry's `snowsight_url` (its Snowsight links) and price per credit, by name. */
    readonly accountSettings?: ReadonlyMap<string, { readonly account?: string; readonly snowsightUrl?: string; readonly usdPerCredit: number }>;
  };
  readonly now: () => Date;
}

export interface DashboardApp {
  /** Answers the request when the path is the dashboard's; false (nothing written) when it is not. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** True when /metrics may be served; otherwise it has answered 401. */
  allowMetrics(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
}

const GET_PAGES = new Set(['/', ACCOUNTS_PATH, '/alerts', '/silences', '/warehouses', '/queries', '/security', '/health']);
const POSTS = new Set(['/alerts/ack', '/silences', '/silences/preview', '/silences/expire']);
const ALERT_PAGE = /^\/alerts\/([0-9a-f]{8,64})$/;

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { ...SECURITY_HEADERS, location, 'content-length': '0', ...headers });
  res.end();
}

/** A local path to go back to after a form, never another site. */
function safeBack(back: string | undefined, fallback: string): string {
  return back !== undefined && /^\/(?![/\\])[^\s]*$/.test(back) ? back : fallback;
}

function withDone(path: string, done: string): string {
  const url = new URL(path, 'http://localhost');
  url.searchParams.set('done', done);
  return `${url.pathname}${url.search}`;
}

function plainPage(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · snowmon</title>
        <link rel="stylesheet" href="/static/dashboard.css" />
      </head>
      <body>
        <main>
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`.text;
}

export function buildDashboard(options: DashboardAppOptions): DashboardApp {
  const cache: BasicAuthCache = new Map();
  let csrfKey: Buffer | undefined;

  const key = async (db: Kysely<Database>): Promise<Buffer> => {
    csrfKey ??= await new DashboardKeyStore(db).getOrCreate('csrf', options.now());
    return csrfKey;
  };

  return {
    async allowMetrics(req, res) {
      const config = options.settings().dashboard;
      if (!config.enabled || !config.protectMetrics) return true;
      // A scraper cannot pass a proxy login, and a header is no credential for /metrics.
      const { trustedHeader: _proxyHeader, ...credentials } = config.auth;
      if ((await authenticate(req, credentials, cache)) !== undefined) return true;
      res.writeHead(401, {
        'content-type': 'text/plain; charset=utf-8',
        ...(config.auth.basicUsers !== undefined ? { 'www-authenticate': 'Basic realm="snowmon", charset="UTF-8"' } : {}),
      });
      res.end('401 unauthorized: /metrics needs the dashboard token or a basic-auth user\n');
      return false;
    },

    async handle(req, res) {
      const settings = options.settings();
      const config = settings.dashboard;
      if (!config.enabled) return false;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      const method = req.method ?? 'GET';
      const known = GET_PAGES.has(path) || ALERT_PAGE.test(path) || POSTS.has(path) || path === '/login' || path === '/static/dashboard.css';
      if (!known) return false;
      if (await answeredBeforeSignIn(req, res, path, config)) return true;
      const identity: Identity | undefined = await authenticate(req, config.auth, cache);
      if (identity === undefined) {
        unauthorized(res, config);
        return true;
      }
      const db = options.db();
      if (db === undefined) {
        send(res, 503, plainPage('Starting', html`<p>The daemon is still opening its store; reload in a moment.</p>`), { 'retry-after': '5' });
        return true;
      }
      const signing = await key(db);
      const accounts = settings.accounts ?? [];
      const asked = url.searchParams.get('account') ?? '';
      const account = accounts.length > 1 && accounts.includes(asked) ? asked : undefined;
      const { sites, usdPerCredit, snowsightUrl } = shownSite(settings, config, account);
      const ctx: PageContext = {
        db,
        now: options.now(),
        usdPerCredit,
        identity,
        csrf: csrfToken(signing, identity.user),
        query: url.searchParams,
        accounts,
        ...(account !== undefined ? { account } : {}),
        ...(snowsightUrl !== undefined ? { snowsightUrl } : {}),
        ...(sites !== undefined ? { accountSites: sites } : {}),
      };
      if (method === 'POST') {
        await checkedPost(req, res, path, ctx, signing);
        return true;
      }
      // The all-accounts page has nothing to sum with one account: the overview is its page.
      if (path === ACCOUNTS_PATH && sites === undefined) return (redirect(res, '/'), true);
      const body = await pageFor(path, ctx);
      if (body === undefined) send(res, 404, plainPage('Not found', html`<p>No alert with that fingerprint. <a href="/alerts">Alerts</a></p>`));
      else send(res, 200, method === 'HEAD' ? '' : body.text);
      return true;
    },
  };
}

/**
 * The shown account's price and Snowsight address: with several accounts its own (the first's when none is
 * asked for), with each one's in `sites`; with one, its entry's `snowsight_url`, the dashboard's, or derived.
 */
function shownSite(
  settings: ReturnType<DashboardAppOptions['settings']>,
  config: DashboardConfig,
  account: string | undefined,
): { sites?: Map<string, AccountSite>; usdPerCredit: number; snowsightUrl?: string } {
  const accounts = settings.accounts ?? [];
  if (accounts.length > 1) {
    const sites = accountSites(settings, config);
    const site = sites.get(account ?? (accounts[0] as string));
    return {
      sites,
      usdPerCredit: site?.usdPerCredit ?? settings.usdPerCredit,
      ...(site?.snowsightUrl !== undefined ? { snowsightUrl: site.snowsightUrl } : {}),
    };
  }
  const own = settings.accountSettings?.get(accounts[0] ?? '')?.snowsightUrl;
  const snowsightUrl = accountSnowsightUrl({ own, dashboard: config.snowsightUrl, index: 0, identifier: settings.account });
  return { usdPerCredit: settings.usdPerCredit, ...(snowsightUrl !== undefined ? { snowsightUrl } : {}) };
}

/**
 * Each account's price and Snowsight address, by name: its `accounts:` entry's `usd_per_credit` and
 * `snowsight_url` (else derived from its identifier); `daemon.dashboard.snowsight_url`, written for one
 * account, stays the first account's when that entry has none of its own.
 */
function accountSites(settings: ReturnType<DashboardAppOptions['settings']>, config: DashboardConfig): Map<string, AccountSite> {
  return new Map(
    (settings.accounts ?? []).map((name, i) => {
      const own = settings.accountSettings?.get(name);
      const identifier = own?.account ?? (i === 0 ? settings.account : undefined);
      const snowsightUrl = accountSnowsightUrl({ own: own?.snowsightUrl, dashboard: config.snowsightUrl, index: i, identifier });
      return [name, { usdPerCredit: own?.usdPerCredit ?? settings.usdPerCredit, ...(snowsightUrl !== undefined ? { snowsightUrl } : {}) }];
    }),
  );
}

/** 401 with the ways in this config accepts, and the token form when a token is one. */
function unauthorized(res: ServerResponse, config: DashboardConfig, error?: string): void {
  const auth = config.auth;
  const ways = [
    auth.token !== undefined ? 'the dashboard token' : undefined,
    auth.basicUsers !== undefined ? 'a user name and password' : undefined,
    auth.trustedHeader !== undefined ? 'your sign-in proxy' : undefined,
  ].filter((w) => w !== undefined);
  const body = html`<p>Sign in with ${ways.join(' or ')} to see this page.</p>
    ${error !== undefined ? html`<p class="notice error">${error}</p>` : ''}
    ${
      auth.token !== undefined
        ? html`<form class="stack" method="post" action="/login">
            <label>token<input type="password" name="token" autocomplete="current-password" required /></label
            ><button class="primary" type="submit">Sign in</button>
          </form>`
        : ''
    }`;
  send(res, 401, plainPage('Sign in', body), auth.basicUsers !== undefined ? { 'www-authenticate': 'Basic realm="snowmon", charset="UTF-8"' } : {});
}

/** POST /login: a right token sets the HttpOnly cookie and goes home; anything else is a 401. */
async function login(req: IncomingMessage, res: ServerResponse, config: DashboardConfig): Promise<void> {
  const form = await readForm(req);
  const token = form?.get('token') ?? '';
  const site = req.headers['sec-fetch-site'];
  if (config.auth.token === undefined || site === 'cross-site' || !sameSecret(token, config.auth.token.reveal())) {
    unauthorized(res, config, config.auth.token === undefined ? undefined : 'That token is not the dashboard token.');
    return;
  }
  const secure = (req.socket as { encrypted?: boolean }).encrypted === true || req.headers['x-forwarded-proto'] === 'https';
  redirect(res, '/', { 'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}` });
}

/** A CSRF-checked form: ack an alert, expire, preview or add a silence. */
async function post(res: ServerResponse, path: string, ctx: PageContext, form: URLSearchParams): Promise<void> {
  const author = ctx.identity.method === 'token' ? (form.get('author') ?? '').trim().slice(0, 100) || 'dashboard (token)' : ctx.identity.user;
  if (path === '/alerts/ack') {
    const fp = form.get('fingerprint') ?? '';
    const alert = await new AlertLedger(ctx.db).get(fp);
    if (alert === undefined)
      return send(
        res,
        404,
        plainPage(
          'No such alert',
          html`<p>No alert with fingerprint ${fp}.</p>
            <p><a href="/alerts">Alerts</a></p>`,
        ),
      );
    const comment = (form.get('comment') ?? '').trim().slice(0, 500);
    await new AckStore(ctx.db).acknowledge({ fingerprint: alert.fingerprint }, author, ctx.now, comment || undefined);
    return redirect(res, withDone(safeBack(form.get('back') ?? undefined, `/alerts/${alert.fingerprint}`), 'acked'));
  }
  if (path === '/silences/expire') {
    const store = new SilenceStore(ctx.db);
    const silence = await store.get(form.get('id') ?? '');
    if (silence === undefined) return send(res, 404, plainPage('No such silence', html`<p><a href="/silences">Silences</a></p>`));
    await store.expire(silence.id, ctx.now);
    return redirect(res, '/silences?done=expired');
  }
  const silenceForm = { matchers: form.get('matchers') ?? '', duration: form.get('for') ?? '', comment: form.get('comment') ?? '' };
  const formCtx = { ...ctx, query: form };
  if (path === '/silences/preview') return send(res, 200, (await silencesPage(formCtx, silenceForm)).text);
  const errors = await addSilence(ctx, silenceForm, author);
  if (errors.length > 0) return send(res, 400, (await silencesPage(formCtx, silenceForm, errors)).text);
  return redirect(res, '/silences?done=silenced');
}

/** The page at `path`, or undefined for an alert that does not exist. */
async function pageFor(path: string, ctx: PageContext): Promise<SafeHtml | undefined> {
  if (path === '/') return overviewPage(ctx);
  if (path === ACCOUNTS_PATH) return accountsPage(ctx);
  if (path === '/alerts') return alertsPage(ctx);
  if (path === '/silences') return silencesPage(ctx, silenceFormFrom(ctx.query));
  if (path === '/warehouses') return warehousesPage(ctx);
  if (path === '/queries') return queriesPage(ctx);
  if (path === '/security') return securityPage(ctx);
  if (path === '/health') return healthPage(ctx);
  const fp = ALERT_PAGE.exec(path)?.[1];
  return fp === undefined ? undefined : alertPage(ctx, fp);
}

/** What needs no sign-in: the stylesheet, the login form, and 405 for a method the path does not take; false for the rest. */
async function answeredBeforeSignIn(req: IncomingMessage, res: ServerResponse, path: string, config: DashboardConfig): Promise<boolean> {
  const method = req.method ?? 'GET';
  const isGet = method === 'GET' || method === 'HEAD';
  if (path === '/static/dashboard.css' && isGet) {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' });
    res.end(DASHBOARD_CSS);
    return true;
  }
  if (path === '/login') {
    if (method === 'POST') await login(req, res, config);
    else unauthorized(res, config);
    return true;
  }
  const wantsPost = POSTS.has(path) && !(path === '/silences' && isGet);
  if (wantsPost ? method !== 'POST' : !isGet) {
    send(res, 405, plainPage('Method not allowed', html``), { allow: wantsPost ? 'POST' : 'GET, HEAD' });
    return true;
  }
  return false;
}

/** A signed-in POST: a form (400 otherwise) with a valid CSRF token (403 otherwise), then `post`. */
async function checkedPost(req: IncomingMessage, res: ServerResponse, path: string, ctx: PageContext, signing: Buffer): Promise<void> {
  const form = await readForm(req);
  if (form === undefined) {
    send(res, 400, plainPage('Bad request', html`<p>Expected a form (application/x-www-form-urlencoded, at most 64 KB).</p>`));
    return;
  }
  const rejected = csrfRejection(req, signing, ctx.identity.user, form.get(CSRF_FIELD) ?? undefined);
  if (rejected !== undefined) {
    send(res, 403, plainPage('Refused', html`<p>${rejected}</p>`));
    return;
  }
  await post(res, path, ctx, form);
}
