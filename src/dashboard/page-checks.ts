/**
 * The pages that show what the audit knows from the stored snapshots: Warehouses (spend, settings,
 * runaway and idle findings per warehouse), Queries (the most expensive and the full-table scans) and
 * Security (service-account and admin findings, critical first, and the users behind them).
 */

import type { Finding } from '../checks/check.js';
import { num, str } from '../checks/row-values.js';
import type { CheckSnapshot } from '../ledger/check-snapshot-store.js';
import type { Row } from '../sources/snowflake-client.js';
import { formatBytes, formatCredits, formatSeconds, formatUsd, truncate } from '../report/format-value.js';
import { compareSeverity } from '../report/summarize-report.js';
import { html, type SafeHtml } from './html.js';
import { accountSnapshots, age, severityBadge, snowsightWarehouses, type PageContext } from './page-context.js';
import { page } from './page-layout.js';

async function snapshots(ctx: PageContext): Promise<Map<string, CheckSnapshot>> {
  return new Map((await accountSnapshots(ctx)).map((s) => [s.check, s]));
}

function asOf(ctx: PageContext, snapshot: CheckSnapshot | undefined, check: string): SafeHtml {
  if (snapshot === undefined) return html`<p class="small muted"><code>${check}</code> has not run yet.</p>`;
  return html`<p class="small muted">
    <code>${check}</code>:
    ${snapshot.okAt ? html`data from ${age(snapshot.okAt, ctx.now)}` : 'no data yet'}${snapshot.lastStatus !== 'ok' ? html` · <span class="st-${snapshot.lastStatus}">latest run ${snapshot.lastStatus}${snapshot.lastError ? `: ${snapshot.lastError}` : ''}</span>` : ''}
  </p>`;
}

function findingList(findings: readonly Finding[], ctx: PageContext): SafeHtml {
  if (findings.length === 0) return html`<p class="muted">No findings.</p>`;
  const sorted = [...findings].sort((a, b) => compareSeverity(a.severity, b.severity) || (b.credits ?? 0) - (a.credits ?? 0));
  return html`<ul class="plain">
    ${sorted.map(
      (f) =>
        html`<li>
          ${severityBadge(f.severity)}
          ${f.summary}${
            f.savingsUsd !== undefined || f.savingsCredits !== undefined
              ? html` <strong>save ~${formatUsd(f.savingsUsd ?? (f.savingsCredits ?? 0) * ctx.usdPerCredit)}/mo</strong>`
              : ''
          }${f.recommendation ? html`<div class="small muted">${f.recommendation}</div>` : ''}
        </li>`,
    )}
  </ul>`;
}

const cell = (value: unknown): string => str(value) ?? '—';
const credits = (value: unknown): string => {
  const n = num(value);
  return n === undefined ? '—' : formatCredits(n);
};

export async function warehousesPage(ctx: PageContext): Promise<SafeHtml> {
  const s = await snapshots(ctx);
  const spend = new Map((s.get('credits_by_warehouse')?.rows ?? []).map((r) => [cell(r['warehouse_name']), r]));
  const settings = new Map((s.get('warehouse_config')?.rows ?? []).map((r) => [cell(r['warehouse_name']), r]));
  const runaway = new Map((s.get('runaway_warehouses')?.rows ?? []).map((r) => [cell(r['warehouse']), r]));
  const names = [...new Set([...spend.keys(), ...settings.keys(), ...runaway.keys()])].sort(
    (a, b) => (num(spend.get(b)?.['credits']) ?? 0) - (num(spend.get(a)?.['credits']) ?? 0) || a.localeCompare(b),
  );
  const findings = ['credits_by_warehouse', 'warehouse_config', 'runaway_warehouses', 'warehouse_utilization']
    .flatMap((c) => s.get(c)?.findings ?? [])
    .filter((f) => f.labels['warehouse'] !== undefined || f.labels['finding'] === 'idle_share');
  return page(
    ctx,
    '/warehouses',
    'Warehouses',
    html` <section class="card">
        <h2>Spend and settings${snowsightWarehouses(ctx)}</h2>
        ${asOf(ctx, s.get('credits_by_warehouse'), 'credits_by_warehouse')}
        ${
          names.length === 0
            ? html`<p class="muted">No warehouse seen yet.</p>`
            : html`<div class="scroll">
                <table>
                  <thead>
                    <tr>
                      <th>warehouse</th>
                      <th class="n">month to date</th>
                      <th class="n">$</th>
                      <th class="n">7 days</th>
                      <th class="n">yesterday</th>
                      <th class="n hide-narrow">28-day daily avg</th>
                      <th>size</th>
                      <th>state</th>
                      <th class="n">auto-suspend</th>
                      <th class="hide-narrow">monitor</th>
                      <th class="n hide-narrow">idle credits 30 d</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${names.map((name) => {
                      const sp: Row = spend.get(name) ?? {};
                      const st: Row = settings.get(name) ?? {};
                      const run = runaway.get(name);
                      const mtd = num(sp['credits']);
                      return html`<tr>
                        <td>
                          ${name}${run !== undefined ? html` <span class="sev sev-warning">running ${formatSeconds((num(run['running_ms']) ?? 0) / 1000)}</span>` : ''}
                        </td>
                        <td class="n">${credits(sp['credits'])}</td>
                        <td class="n">${mtd === undefined ? '—' : formatUsd(mtd * ctx.usdPerCredit)}</td>
                        <td class="n">${credits(sp['credits_7d'])}</td>
                        <td class="n">${credits(sp['last_day_credits'])}</td>
                        <td class="n hide-narrow">${credits(sp['baseline_daily_credits'])}</td>
                        <td>${cell(st['size'])}</td>
                        <td>${cell(st['state'])}</td>
                        <td class="n">${num(st['auto_suspend']) === undefined ? 'never' : `${num(st['auto_suspend'])} s`}</td>
                        <td class="hide-narrow">${cell(st['resource_monitor'])}</td>
                        <td class="n hide-narrow">${credits(st['idle_credits_30d'])}</td>
                      </tr>`;
                    })}
                  </tbody>
                </table>
              </div>`
        }
      </section>
      <section class="card">
        <h2>Findings</h2>
        ${findingList(findings, ctx)}
      </section>`,
  );
}

export async function queriesPage(ctx: PageContext): Promise<SafeHtml> {
  const s = await snapshots(ctx);
  const top = s.get('top_queries');
  const scans = s.get('full_table_scans');
  return page(
    ctx,
    '/queries',
    'Queries',
    html` <section class="card">
        <h2>Most expensive queries (7 days, by parameterized hash)</h2>
        ${asOf(ctx, top, 'top_queries')}
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>query</th>
                <th>warehouse</th>
                <th class="n">runs</th>
                <th class="n">credits</th>
                <th class="n">$</th>
                <th class="n hide-narrow">time</th>
                <th class="n hide-narrow">scanned</th>
              </tr>
            </thead>
            <tbody>
              ${(top?.rows ?? []).map(
                (r) =>
                  html`<tr>
                    <td class="wrap">
                      <code>${truncate(cell(r['sample_text']), 300)}</code>
                      <div class="small muted mono">${cell(r['query_hash'])} · ${cell(r['users'])}</div>
                    </td>
                    <td>
                      ${cell(r['warehouse_name'])}
                      <div class="small muted">${str(r['warehouse_size']) ?? ''}</div>
                    </td>
                    <td class="n">${cell(r['runs'])}</td>
                    <td class="n">${credits(r['credits'])}</td>
                    <td class="n">${num(r['credits']) === undefined ? '—' : formatUsd((num(r['credits']) as number) * ctx.usdPerCredit)}</td>
                    <td class="n hide-narrow">${num(r['exec_s']) === undefined ? '—' : formatSeconds(num(r['exec_s']) as number)}</td>
                    <td class="n hide-narrow">${num(r['bytes_scanned']) === undefined ? '—' : formatBytes(num(r['bytes_scanned']) as number)}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
        ${findingList(top?.findings.filter((f) => f.recommendation !== undefined && f.severity !== 'info') ?? [], ctx)}
      </section>
      <section class="card">
        <h2>Full-table scans (24 h)</h2>
        ${asOf(ctx, scans, 'full_table_scans')}${findingList(scans?.findings ?? [], ctx)}
      </section>
      <p class="small muted">Rows are grouped by query hash, so there is no single query id to open in Snowsight.</p>`,
  );
}

export async function securityPage(ctx: PageContext): Promise<SafeHtml> {
  const s = await snapshots(ctx);
  const audit = s.get('service_account_audit');
  const users = (audit?.rows ?? []).filter((r) => cell(r['findings']) !== '—');
  return page(
    ctx,
    '/security',
    'Security',
    html` <section class="card">
        <h2>Findings</h2>
        ${asOf(ctx, audit, 'service_account_audit')}${findingList(audit?.findings ?? [], ctx)}
      </section>
      <section class="card">
        <h2>Users with findings</h2>
        <div class="scroll">
          <table>
            <thead>
              <tr>
                <th>user</th>
                <th>type</th>
                <th>admin roles</th>
                <th>via</th>
                <th>password</th>
                <th>key pair</th>
                <th>MFA</th>
                <th>network policy</th>
                <th>findings</th>
              </tr>
            </thead>
            <tbody>
              ${users.map(
                (r) =>
                  html`<tr>
                    <td>${cell(r['user_name'])}</td>
                    <td>${cell(r['user_type'])}</td>
                    <td class="wrap">${cell(r['admin_roles'])}</td>
                    <td class="wrap">${cell(r['inheritance_path'])}</td>
                    <td>${yesNo(r['has_password'])}</td>
                    <td>${yesNo(r['has_rsa_public_key'])}</td>
                    <td>${yesNo(r['has_mfa'])}</td>
                    <td>${cell(r['network_policy'])}</td>
                    <td class="wrap small">${cell(r['findings'])}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>`,
  );
}

function yesNo(value: unknown): string {
  return value === true ? 'yes' : value === false ? 'no' : cell(value);
}
