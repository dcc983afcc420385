/**
 * The dashboard with several accounts (`accounts:`), in-process against a real SQLite store seeded with two
 * accounts' snapshots, alerts and check runs under the same check names: each page reads one account's
 * snapshots (`?account=NAME`, default the first), the alerts page shows and filters the account, the health
 * page reads check runs per account, the all-accounts page sums the spend (each at its own price) and lists
 * each one's firing alerts and last run, each account's pages link to its own Snowsight, an account named
 * like an XSS payload is escaped, and with one account every page is byte for byte what it was without the
 * account list.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import type { CheckOutcome } from '../../../src/checks/check.js';
import type { RunningServer } from '../../../src/daemon/http-server.js';
import type { DashboardConfig } from '../../../src/dashboard/dashboard-config.js';
import { findingsToAlerts } from '../../../src/dispatch/findings-to-alerts.js';
import { AccountLeaseStore } from '../../../src/ledger/account-lease-store.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import { CheckSnapshotStore } from '../../../src/ledger/check-snapshot-store.js';
import type { Database } from '../../../src/ledger/database.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { SEED_OUTCOMES, SEEDED_AT } from '../../fixtures/dashboard/seed-store.js';
import { serveDashboard } from '../../support/serve-dashboard.js';

const TOKEN = 'a-dashboard-token-0123456789abcdef';
const NOW = new Date(SEEDED_AT.getTime() + 5 * 60_000);
/** The second account, named like an XSS payload. */
const DEV = 'dev<img src=x onerror=alert(2)>';
const ACCOUNTS = ['prod', DEV];
const config: DashboardConfig = { enabled: true, protectMetrics: false, auth: { token: new Secret(TOKEN), trustedProxies: [] } };

/** dev's outcomes: the same check names as prod's with other rows; its credits_by_warehouse run failed after one that returned data. */
const devOutcomes = (startedAt: Date): CheckOutcome[] => [
  {
    name: 'credits_by_warehouse',
    status: 'ok',
    rows: [{ warehouse_name: 'DEV_WH', credits: 7.25, usd: 21.75, credits_7d: 2, last_day_credits: 1, baseline_daily_credits: 1 }],
    findings: [
      {
        severity: 'info',
        summary: 'month to date: 7 credits billed',
        labels: { alert_type: 'cost_finding', finding: 'billed_month_to_date' },
        credits: 7,
      },
      {
        severity: 'warning',
        summary: 'warehouse DEV_WH used 1 credits yesterday, 5× its average',
        labels: { alert_type: 'cost_finding', warehouse: 'DEV_WH', finding: 'daily_spike' },
      },
    ],
    startedAt: startedAt.toISOString(),
    durationMs: 300,
    statementsSent: 1,
  },
];

let dir: string;
let db: Kysely<Database>;
const servers: RunningServer[] = [];

async function seed(): Promise<void> {
  const snapshots = new CheckSnapshotStore(db);
  const ledger = new AlertLedger(db);
  await snapshots.save(SEED_OUTCOMES, 'prod');
  for (const o of SEED_OUTCOMES) {
    await ledger.ingest(o.name, { status: o.status, alerts: findingsToAlerts(o, {}, { name: 'prod', labels: {} }), account: 'prod' }, SEEDED_AT);
  }
  const earlier = new Date(SEEDED_AT.getTime() - 60 * 60_000);
  const dev = devOutcomes(earlier);
  await snapshots.save(dev, DEV);
  for (const o of dev) await ledger.ingest(o.name, { status: 'ok', alerts: findingsToAlerts(o, {}, { name: DEV, labels: {} }), account: DEV }, earlier);
  const failed: CheckOutcome = {
    ...(dev[0] as CheckOutcome),
    status: 'failed',
    rows: [],
    findings: [],
    error: 'dev warehouse is gone',
    startedAt: SEEDED_AT.toISOString(),
  };
  await snapshots.save([failed], DEV);
  await ledger.ingest('credits_by_warehouse', { status: 'failed', alerts: [], error: 'dev warehouse is gone', account: DEV }, SEEDED_AT);
}

/** Each account's identifier and price, as the daemon passes them: dev is priced at 2 $/credit. */
const SITES = new Map([
  ['prod', { account: 'ACME-PROD', usdPerCredit: 3 }],
  [DEV, { account: 'ACME-DEV', usdPerCredit: 2 }],
]);

/** A dashboard on port 0 over the seeded store, given these `accounts:` names (and their settings); returns a GET for it. */
async function serve(
  accounts: readonly string[] | undefined,
  accountSettings?: ReadonlyMap<string, { account?: string; snowsightUrl?: string; usdPerCredit: number }>,
  status = 200,
  dashboard: DashboardConfig = config,
): Promise<(path: string) => Promise<string>> {
  const server = await serveDashboard({
    db: () => db,
    settings: () => ({
      dashboard,
      usdPerCredit: 3,
      account: 'ACME-PROD',
      ...(accounts ? { accounts } : {}),
      ...(accountSettings ? { accountSettings } : {}),
    }),
    now: () => NOW,
  });
  servers.push(server);
  return async (path) => {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`, { headers: { authorization: `Bearer ${TOKEN}` }, redirect: 'manual' });
    expect(res.status, path).toBe(status);
    if (status === 303) return res.headers.get('location') ?? '';
    return res.text();
  };
}

const q = (account: string) => `?account=${encodeURIComponent(account)}`;
/** The rows of the health page's check-runs table. */
const runRows = (text: string) => (text.split('<h2>Check runs</h2>')[1] ?? '').split('<tr>').slice(2);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snowmon-dashboard-accounts-'));
  db = await openDatabase(`sqlite:${join(dir, 'store.db')}`);
  await seed();
});

afterAll(async () => {
  for (const s of servers) await s.close();
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard with several accounts', () => {
  it('does show one account per page, the first by default, and the other one when asked, instead of one row per check', async () => {
    const get = await serve(ACCOUNTS);
    const first = await get('/warehouses');
    expect(first).toContain('ETL_WH');
    expect(first).not.toContain('DEV_WH');
    const dev = await get(`/warehouses${q(DEV)}`);
    expect(dev).toContain('DEV_WH');
    expect(dev).not.toContain('ETL_WH');
    // dev's latest run failed: its page says so and keeps the rows of its last run with data.
    expect(dev).toContain('latest run failed: dev warehouse is gone');
    const overview = await get(`/${q(DEV)}`);
    expect(overview).toContain('DEV_WH');
    expect(overview).not.toContain('ACCOUNT_MONTHLY');
    expect(overview).not.toContain('ALICE_ADMIN');
    expect(await get('/')).toContain('ACCOUNT_MONTHLY');
    // An unknown account reads as the first.
    expect(await get('/warehouses?account=nope')).toContain('ETL_WH');
  });

  it('does offer each account as a plain link, the shown one marked, and keep it in the navigation', async () => {
    const get = await serve(ACCOUNTS);
    const text = await get(`/queries${q(DEV)}`);
    const selector = text.split('<nav class="accounts"')[1]?.split('</nav>')[0] ?? '';
    expect(selector).toContain('href="/queries?account=prod"');
    expect(selector).toContain(`href="/queries?account=dev%3Cimg%20src%3Dx%20onerror%3Dalert(2)%3E"  aria-current="true"`);
    expect(selector).not.toContain('>all<');
    expect(text).toContain('href="/warehouses?account=dev%3Cimg');
  });

  it('does show the account column on the alerts page and filter by account', async () => {
    const get = await serve(ACCOUNTS);
    const all = await get('/alerts');
    expect(all).toContain('<th>account</th>');
    expect(all).toContain('warehouse DEV_WH used 1 credits');
    expect(all).toContain('admin ALICE_ADMIN holds ACCOUNTADMIN');
    expect(all).toContain('<td class="small">dev&lt;img src=x onerror=alert(2)&gt;</td>');
    expect(all).toContain('<td class="small">prod</td>');
    const prod = await get(`/alerts${q('prod')}`);
    expect(prod).not.toContain('DEV_WH');
    expect(prod).toContain('ALICE_ADMIN');
    const dev = await get(`/alerts${q(DEV)}&status=all`);
    expect(dev).toContain('warehouse DEV_WH used 1 credits');
    expect(dev).not.toContain('ALICE_ADMIN');
    expect(dev).toContain('<option selected>dev&lt;img src=x onerror=alert(2)&gt;</option>');
  });

  it('does group the health page check runs by account, each with its own runs and failure streak', async () => {
    const get = await serve(ACCOUNTS);
    const rows = runRows(await get('/health')).filter((r) => r.includes('credits_by_warehouse'));
    expect(rows).toHaveLength(2);
    const [prod, dev] = rows as [string, string];
    expect(prod).toContain('<td>prod</td>');
    expect(prod).toContain('class="st-ok"');
    expect(prod.match(/class="st-(ok|failed)" title=/g)).toHaveLength(1);
    expect(dev).toContain('<td>dev&lt;img src=x onerror=alert(2)&gt;</td>');
    expect(dev).toContain('class="st-failed"');
    expect(dev).toContain('last error: dev warehouse is gone');
    expect(dev.match(/class="st-(ok|failed)" title=/g)).toHaveLength(2);
    const onlyDev = runRows(await get(`/health${q(DEV)}`));
    expect(onlyDev).toHaveLength(1);
  });

  it('does show which replica watches each account on the health page, not a missing leader lease', async () => {
    const get = await serve(ACCOUNTS);
    expect(await get('/health')).toContain('no lease row');
    const leases = new AccountLeaseStore(db);
    await leases.claim('replica-a', ['prod'], 30_000, NOW);
    await leases.claim('replica-b', [DEV], 30_000, new Date(NOW.getTime() - 60_000));
    const text = await get('/health');
    expect(text).not.toContain('no lease row');
    const card = text.split('<h2>Watched by</h2>')[1]?.split('</section>')[0] ?? '';
    expect(card).toMatch(/<li>prod: <strong>replica-a<\/strong> until [^<]+<\/li>/);
    expect(card).toMatch(
      /<li>dev&lt;img src=x onerror=alert\(2\)&gt;: <span class="st-failed">its lease lapsed [^<]+ ago<\/span> \(last held by replica-b\)<\/li>/,
    );
  });

  it('does list the firing alerts of an account removed from accounts: under its name on the all-accounts page', async () => {
    const text = await (await serve(['prod', 'staging']))('/accounts');
    const gone = text.split('<h2>Of accounts no longer in accounts:</h2>')[1]?.split('</section>')[0] ?? '';
    expect(gone).toContain('dev&lt;img src=x onerror=alert(2)&gt;: nothing checks it any more, so these alerts stay firing until it is watched again.');
    expect(gone).toMatch(/<strong>dev&lt;img src=x onerror=alert\(2\)&gt;<\/strong> <a href="\/alerts\/[0-9a-f]+">warehouse DEV_WH used 1 credits yesterday/);
    expect(text).not.toContain('Not tied to one account');
  });

  it('does say so when ?account= names no configured account, and show the default', async () => {
    const get = await serve(ACCOUNTS);
    const text = await get(`/alerts${q('nope<b>')}`);
    expect(text).toContain(
      '<p class="notice" role="status">No account "nope&lt;b&gt;" in accounts: (prod, dev&lt;img src=x onerror=alert(2)&gt;); this page shows its default.</p>',
    );
    expect(await get(`/alerts${q('prod')}`)).not.toContain('No account');
  });

  it('does escape the XSS-named account on every page', async () => {
    const get = await serve(ACCOUNTS);
    for (const path of ['/', '/accounts', '/alerts', '/silences', '/warehouses', '/queries', '/security', '/health']) {
      for (const query of ['', q(DEV)]) {
        const text = await get(path + query);
        expect(text, path + query).not.toContain(DEV);
        expect(text, path + query).toContain('dev&lt;img src=x onerror=alert(2)&gt;');
      }
    }
  });

  it('does render every page exactly as before with a single account, and send the all-accounts page to the overview', async () => {
    const before = await serve(undefined);
    const one = await serve(['prod'], new Map([['prod', { account: 'ACME-PROD', usdPerCredit: 5 }]]));
    for (const path of ['/', '/alerts', '/silences', '/warehouses', '/queries', '/security', '/health', `/warehouses${q('prod')}`]) {
      const text = await one(path);
      expect(text, path).toBe(await before(path));
      expect(text).not.toContain('class="accounts"');
      expect(text).not.toContain('href="/accounts"');
    }
    expect(await (await serve(['prod'], undefined, 303))('/accounts')).toBe('/');
  });

  it("does sum the accounts' spend at each one's price on the all-accounts page, with each one's firing alerts, worst ones and last run", async () => {
    const get = await serve(ACCOUNTS, SITES);
    const text = await get('/accounts');
    // prod 940 credits billed at its finding's $2,820; dev 7 credits at its own 2 $/credit.
    expect(text).toContain('<div class="v">$2,834</div>');
    expect(text).toContain('month to date over 2 of 2 accounts, 947.00 credits');
    const rows = (text.split('<tbody>')[1] ?? '').split('<tr>').slice(1);
    expect(rows).toHaveLength(2);
    const [prod, dev] = rows as [string, string];
    expect(prod).toContain('href="/?account=prod"');
    expect(prod).toContain('href="https://app.snowflake.com/acme/prod/#/compute/warehouses"');
    expect(prod).toContain('$2,820');
    expect(prod).toMatch(/<a href="\/alerts\/[0-9a-f]+">admin ALICE_ADMIN holds ACCOUNTADMIN/);
    expect(dev).toContain(`href="/?account=${encodeURIComponent(DEV)}"`);
    expect(dev).toContain('href="https://app.snowflake.com/acme/dev/#/compute/warehouses"');
    expect(dev).toContain('$14.00');
    expect(dev).toContain('warehouse DEV_WH used 1 credits yesterday');
    expect(dev).not.toContain('ALICE_ADMIN');
    expect(dev).toMatch(/<a href="\/alerts\?account=dev%3Cimg[^"]*">0 \/ 1 \/ 1<\/a>/);
    expect(dev).toContain('1 failed: credits_by_warehouse');
    expect(dev).toContain('5 min ago');
    expect(text).toContain('<a href="/accounts"  aria-current="page">Accounts</a>');
  });

  it("does link each account's pages to its own Snowsight and price it at its own price", async () => {
    const get = await serve(ACCOUNTS, SITES);
    expect(await get('/warehouses')).toContain('href="https://app.snowflake.com/acme/prod/#/compute/warehouses"');
    const dev = await get(`/warehouses${q(DEV)}`);
    expect(dev).toContain('href="https://app.snowflake.com/acme/dev/#/compute/warehouses"');
    expect(dev).not.toContain('acme/prod');
    expect(await get(`/${q(DEV)}`)).toContain('<div class="v">$14.00</div>');
    // Without each account's settings (an older caller), only the first account's Snowsight is known.
    const old = await serve(ACCOUNTS);
    expect(await old(`/warehouses${q(DEV)}`)).not.toContain('app.snowflake.com');
    expect(await old('/warehouses')).toContain('href="https://app.snowflake.com/acme/prod/#/compute/warehouses"');
  });

  it("does link an account to its entry's snowsight_url (a locator's too), the first to daemon.dashboard.snowsight_url when its entry has none", async () => {
    const sites = new Map([
      ['prod', { account: 'ACME-PROD', usdPerCredit: 3 }],
      [DEV, { account: 'xy12345.eu-central-1', snowsightUrl: 'https://app.snowflake.com/acme/dev-eu', usdPerCredit: 2 }],
    ]);
    const get = await serve(ACCOUNTS, sites, 200, { ...config, snowsightUrl: 'https://app.snowflake.com/acme/prod-main' });
    expect(await get('/warehouses')).toContain('href="https://app.snowflake.com/acme/prod-main/#/compute/warehouses"');
    expect(await get(`/warehouses${q(DEV)}`)).toContain('href="https://app.snowflake.com/acme/dev-eu/#/compute/warehouses"');
    const all = await get('/accounts');
    expect(all).toContain('href="https://app.snowflake.com/acme/dev-eu/#/compute/warehouses"');
    // The first account's own entry wins over the dashboard's address; with one account too.
    const own = new Map([['prod', { account: 'ACME-PROD', snowsightUrl: 'https://app.snowflake.com/acme/prod-own', usdPerCredit: 3 }]]);
    const one = await serve(['prod'], own, 200, { ...config, snowsightUrl: 'https://app.snowflake.com/acme/prod-main' });
    expect(await one('/warehouses')).toContain('href="https://app.snowflake.com/acme/prod-own/#/compute/warehouses"');
  });
});
