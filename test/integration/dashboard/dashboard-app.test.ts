/**
 * The dashboard in-process (the HTTP app on port 0) against a real SQLite store seeded with snapshots and
 * alerts: every page's content, 401 with no data without credentials, each way in (basic auth against a
 * bcrypt file, the token, a trusted proxy header), CSRF refusals, ack and silence changing the store, the
 * XSS canaries escaped, and the security headers on every answer.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import type { Kysely } from 'kysely';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import { buildHttpApp, listen, type RunningServer } from '../../../src/daemon/http-server.js';
import { buildDashboard } from '../../../src/dashboard/dashboard-app.js';
import { DEFAULT_DASHBOARD_CONFIG, type DashboardConfig } from '../../../src/dashboard/dashboard-config.js';
import { CONTENT_SECURITY_POLICY } from '../../../src/dashboard/security-headers.js';
import { AckStore } from '../../../src/ledger/ack-store.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import type { Database } from '../../../src/ledger/database.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { SilenceStore } from '../../../src/ledger/silence-store.js';
import { renderOverview } from '../../../src/dashboard/page-overview.js';
import { CheckSnapshotStore } from '../../../src/ledger/check-snapshot-store.js';
import { CANARY, MODEL_CANARY, SEEDED_AT, seedStore } from '../../fixtures/dashboard/seed-store.js';

const TOKEN = 'a-dashboard-token-0123456789abcdef';
const PAGES = ['/', '/alerts', '/silences', '/warehouses', '/queries', '/security', '/health'];
const NOW = new Date(SEEDED_AT.getTime() + 5 * 60_000);

let dir: string;
let db: Kysely<Database>;
let config: DashboardConfig;
let server: RunningServer;
let base: string;
const basic = 'Basic ' + Buffer.from('ana:correct horse').toString('base64');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snowmon-dashboard-'));
  db = await openDatabase(`sqlite:${join(dir, 'store.db')}`);
  await seedStore(db);
  config = {
    enabled: true,
    protectMetrics: true,
    auth: {
      token: new Secret(TOKEN),
      basicUsers: [{ user: 'ana', hash: new Secret(bcrypt.hashSync('correct horse', 4)) }],
      trustedHeader: 'x-forwarded-user',
      trustedProxies: ['10.9.9.9'],
    },
    snowsightUrl: 'https://app.snowflake.com/myorg/myaccount',
  };
  const metrics = new Registry();
  const handler = buildHttpApp({
    metrics,
    health: async () => ({ ready: true }),
    dashboard: buildDashboard({ db: () => db, settings: () => ({ dashboard: config, usdPerCredit: 3 }), now: () => NOW }),
  });
  server = await listen(handler, 0, '127.0.0.1');
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = { authorization: basic }) => fetch(base + path, { headers, redirect: 'manual' });
const post = (path: string, form: Record<string, string>, headers: Record<string, string> = { authorization: basic }) =>
  fetch(base + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });

/** The CSRF token a page's form carries. */
async function csrfOf(path: string, headers?: Record<string, string>): Promise<string> {
  const text = await (await get(path, headers)).text();
  const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
  expect(token).toBeDefined();
  return token as string;
}

describe('dashboard', () => {
  it('does answer 401 with no data on every page when the request has no credentials', async () => {
    for (const path of [...PAGES, '/alerts/0123456789abcdef']) {
      const res = await get(path, {});
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('Basic realm="snowmon"');
      const text = await res.text();
      expect(text).not.toContain('ACCOUNT_MONTHLY');
      expect(text).not.toContain('ALICE_ADMIN');
      expect(text).not.toContain('ETL_WH');
    }
    expect((await get('/', { authorization: 'Basic ' + Buffer.from('ana:wrong').toString('base64') })).status).toBe(401);
    expect((await get('/', { authorization: 'Bearer not-the-token' })).status).toBe(401);
  });

  it('does keep /healthz and /readyz open and ask for credentials on /metrics when protect_metrics is set', async () => {
    expect((await get('/healthz', {})).status).toBe(200);
    expect((await get('/readyz', {})).status).toBe(200);
    expect((await get('/metrics', {})).status).toBe(401);
    expect((await get('/metrics', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await get('/metrics')).status).toBe(200);
  });

  it('does send a strict Content-Security-Policy and no script on every page', async () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    for (const path of [...PAGES, '/login']) {
      const res = await get(path);
      expect(res.headers.get('content-security-policy'), path).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect((await res.text()).toLowerCase()).not.toContain('<script');
    }
  });

  it('does render the XSS canary warehouse as text on every page', async () => {
    const escaped = '&lt;img src=x onerror=alert(1)&gt;';
    for (const path of ['/', '/warehouses', '/alerts']) {
      const text = await (await get(path)).text();
      expect(text, path).toContain(escaped);
      expect(text, path).not.toContain(CANARY);
    }
    const alert = (await new AlertLedger(db).active()).find((a) => a.labels['warehouse'] === CANARY);
    const detail = await (await get(`/alerts/${alert?.fingerprint}`)).text();
    expect(detail).toContain(escaped);
    expect(detail).not.toContain(CANARY);
  });

  it('does show the spend story, criticals first, self-cost and freshness on the overview', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('$2,820'); // month to date as billed: 940 credits × $3
    expect(text).toContain('92%');
    expect(text).toContain('131.4% from 19.5 days of data');
    expect(text).toContain('No quota: BI_MONITOR');
    expect(text).toContain('ETL_WH');
    expect(text).toContain('insert into analytics.marts.fct_events');
    expect(text).toContain('save ~$1,524/mo');
    expect(text).toContain('snowmon spent 0.843 credits');
    expect(text).toMatch(/credits per day, \d{4}-\d{2}-\d{2} to/);
    // The critical security alert comes before the warnings in the firing list.
    const firing = text.slice(text.indexOf('<h2>Firing alerts</h2>'));
    expect(firing.indexOf('ALICE_ADMIN')).toBeGreaterThan(-1);
    expect(firing.indexOf('ALICE_ADMIN')).toBeLessThan(firing.indexOf('ACCOUNT_MONTHLY'));
    // Freshness: the failed check says so, with its error and that it never succeeded.
    const fresh = text.slice(text.indexOf('<h2>Data freshness</h2>'));
    expect(fresh).toMatch(/full_table_scans<\/td>\s*<td>\s*<span class="st-failed">\s*never/);
    expect(fresh).toContain('Object does not exist');
    expect(fresh).toContain('5 min ago');
  });

  it('does list the top dbt models with credits, $ and owner among the cost drivers when dbt_query_history has run', async () => {
    const text = await (await get('/')).text();
    const drivers = text.slice(text.indexOf('<h2>Top cost drivers</h2>'), text.indexOf('<h2>Firing alerts</h2>'));
    expect(drivers).toContain('dbt model (2026-11-14 to 2026-11-20)');
    // fct_orders: 12.5 + 11 + 13.25 credits over three days, × $3 = $110.25 (shown to the dollar).
    expect(drivers).toMatch(/fct_orders<div class="small muted">owner data-eng<\/div><\/td>\s*<td class="n">36\.75<\/td>\s*<td class="n">\$110</);
    expect(drivers).toMatch(/stg_events<div class="small muted">owner ana,bo<\/div><\/td>\s*<td class="n">7\.50<\/td>\s*<td class="n">\$22\.50</);
    expect(drivers.indexOf('fct_orders')).toBeLessThan(drivers.indexOf('stg_events'));
    // The XSS-named model renders as text, with no owner.
    expect(drivers).toContain('stg_&lt;svg onload=alert(1)&gt;<div class="small muted">owner —');
    expect(text).not.toContain(MODEL_CANARY);
  });

  it('does show no dbt model table among the cost drivers when dbt_query_history has not run', async () => {
    const snapshots = (await new CheckSnapshotStore(db).all()).filter((s) => s.check !== 'dbt_query_history');
    const ctx = { db, now: NOW, usdPerCredit: 3, identity: { user: 'ana', method: 'basic' as const }, csrf: 'x', query: new URLSearchParams(), accounts: [] };
    const text = renderOverview(ctx, snapshots, []).toString();
    expect(text).toContain('<h2>Top cost drivers</h2>');
    expect(text).toContain('ETL_WH');
    expect(text).not.toContain('dbt model');
    expect(text).not.toContain('fct_orders');
  });

  it('does show a dbt query driver as its node and SQL rather than the dbt comment', async () => {
    const text = await (await get('/')).text();
    const drivers = text.slice(text.indexOf('<h2>Top cost drivers</h2>'), text.indexOf('<h2>Firing alerts</h2>'));
    expect(drivers).toContain('dbt dim_customers: create or replace transient table analytics.marts');
    expect(drivers).not.toContain('&quot;app&quot;');
    expect(drivers).not.toContain('profile_name');
  });

  it('does list, filter and detail alerts on the alerts pages', async () => {
    const all = await (await get('/alerts')).text();
    expect(all).toContain('ACCOUNT_MONTHLY');
    expect(all).toContain('ALICE_ADMIN');
    const security = await (await get('/alerts?type=security')).text();
    expect(security).toContain('ALICE_ADMIN');
    expect(security).not.toContain('ACCOUNT_MONTHLY');
    const critical = await (await get('/alerts?severity=critical')).text();
    expect(critical).toContain('1 alert ·');
    const label = await (await get(`/alerts?label=${encodeURIComponent('monitor=~"ACCOUNT_.*"')}`)).text();
    expect(label).toContain('ACCOUNT_MONTHLY');
    expect(label).not.toContain('ALICE_ADMIN');
    const bad = await (await get(`/alerts?label=${encodeURIComponent('monitor=~"("')}`)).text();
    expect(bad).toContain('does not parse');
    expect((await get('/alerts/ffffffffffffffff')).status).toBe(404);
  });

  it('does show warehouses, queries, security and health from the store', async () => {
    const warehouses = await (await get('/warehouses')).text();
    expect(warehouses).toContain('ETL_WH');
    expect(warehouses).toContain('3600 s');
    expect(warehouses).toContain('https://app.snowflake.com/myorg/myaccount/#/compute/warehouses');
    const queries = await (await get('/queries')).text();
    expect(queries).toContain('9d5de927794c69e0b7cc51adc5fc426e');
    expect(queries).toContain('Object does not exist'); // full_table_scans failed
    const security = await (await get('/security')).text();
    expect(security).toContain('admin ALICE_ADMIN holds ACCOUNTADMIN');
    expect(security).toContain('Enrol ALICE_ADMIN in MFA');
    const health = await (await get('/health')).text();
    expect(health).toContain('0</strong> notifications waiting');
    expect(health).toMatch(/full_table_scans<\/td>\s*<td class="st-failed">\s*1/);
  });

  it('does refuse an ack without the CSRF token or from another site, and leave the store unchanged', async () => {
    const alert = (await new AlertLedger(db).active())[0];
    const fp = alert?.fingerprint as string;
    expect((await post('/alerts/ack', { fingerprint: fp })).status).toBe(403);
    expect((await post('/alerts/ack', { fingerprint: fp, _csrf: 'forged' })).status).toBe(403);
    const token = await csrfOf('/alerts');
    expect((await post('/alerts/ack', { fingerprint: fp, _csrf: token }, { authorization: basic, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('/alerts/ack', { fingerprint: fp, _csrf: token }, { authorization: basic, origin: 'https://evil.example' })).status).toBe(403);
    // A token made for another user does not pass for ana.
    const tokenUsers = await csrfOf('/alerts', { authorization: `Bearer ${TOKEN}` });
    expect((await post('/alerts/ack', { fingerprint: fp, _csrf: tokenUsers })).status).toBe(403);
    expect(await new AckStore(db).list({ fingerprint: fp })).toEqual([]);
  });

  it('does acknowledge an alert from the page as the signed-in user', async () => {
    const alert = (await new AlertLedger(db).active()).find((a) => a.labels['alert_type'] === 'cost_monitor');
    const fp = alert?.fingerprint as string;
    const token = await csrfOf(`/alerts/${fp}`);
    const res = await post('/alerts/ack', { fingerprint: fp, _csrf: token, comment: 'resizing ETL_WH', back: `/alerts/${fp}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/alerts/${fp}?done=acked`);
    const acks = await new AckStore(db).list({ fingerprint: fp });
    expect(acks).toMatchObject([{ by: 'ana', comment: 'resizing ETL_WH', at: NOW }]);
    const page = await (await get(`/alerts/${fp}?done=acked`)).text();
    expect(page).toContain('Acknowledged.');
    expect(page).toContain('<strong>ana</strong>');
    expect((await post('/alerts/ack', { fingerprint: fp, _csrf: token, back: '//evil.example/x' })).headers.get('location')).toBe(`/alerts/${fp}?done=acked`);
  });

  it('does preview which alerts a silence mutes, then add it through the silence store', async () => {
    const token = await csrfOf('/silences');
    const preview = await post('/silences/preview', { _csrf: token, matchers: 'alert_type="security"', for: '2h', comment: 'MFA rollout' });
    expect(preview.status).toBe(200);
    const text = await preview.text();
    expect(text).toContain('It would mute 1 firing alert now');
    expect(text).toContain('ALICE_ADMIN');
    expect(await new SilenceStore(db).list()).toEqual([]);

    const bad = await post('/silences', { _csrf: token, matchers: 'alert_type=~"("', for: '2h' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('invalid matcher');
    const everything = await post('/silences', { _csrf: token, matchers: 'alert_type=~".*"', for: '2h' });
    expect(await everything.text()).toContain('would mute every alert');

    const created = await post('/silences', { _csrf: token, matchers: 'alert_type="security"', for: '2h', comment: 'MFA rollout' });
    expect(created.status).toBe(303);
    const silences = await new SilenceStore(db).list();
    expect(silences).toHaveLength(1);
    expect(silences[0]).toMatchObject({
      matchers: ['alert_type="security"'],
      createdBy: 'ana',
      comment: 'MFA rollout',
      startsAt: NOW,
      endsAt: new Date(NOW.getTime() + 7_200_000),
    });
    const listed = await (await get('/silences?done=silenced')).text();
    expect(listed).toContain('Silence added.');
    expect(listed).toContain('mutes 1 firing alert now');

    const expired = await post('/silences/expire', { _csrf: token, id: silences[0]?.id as string });
    expect(expired.status).toBe(303);
    expect((await new SilenceStore(db).list())[0]?.endsAt).toEqual(NOW);
  });

  it('does let the token in by bearer header and by the login form cookie', async () => {
    expect((await get('/', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await post('/login', { token: 'wrong' }, {})).status).toBe(401);
    const login = await post('/login', { token: TOKEN }, {});
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie') ?? '';
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const page = await get('/', { cookie: cookie.split(';')[0] as string });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('signed in with the token');
  });

  it('does claim no path and leave /metrics open when the dashboard is not enabled', async () => {
    const off = await listen(
      buildHttpApp({
        metrics: new Registry(),
        health: async () => ({ ready: true }),
        dashboard: buildDashboard({ db: () => db, settings: () => ({ dashboard: DEFAULT_DASHBOARD_CONFIG, usdPerCredit: 3 }), now: () => NOW }),
      }),
      0,
      '127.0.0.1',
    );
    try {
      const at = `http://127.0.0.1:${off.port}`;
      expect((await fetch(`${at}/`)).status).toBe(404);
      expect((await fetch(`${at}/alerts`, { headers: { authorization: basic } })).status).toBe(404);
      expect((await fetch(`${at}/metrics`)).status).toBe(200);
    } finally {
      await off.close();
    }
  });

  it('does believe the proxy user header only from a trusted proxy address', async () => {
    const proxied = await listen(
      buildHttpApp({
        metrics: new Registry(),
        health: async () => ({ ready: true }),
        dashboard: buildDashboard({
          db: () => db,
          settings: () => ({ dashboard: { ...config, auth: { trustedHeader: 'x-auth-request-user', trustedProxies: ['127.0.0.1'] } }, usdPerCredit: 3 }),
          now: () => NOW,
        }),
      }),
      0,
      '127.0.0.1',
    );
    try {
      const at = `http://127.0.0.1:${proxied.port}`;
      const page = await fetch(`${at}/`, { headers: { 'x-auth-request-user': 'carol@example.com' } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('signed in as carol@example.com');
      const none = await fetch(`${at}/`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBeNull();
    } finally {
      await proxied.close();
    }
    // The main server trusts only 10.9.9.9, so the same header from 127.0.0.1 proves nothing.
    expect((await get('/', { 'x-forwarded-user': 'carol@example.com' })).status).toBe(401);
  });
});
