/**
 * The overview: the spend story on the first screen (month to date, every visible resource monitor against
 * its quota with the projection, the last 30 days, what drives the spend (warehouses, queries, dbt models),
 * what to do), then the firing alerts critical first, snowmon's own cost, and when each check last succeeded.
 */

import type { Alert } from '../alerts/alert.js';
import { AlertLedger } from '../ledger/alert-ledger.js';
import type { CheckSnapshot } from '../ledger/check-snapshot-store.js';
import { formatCredits, formatUsd, truncate } from '../report/format-value.js';
import { html, type SafeHtml } from './html.js';
import { accountSnapshots, age, inAccount, money, severityBadge, shortTime, snapshotAccount, type PageContext } from './page-context.js';
import { page } from './page-layout.js';
import { bySeverity, SEVERITY_ORDER } from './sort-alerts.js';
import { spendOverview, type Driver, type MonitorSpend, type SpendOverview } from './spend-overview.js';
import { dailyBars, monitorBar } from './svg-charts.js';

export async function overviewPage(ctx: PageContext): Promise<SafeHtml> {
  const snapshots = await accountSnapshots(ctx);
  const account = snapshotAccount(ctx);
  const firing = (await new AlertLedger(ctx.db).active()).filter((a) => inAccount(a, account));
  return page(ctx, '/', 'Overview', renderOverview(ctx, snapshots, firing));
}

export function renderOverview(ctx: PageContext, snapshots: readonly CheckSnapshot[], firing: readonly Alert[]): SafeHtml {
  const byCheck = new Map(snapshots.map((s) => [s.check, s]));
  const spend = spendOverview(byCheck, ctx.usdPerCredit);
  const alerts = bySeverity(firing);
  return html`${keyFigures(spend, firing)}
    <div class="grid">
      <section class="card">
        <h2>Budget: resource monitors</h2>
        ${monitorsCard(spend.monitors, ctx)}
      </section>
      <section class="card">
        <h2>What to do</h2>
        ${todoCard(alerts, spend)}
      </section>
      <section class="card">
        <h2>Last 30 days</h2>
        ${
          spend.days.length > 0
            ? html`${dailyBars(spend.days, 'credits')}
                <p class="small muted">
                  credits billed per day (METERING_DAILY_HISTORY), ${formatCredits(spend.days.reduce((s, d) => s + d.credits, 0))} credits ·
                  ${formatUsd(spend.days.reduce((s, d) => s + d.credits, 0) * ctx.usdPerCredit)} in all
                </p>`
            : html`<p class="muted">No daily figures yet: the <code>daily_credits</code> check runs with the warehouse loop.</p>`
        }
      </section>
      <section class="card">
        <h2>Top cost drivers</h2>
        ${driversCard(spend, ctx)}
      </section>
      <section class="card">
        <h2>Firing alerts</h2>
        ${firingList(alerts, ctx)}
      </section>
      <section class="card">
        <h2>snowmon's own cost</h2>
        ${
          spend.selfCost
            ? html`<p><strong>${money(spend.selfCost.credits, ctx.usdPerCredit)}</strong> in 30 days</p>
                <p class="small muted">${spend.selfCost.summary}</p>`
            : html`<p class="muted">Not measured yet: the <code>self_cost</code> check runs with the warehouse loop.</p>`
        }
      </section>
      <section class="card wide">
        <h2>Data freshness</h2>
        ${freshnessTable(snapshots, ctx)}
      </section>
    </div>`;
}

/** The first row: month to date, the account monitor's share, alerts firing by severity, and what the recommendations would save. */
function keyFigures(spend: SpendOverview, firing: readonly Alert[]): SafeHtml {
  const counts = SEVERITY_ORDER.map((s) => ({ s, n: firing.filter((a) => (a.labels['severity'] ?? 'info') === s).length }));
  const savings = spend.recommendations.reduce((sum, r) => sum + (r.savingsUsd ?? 0), 0);
  return html`<section class="kpis card" aria-label="key figures">
      <div class="kpi">
        <div class="v">${spend.monthToDate ? formatUsd(spend.monthToDate.usd) : '—'}</div>
        <div class="l">month to date${spend.monthToDate ? html`, ${formatCredits(spend.monthToDate.credits)} credits (${spend.monthToDate.basis})` : ''}</div>
      </div>
      ${spend.monitors
        .filter((m) => m.level === 'ACCOUNT' && m.pct !== undefined)
        .slice(0, 1)
        .map(
          (m) =>
            html`<div class="kpi">
              <div class="v">${(m.pct as number).toFixed(0)}%</div>
              <div class="l">of the ${m.name} quota${m.projectedPct !== undefined ? html`, heading for ${m.projectedPct.toFixed(0)}%` : ''}</div>
            </div>`,
        )}
      <div class="kpi">
        <div class="v">${counts.map((c, i) => html`${i > 0 ? ' / ' : ''}${c.n}`)}</div>
        <div class="l">firing: critical / warning / info</div>
      </div>
      <div class="kpi">
        <div class="v">${savings > 0 ? formatUsd(savings) : '—'}</div>
        <div class="l">a month to save (top recommendations)</div>
      </div>
    </section>`;
}

/** The eight most severe firing alerts, with a link to all of them. */
function firingList(alerts: readonly Alert[], ctx: PageContext): SafeHtml {
  return alerts.length === 0
    ? html`<p class="muted">Nothing firing.</p>`
    : html`<ul class="plain">
          ${alerts.slice(0, 8).map(
            (a) =>
              html`<li>
                  ${severityBadge(a.labels['severity'])} <a href="${`/alerts/${a.fingerprint}`}">${a.annotations.summary}</a>
                  <span class="small muted">since ${age(a.startsAt, ctx.now)}</span>
                </li>`,
          )}
        </ul>
        ${alerts.length > 8 ? html`<p class="small"><a href="${alertsOfAccount(ctx)}">all ${alerts.length} firing alerts</a></p>` : ''}`;
}

/** The alerts page showing the overview's account (every alert with a single account). */
function alertsOfAccount(ctx: PageContext): string {
  const account = snapshotAccount(ctx);
  return account === undefined ? '/alerts' : `/alerts?account=${encodeURIComponent(account)}`;
}

function monitorsCard(monitors: readonly MonitorSpend[], ctx: PageContext): SafeHtml {
  if (monitors.length === 0)
    return html`<p class="muted">
      No resource monitor seen yet (SHOW RESOURCE MONITORS runs every free-loop cycle; a monitor snowmon's role cannot see is not listed).
    </p>`;
  const withQuota = monitors.filter((m) => m.quota !== undefined && m.quota > 0 && m.pct !== undefined);
  const without = monitors.filter((m) => !withQuota.includes(m));
  return html`${withQuota.map(
    (m) =>
      html`<div class="monitor">
        <div class="head">
          <strong>${m.name}</strong
          ><span class="small">${formatCredits(m.used)} of ${formatCredits(m.quota as number)} credits · ${formatUsd(m.used * ctx.usdPerCredit)}</span>
        </div>
        ${monitorBar(m.name, m.pct as number, m.projectedPct)}
        <div class="small muted">
          ${m.level === 'ACCOUNT' ? 'account' : html`warehouses ${m.warehouses ?? '—'}`}${m.projection !== undefined ? html` · projected ${m.projection}` : ''}${m.cycleEnd !== undefined ? html` · cycle ends ${m.cycleEnd.slice(0, 10)}` : ''}${m.suspended !== undefined ? html` · <span class="st-failed">suspended: ${m.suspended}</span>` : ''}
        </div>
      </div>`,
  )}
  ${without.length > 0 ? html`<p class="small muted">No quota: ${without.map((m, i) => html`${i > 0 ? ', ' : ''}${m.name} (${formatCredits(m.used)} cr)`)}</p>` : ''}`;
}

function todoCard(alerts: readonly Alert[], spend: SpendOverview): SafeHtml {
  const critical = alerts.filter((a) => a.labels['severity'] === 'critical');
  return html`<ul class="plain">
      ${critical.slice(0, 4).map(
        (a) =>
          html`<li>
              ${severityBadge('critical')}
              <a href="${`/alerts/${a.fingerprint}`}">${a.annotations.summary}</a
              >${(a.annotations.runbook ?? a.annotations.recommendation) ? html`<div class="small muted">${a.annotations.recommendation ?? a.annotations.runbook}</div>` : ''}
            </li>`,
      )}
      ${spend.recommendations.map(
        (r) =>
          html`<li>
            <strong>${r.savingsUsd !== undefined ? `save ~${formatUsd(r.savingsUsd)}/mo` : ''}</strong> ${r.finding.recommendation}
            <div class="small muted">${r.check}: ${truncate(r.finding.summary, 160)}</div>
          </li>`,
      )}
    </ul>
    ${critical.length === 0 && spend.recommendations.length === 0 ? html`<p class="muted">Nothing to do right now.</p>` : ''}`;
}

function driversCard(spend: SpendOverview, ctx: PageContext): SafeHtml {
  return html`<div class="scroll">
      ${creditsTable('warehouse (month to date)', spend.topWarehouses, (d) => html`<a href="/warehouses">${d.name}</a>`)}
      <table>
        <thead>
          <tr>
            <th>query (7 days)</th>
            <th class="n">$</th>
          </tr>
        </thead>
        <tbody>
          ${spend.topQueries.map(
            (d) =>
              html`<tr>
                <td class="q">
                  <a href="/queries"><code>${truncate(d.text ?? d.name, 70)}</code></a>
                  <div class="small muted">${d.warehouse ?? ''}${d.runs !== undefined ? ` · ${d.runs} runs` : ''} · ${formatCredits(d.credits)} cr</div>
                </td>
                <td class="n">${formatUsd(d.usd)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${modelsTable(spend)}
    </div>
    ${spend.topWarehouses.length === 0 && spend.topQueries.length === 0 ? html`<p class="muted">No cost figures yet: they come with the warehouse loop (${ctx.usdPerCredit} $/credit).</p>` : ''}`;
}

/** The costliest dbt models (`dbt_query_history`'s `model_day` rows); nothing when that check has not run. */
function modelsTable(spend: SpendOverview): SafeHtml | '' {
  const days = spend.modelDays;
  if (spend.topModels.length === 0 || days === undefined) return '';
  const heading = `dbt model (${days.from === days.to ? days.from : `${days.from} to ${days.to}`})`;
  return creditsTable(heading, spend.topModels, (d) => html`${d.name}<div class="small muted">owner ${d.owner ?? '—'}</div>`);
}

/** Drivers as rows of name, credits and $. */
function creditsTable(heading: string, drivers: readonly Driver[], name: (d: Driver) => SafeHtml): SafeHtml {
  return html`<table>
    <thead>
      <tr>
        <th>${heading}</th>
        <th class="n">credits</th>
        <th class="n">$</th>
      </tr>
    </thead>
    <tbody>
      ${drivers.map(
        (d) =>
          html`<tr>
            <td>${name(d)}</td>
            <td class="n">${formatCredits(d.credits)}</td>
            <td class="n">${formatUsd(d.usd)}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function freshnessTable(snapshots: readonly CheckSnapshot[], ctx: PageContext): SafeHtml {
  if (snapshots.length === 0) return html`<p class="muted">No check has run yet.</p>`;
  return html`<div class="scroll">
    <table>
      <thead>
        <tr>
          <th>check</th>
          <th>last success</th>
          <th>latest run</th>
          <th class="hide-narrow">error</th>
        </tr>
      </thead>
      <tbody>
        ${snapshots.map(
          (s) =>
            html`<tr>
              <td>${s.check}</td>
              <td>
                ${s.okAt ? html`${age(s.okAt, ctx.now)} <span class="small muted">${shortTime(s.okAt)}</span>` : html`<span class="st-failed">never</span>`}
              </td>
              <td class="st-${s.lastStatus}">${s.lastStatus} ${age(s.lastRunAt, ctx.now)}</td>
              <td class="wrap small hide-narrow">${s.lastError ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
