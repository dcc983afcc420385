/**
 * The pages that show several accounts, in a real browser (Debian's chromium through playwright-core) at
 * 1400 px and a phone's 390 px: the audit html of two accounts (one named like a script tag) and the
 * dashboard's all-accounts page over a seeded SQLite store. Each fits the width, runs nothing (no dialog),
 * and its account links lead to that account: the table's link to the account's section, the dashboard's
 * to the account's overview.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import type { RunningServer } from '../../../src/daemon/http-server.js';
import { findingsToAlerts } from '../../../src/dispatch/findings-to-alerts.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import { CheckSnapshotStore } from '../../../src/ledger/check-snapshot-store.js';
import type { Database } from '../../../src/ledger/database.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { renderAccountsHtml } from '../../../src/report/render-accounts-html.js';
import { SEED_OUTCOMES, SEEDED_AT } from '../../fixtures/dashboard/seed-store.js';
import { SAMPLE_REPORT } from '../../fixtures/report/sample-report.js';
import { findChromium, launchChromium } from '../../support/browser.js';
import { serveDashboard } from '../../support/serve-dashboard.js';

const chromium = findChromium();
const HOSTILE = '<img src=x onerror=alert(1)>';
const TOKEN = 'a-dashboard-token-0123456789abcdef';

/** How far the page is wider than the window, in CSS px (0 or less: it fits). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe.skipIf('skip' in chromium)(`pages of several accounts in chromium${'skip' in chromium ? ` (${chromium.skip})` : ''}`, () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let db: Kysely<Database>;
  let server: RunningServer;
  const dialogs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'snowmon-accounts-pages-'));
    db = await openDatabase(`sqlite:${join(dir, 'store.db')}`);
    const ledger = new AlertLedger(db);
    for (const account of ['prod', HOSTILE]) {
      await new CheckSnapshotStore(db).save(SEED_OUTCOMES, account);
      for (const o of SEED_OUTCOMES) {
        await ledger.ingest(o.name, { status: o.status, alerts: findingsToAlerts(o, {}, { name: account, labels: {} }), account }, SEEDED_AT);
      }
    }
    server = await serveDashboard({
      db: () => db,
      settings: () => ({
        dashboard: { enabled: true, protectMetrics: false, auth: { token: new Secret(TOKEN), trustedProxies: [] } },
        usdPerCredit: 3,
        accounts: ['prod', HOSTILE],
      }),
      now: () => new Date(SEEDED_AT.getTime() + 60_000),
    });
    if ('path' in chromium) browser = await launchChromium(chromium.path);
    const context = await browser.newContext({ extraHTTPHeaders: { authorization: `Bearer ${TOKEN}` } });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await db?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("does fit the audit html of two accounts at 1400 and 390 px, run nothing, and jump to an account's section from its row", async () => {
    const file = join(dir, 'audit.html');
    const second = { ...SAMPLE_REPORT, account: HOSTILE };
    writeFileSync(file, renderAccountsHtml([{ report: SAMPLE_REPORT, snowsightUrl: 'https://app.snowflake.com/acme/prod' }, { report: second }]));
    for (const width of [1400, 390]) {
      await page.setViewportSize({ width, height: 844 });
      await page.goto(`file://${file}`);
      expect(await overflow(page), `audit html at ${width} px`).toBeLessThanOrEqual(0);
    }
    await page.getByRole('link', { name: HOSTILE }).click();
    expect(new URL(page.url()).hash).toBe('#account-2');
    const top = await page.evaluate(() => document.getElementById('account-2')?.getBoundingClientRect().top ?? -1);
    expect(Math.abs(top)).toBeLessThan(2);
    expect(await page.locator('#account-2 h2.account-name').textContent()).toBe(HOSTILE);
    expect(dialogs).toEqual([]);
  });

  it("does fit the dashboard's all-accounts page at 1400 and 390 px, run nothing, and lead from an account to its overview", async () => {
    const base = `http://127.0.0.1:${server.port}`;
    for (const width of [1400, 390]) {
      await page.setViewportSize({ width, height: 844 });
      const res = await page.goto(`${base}/accounts`);
      expect(res?.status()).toBe(200);
      expect(await overflow(page), `/accounts at ${width} px`).toBeLessThanOrEqual(0);
    }
    await expect(page.locator('main h1').textContent()).resolves.toBe('All accounts');
    await page.locator('main table').getByRole('link', { name: HOSTILE }).click();
    expect(new URL(page.url()).searchParams.get('account')).toBe(HOSTILE);
    expect(await page.locator('nav.accounts [aria-current="true"]').textContent()).toBe(HOSTILE);
    expect(dialogs).toEqual([]);
  });
});
