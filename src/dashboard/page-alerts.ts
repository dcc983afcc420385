/**
 * The alerts pages: the list (firing, resolved or both; filtered by type, severity and a label matcher)
 * with who acknowledged each one and an ack button, and one alert's page (labels, annotations, history,
 * acknowledgements, an ack form with a comment, a link to silence it). Acks are made by dashboard-app.ts
 * with the same store operation as `snowmon ack`.
 */

import type { Alert } from '../alerts/alert.js';
import { AckStore, type Acknowledgement } from '../ledger/ack-store.js';
import { AlertLedger, type AlertHistoryEntry } from '../ledger/alert-ledger.js';
import { formatMatcher, matches, parseMatcher } from '../router/matchers.js';
import { html, type SafeHtml } from './html.js';
import { age, csrfField, inAccount, severityBadge, shortTime, type PageContext } from './page-context.js';
import { page } from './page-layout.js';
import { bySeverity, SEVERITY_ORDER } from './sort-alerts.js';

export interface AlertFilter {
  readonly status: 'firing' | 'resolved' | 'all';
  readonly type?: string;
  readonly severity?: string;
  /** A label matcher in Alertmanager syntax, e.g. `monitor=~"WH_.*"`. */
  readonly label?: string;
}

/** The filter from the query string; an unknown status reads as `firing`. */
export function alertFilter(query: URLSearchParams): AlertFilter {
  const status = query.get('status');
  const pick = (key: string) => (query.get(key) ?? '').trim();
  return {
    status: status === 'resolved' || status === 'all' ? status : 'firing',
    ...(pick('type') !== '' ? { type: pick('type') } : {}),
    ...(pick('severity') !== '' ? { severity: pick('severity') } : {}),
    ...(pick('label') !== '' ? { label: pick('label') } : {}),
  };
}

/** The alerts that pass the filter, or the reason the label matcher does not parse. Pure. */
export function filterAlerts(alerts: readonly Alert[], filter: AlertFilter): { alerts: Alert[]; error?: string } {
  let labelMatch: ((a: Alert) => boolean) | undefined;
  let error: string | undefined;
  if (filter.label !== undefined) {
    const parsed = parseMatcher(filter.label);
    if (parsed.ok) labelMatch = (a) => matches([parsed.matcher], a.labels);
    else error = `label filter ${JSON.stringify(filter.label)} does not parse: ${parsed.message}`;
  }
  const kept = alerts.filter(
    (a) =>
      (filter.status === 'all' || a.status === filter.status) &&
      (filter.type === undefined || a.labels['alert_type'] === filter.type) &&
      (filter.severity === undefined || (a.labels['severity'] ?? 'info') === filter.severity) &&
      (labelMatch === undefined || labelMatch(a)),
  );
  return { alerts: bySeverity(kept), ...(error !== undefined ? { error } : {}) };
}

/** The labels that tell an alert apart, without the ones every alert has. */
function identifying(alert: Alert, accountColumn: boolean): string {
  return Object.entries(alert.labels)
    .filter(([k]) => k !== 'alert_type' && k !== 'severity' && k !== 'check' && !(accountColumn && k === 'account'))
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

export async function alertsPage(ctx: PageContext): Promise<SafeHtml> {
  const filter = alertFilter(ctx.query);
  const ledger = new AlertLedger(ctx.db);
  const all = await ledger.recent(filter.status === 'all' ? undefined : filter.status);
  const acks = new Map<string, Acknowledgement>();
  for (const ack of await new AckStore(ctx.db).ofAlerts()) {
    if ('fingerprint' in ack.target && !acks.has(ack.target.fingerprint)) acks.set(ack.target.fingerprint, ack);
  }
  const types = [...new Set(all.map((a) => a.labels['alert_type'] ?? ''))].filter((t) => t !== '').sort();
  const several = ctx.accounts.length > 1;
  const filtered = filterAlerts(all, filter);
  const { error } = filtered;
  // With several accounts: `?account=` keeps that account's alerts and those of no account (a receiver's delivery health).
  const alerts = filtered.alerts.filter((a) => inAccount(a, ctx.account));
  const back = `/alerts?${ctx.query.toString()}`;
  return page(
    ctx,
    '/alerts',
    'Alerts',
    html` <form class="filters" method="get" action="/alerts">
        <label
          >status<select name="status">
            ${(['firing', 'resolved', 'all'] as const).map((s) => html`<option${filter.status === s ? html` selected` : ''}>${s}</option>`)}
          </select></label
        >
        <label
          >type<select name="type">
            <option value="">any</option>
            ${types.map((t) => html`<option${filter.type === t ? html` selected` : ''}>${t}</option>`)}
          </select></label
        >
        <label
          >severity<select name="severity">
            <option value="">any</option>
            ${SEVERITY_ORDER.map((s) => html`<option${filter.severity === s ? html` selected` : ''}>${s}</option>`)}
          </select></label
        >${several ? accountSelect(ctx) : ''}
        <label>label matcher<input name="label" value="${filter.label ?? ''}" placeholder='monitor=~"WH_.*"' /></label>
        <button type="submit">Filter</button>
      </form>
      ${error !== undefined ? html`<p class="notice error">${error}</p>` : ''}
      <p class="small muted">${alerts.length} alert${alerts.length === 1 ? '' : 's'} · <a href="/silences">silences</a></p>
      <div class="scroll">
        <table>
          <thead>
            <tr>
              <th>severity</th>
              <th>alert</th>${several ? html`<th>account</th>` : ''}
              <th class="hide-narrow">labels</th>
              <th>since</th>
              <th>acknowledged</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            ${alerts.map((a) => {
              const ack = acks.get(a.fingerprint);
              const current = ack !== undefined && ack.at.getTime() >= a.startsAt.getTime();
              return html`<tr>
                <td>${severityBadge(a.labels['severity'])}${a.status === 'resolved' ? html` <span class="small st-ok">resolved</span>` : ''}</td>
                <td class="wrap">
                  <a href="${`/alerts/${a.fingerprint}`}">${a.annotations.summary}</a>
                  <div class="small muted">${a.labels['alert_type'] ?? ''}</div>
                </td>${several ? html`<td class="small">${a.labels['account'] ?? '—'}</td>` : ''}
                <td class="wrap small mono hide-narrow">${identifying(a, several)}</td>
                <td class="small">${age(a.startsAt, ctx.now)}</td>
                <td class="small">${current ? html`${ack.by}, ${age(ack.at, ctx.now)}` : ''}</td>
                <td>${a.status === 'firing' && !current ? ackForm(ctx, a.fingerprint, back, false) : ''}</td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>`,
  );
}

/** The filter form's account choice: any, or one of `accounts:`. */
function accountSelect(ctx: PageContext): SafeHtml {
  return html`<label
    >account<select name="account">
      <option value="">any</option>
      ${ctx.accounts.map((name) => html`<option${ctx.account === name ? html` selected` : ''}>${name}</option>`)}
    </select></label
  >`;
}

function ackForm(ctx: PageContext, fp: string, back: string, withComment: boolean): SafeHtml {
  return html`<form class="${withComment ? 'stack' : 'inline'}" method="post" action="/alerts/ack">
    ${csrfField(ctx)} <input type="hidden" name="fingerprint" value="${fp}" /><input type="hidden" name="back" value="${back}" />
    ${withComment ? html`<label>comment<input name="comment" maxlength="500" /></label>` : ''}
    ${ctx.identity.method === 'token' ? html`<label>${withComment ? 'your name' : ''}<input name="author" maxlength="100" placeholder="your name" required /></label>` : ''}
    <button type="submit" class="primary">Acknowledge</button>
  </form>`;
}

export async function alertPage(ctx: PageContext, fp: string): Promise<SafeHtml | undefined> {
  const ledger = new AlertLedger(ctx.db);
  const alert = await ledger.get(fp);
  if (alert === undefined) return undefined;
  const history = await ledger.history(fp, 200);
  const acks = await new AckStore(ctx.db).list({ fingerprint: fp });
  return page(ctx, '/alerts', alert.annotations.summary, renderAlert(ctx, alert, history, acks));
}

function renderAlert(ctx: PageContext, alert: Alert, history: readonly AlertHistoryEntry[], acks: readonly Acknowledgement[]): SafeHtml {
  const a = alert.annotations;
  const silenceMatchers = Object.entries(alert.labels)
    .filter(([k]) => k !== 'severity')
    .map(([name, value]) => formatMatcher({ name, type: '=', value }))
    .join('\n');
  return html`<p>
      ${severityBadge(alert.labels['severity'])} <strong>${alert.status}</strong> since ${shortTime(alert.startsAt)}
      (${age(alert.startsAt, ctx.now)})${alert.endsAt ? html`, resolved ${shortTime(alert.endsAt)}` : ''}; last seen ${age(alert.lastSeenAt, ctx.now)}; check
      ${alert.check}
    </p>
    <div class="grid">
      <section class="card">
        <h2>What to do</h2>
        ${a.recommendation ? html`<p>${a.recommendation}</p>` : ''}${a.runbook ? html`<p class="muted">${a.runbook}</p>` : ''}
        ${a.description ? html`<p class="small">${a.description}</p>` : ''}${
          (a.context ?? []).length > 0
            ? html`<ul class="small">
                ${(a.context ?? []).map((line) => html`<li>${line}</li>`)}
              </ul>`
            : ''
        }
      </section>
      <section class="card">
        <h2>Labels</h2>
        <table>
          <tbody>
            ${Object.entries(alert.labels).map(
              ([k, v]) =>
                html`<tr>
                  <th>${k}</th>
                  <td class="wrap mono">${v}</td>
                </tr>`,
            )}
            <tr>
              <th>fingerprint</th>
              <td class="mono">${alert.fingerprint}</td>
            </tr>
          </tbody>
        </table>
      </section>
      <section class="card">
        <h2>Acknowledgements</h2>
        ${
          acks.length === 0
            ? html`<p class="muted">Nobody has acknowledged it.</p>`
            : html`<ul class="plain">
                ${acks.map((k) => html`<li><strong>${k.by}</strong> ${shortTime(k.at)}${k.comment ? html`: ${k.comment}` : ''}</li>`)}
              </ul>`
        }
        ${alert.status === 'firing' ? ackForm(ctx, alert.fingerprint, `/alerts/${alert.fingerprint}`, true) : ''}
        <p><a href="${`/silences?matchers=${encodeURIComponent(silenceMatchers)}`}">Silence alerts like this…</a></p>
      </section>
      <section class="card">
        <h2>History</h2>
        <ul class="plain">
          ${history.map((h) => html`<li>${shortTime(h.at)}: ${h.from} → <strong>${h.to}</strong>${h.note ? html` <span class="small muted">(${h.note})</span>` : ''}</li>`)}
        </ul>
      </section>
    </div>`;
}
