/**
 * The dashboard in a real browser (Debian's chromium through playwright-core) against a daemon driven by
 * hand on the emulator: every page loads with its content and fits a 390 px phone, the XSS canary (a
 * resource monitor named `<img src=x onerror=alert(1)>`) shows as text and runs nothing, ack and silence
 * are clicked through and land in the store. Screenshots at 1400 px and 390 px are taken first, before
 * the canary (into DASHBOARD_SCREENSHOTS when set, e.g. docs/, else a temp folder).
 */

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import bcrypt from 'bcryptjs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AckStore } from '../../../src/ledger/ack-store.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { SilenceStore } from '../../../src/ledger/silence-store.js';
import { findChromium, launchChromium } from '../../support/browser.js';
import { startHarness, T0, type Harness } from '../daemon/run-harness.js';

const chromium = findChromium();
const CANARY = '<img src=x onerror=alert(1)>';
const PAGES = [
  { path: '/', text: 'Budget: resource monitors' },
  { path: '/alerts', text: 'ACCOUNT_MONTHLY' },
  { path: '/silences', text: 'New silence' },
  { path: '/warehouses', text: 'ADHOC_WH' },
  { path: '/queries', text: 'Most expensive queries' },
  { path: '/security', text: 'ALICE_ADMIN' },
  { path: '/health', text: 'Check runs' },
];

describe.skipIf('skip' in chromium)(`dashboard in chromium${'skip' in chromium ? ` (${chromium.skip})` : ''}`, () => {
  let h: Harness;
  let browser: Browser;
  let context: BrowserContext;
  let base: string;
  const dialogs: string[] = [];
  const cspErrors: string[] = [];
  const shots = resolve(process.env['DASHBOARD_SCREENSHOTS'] ?? mkdtempSync(join(tmpdir(), 'snowmon-shots-')));

  beforeAll(async () => {
    const secrets = mkdtempSync(join(tmpdir(), 'snowmon-dash-auth-'));
    const htpasswd = join(secrets, 'htpasswd');
    writeFileSync(htpasswd, `ana:${bcrypt.hashSync('correct horse', 4)}\n`);
    h = await startHarness({ daemonLines: ['  dashboard:', '    enabled: true', '    auth:', `      basic_auth_file: ${htpasswd}`] });
    await h.daemon.runFreeCycle(T0);
    await h.daemon.runWarehouseCycle(T0);
    base = `http://127.0.0.1:${h.daemon.httpPort()}`;
    if ('path' in chromium) browser = await launchChromium(chromium.path);
    context = await browser.newContext({ httpCredentials: { username: 'ana', password: 'correct horse' }, viewport: { width: 1400, height: 900 } });
    context.on('page', (page) => {
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
      });
    });
    mkdirSync(shots, { recursive: true });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await h?.close();
  });

  it('does save screenshots of the overview and the alerts at 1400 px and 390 px', async () => {
    const page = await context.newPage();
    for (const [name, path] of [
      ['overview', '/'],
      ['alerts', '/alerts'],
    ] as const) {
      await page.setViewportSize({ width: 1400, height: 900 });
      await page.goto(base + path);
      await page.screenshot({ path: join(shots, `dashboard-${name}-1400.png`) });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(base + path);
      await page.screenshot({ path: join(shots, `dashboard-${name}-390.png`) });
    }
    await page.close();
  }, 60_000);

  it('does load every page with its content, no dialog and no CSP violation, fitting 1400 px and 390 px', async () => {
    const page = await context.newPage();
    for (const width of [1400, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const p of PAGES) {
        const res = await page.goto(base + p.path);
        expect(res?.status(), p.path).toBe(200);
        await expect(page.getByText(p.text).first().isVisible(), `${p.path} at ${width}`).resolves.toBe(true);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow, `${p.path} overflows at ${width} px`).toBeLessThanOrEqual(0);
      }
    }
    await page.close();
    expect(dialogs).toEqual([]);
    expect(cspErrors).toEqual([]);
  }, 120_000);

  it('does show the canary monitor as text on the overview and the alerts, and run nothing', async () => {
    // An account-level monitor with a small quota: the next free cycle raises its threshold alerts.
    const model = [...h.emulator.account.monitors.values()].find((m) => m.level === 'ACCOUNT');
    if (model === undefined) throw new Error('the scenario has no account monitor to copy');
    h.emulator.account.monitors.set(CANARY, { ...model, name: CANARY, creditQuota: 100 });
    h.clock.advance(60_000);
    await h.daemon.runFreeCycle(h.clock.now()); // the emulator starts the new monitor's cycle at 0 credits
    const canary = h.emulator.account.monitors.get(CANARY);
    if (canary) canary.usedCredits = 95;
    h.clock.advance(60_000);
    await h.daemon.runFreeCycle(h.clock.now());
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(await page.getByText(CANARY).first().isVisible()).toBe(true);
    expect(await page.locator('img').count()).toBe(0);
    await page.goto(`${base}/alerts`);
    await page
      .getByRole('link', { name: new RegExp(`monitor ${CANARY.replace(/[()]/g, '\\$&')}`) })
      .first()
      .click();
    expect(await page.getByText(CANARY).first().isVisible()).toBe(true);
    expect(await page.locator('img').count()).toBe(0);
    await page.close();
    expect(dialogs).toEqual([]);
  }, 60_000);

  it('does acknowledge an alert and add a silence by clicking, and the store has both', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/alerts?type=cost_monitor`);
    const row = page.locator('tr', { hasText: 'ACCOUNT_MONTHLY' }).first();
    const href = await row.getByRole('link').first().getAttribute('href');
    const fingerprint = (href ?? '').split('/').pop() as string;
    const answer = page.waitForResponse((r) => r.url().endsWith('/alerts/ack'));
    await row.getByRole('button', { name: 'Acknowledge' }).click();
    const posted = await answer;
    expect(posted.status(), await posted.text().catch(() => '')).toBe(303);
    await page.waitForURL(/done=acked/);
    expect(await page.getByText('Acknowledged.').isVisible()).toBe(true);

    await page.goto(`${base}/alerts/${fingerprint}`);
    expect(await page.getByText('ana', { exact: true }).first().isVisible()).toBe(true);
    await page.getByRole('link', { name: 'Silence alerts like this…' }).click();
    expect(await page.getByText(/It would mute 1 firing alert now/).isVisible()).toBe(true);
    await page.getByLabel('comment').fill('raising the quota, FIN-7');
    await page.getByRole('button', { name: 'Create silence' }).click();
    await page.waitForURL(/done=silenced/);
    expect(await page.getByText('Silence added.').isVisible()).toBe(true);
    expect(await page.getByText('mutes 1 firing alert now').isVisible()).toBe(true);
    await page.close();

    const db = await openDatabase(`sqlite:${join(h.folder, 'alerts.db')}`);
    try {
      expect((await new AckStore(db).list({ fingerprint })).map((a) => a.by)).toEqual(['ana']);
      const silences = await new SilenceStore(db).list();
      expect(silences).toHaveLength(1);
      expect(silences[0]).toMatchObject({ createdBy: 'ana', comment: 'raising the quota, FIN-7' });
      expect(silences[0]?.matchers).toContain('monitor="ACCOUNT_MONTHLY"');
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
