/**
 * The frame around every dashboard page: the document head (the stylesheet, no script), the navigation
 * with the current page marked, who is signed in, and a notice line after an action.
 */

import { html, type SafeHtml } from './html.js';
import { snapshotAccount, withAccount, type PageContext } from './page-context.js';

export const PAGES = [
  { path: '/', title: 'Overview' },
  { path: '/alerts', title: 'Alerts' },
  { path: '/silences', title: 'Silences' },
  { path: '/warehouses', title: 'Warehouses' },
  { path: '/queries', title: 'Queries' },
  { path: '/security', title: 'Security' },
  { path: '/health', title: 'Health' },
] as const;

/** With several accounts, after the overview: the page that sums them (page-accounts.ts). */
export const ACCOUNTS_PAGE = { path: '/accounts', title: 'Accounts' } as const;

/** The pages of the navigation: the all-accounts page only with several accounts. */
function navPages(ctx: PageContext): readonly { readonly path: string; readonly title: string }[] {
  return ctx.accounts.length > 1 ? [PAGES[0], ACCOUNTS_PAGE, ...PAGES.slice(1)] : PAGES;
}

/** The pages that can show every account at once (their rows carry the account); the others show one account's snapshots. */
const ALL_ACCOUNTS_PAGES = new Set(['/alerts', '/health']);

/**
 * With several accounts: a plain link per account (`?account=NAME`), the shown one marked; nothing with one
 * account. On the all-accounts page each leads to the account's overview.
 */
function accountSelector(ctx: PageContext, current: string): SafeHtml {
  if (ctx.accounts.length <= 1) return html``;
  const all = ALL_ACCOUNTS_PAGES.has(current);
  const summary = current === ACCOUNTS_PAGE.path;
  const shown = all ? ctx.account : summary ? '' : snapshotAccount(ctx);
  const to = summary ? '/' : current;
  const link = (name: string | undefined, text: string) =>
    html`<a href="${name === undefined ? to : `${to}?account=${encodeURIComponent(name)}`}" ${shown === name ? html` aria-current="true"` : ''}>${text}</a>`;
  return html`<nav class="accounts" aria-label="accounts">
    <span class="muted">account</span> ${all ? link(undefined, 'all') : ''} ${ctx.accounts.map((name) => link(name, name))}
  </nav>`;
}

/** What an action redirects back with (`?done=`): fixed texts, so a link cannot put words on the page. */
const NOTICES: Readonly<Record<string, string>> = {
  acked: 'Acknowledged.',
  silenced: 'Silence added.',
  expired: 'Silence expired.',
};

/** With several accounts, a notice when `?account=` names none of them (a removed account, a typo): the page shows its default. */
function unknownAccount(ctx: PageContext): SafeHtml | string {
  const asked = ctx.query.get('account') ?? '';
  if (ctx.accounts.length <= 1 || asked === '' || ctx.accounts.includes(asked)) return '';
  return html`<p class="notice" role="status">No account "${asked}" in accounts: (${ctx.accounts.join(', ')}); this page shows its default.</p>`;
}

export function page(ctx: PageContext, current: string, title: string, body: SafeHtml): SafeHtml {
  const done = NOTICES[ctx.query.get('done') ?? ''];
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · snowmon</title>
        <link rel="stylesheet" href="/static/dashboard.css" />
      </head>
      <body>
        <header class="top">
          <span class="brand">snowmon</span>
          <nav>${navPages(ctx).map((p) => html`<a href="${p === ACCOUNTS_PAGE ? p.path : withAccount(ctx, p.path)}" ${p.path === current ? html` aria-current="page"` : ''}>${p.title}</a>`)}</nav>
          <span class="who">${ctx.identity.method === 'token' ? 'signed in with the token' : html`signed in as ${ctx.identity.user}`}</span>
        </header>${accountSelector(ctx, current)}
        <main>
          ${done !== undefined ? html`<p class="notice" role="status">${done}</p>` : ''}${unknownAccount(ctx)}
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html>`;
}
