/**
 * The demo's HTML report in a real browser (headless chromium) at a desk's 1400 px and a phone's 390 px,
 * light and dark: the criticals on the first screen, less than 5 screens before the folded details, no
 * horizontal overflow, finding text visible, charts within their card; and the terminal report of the same
 * audit fits 50 lines before its details. Saves screenshots to .cache/screenshots/ (and to docs/ with
 * SNOWMON_UPDATE_SCREENSHOTS=1, for the README).
 */

import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrangeReport } from '../../../src/report/arrange-report.js';
import type { AuditReport } from '../../../src/report/audit-report.js';
import { renderHtml } from '../../../src/report/render-html.js';
import { renderTable } from '../../../src/report/render-table.js';
import { findChromium, launchChromium } from '../../support/browser.js';
import { demoReport } from '../../support/demo-report.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const chromium = findChromium();
const VIEWPORTS = [
  { name: '1400', width: 1400, height: 900 },
  { name: '390', width: 390, height: 844 },
] as const;

interface Layout {
  readonly height: number;
  readonly scrollWidth: number;
  readonly innerWidth: number;
  readonly firstCritical: number;
  readonly detailsTop: number;
  readonly openDetails: number;
  readonly foldedChecks: number;
  readonly heatmapShown: boolean;
  readonly narrowestFindingText: number;
  readonly overflowing: readonly string[];
  readonly background: string;
}

/** Measures the page as a reader sees it; every figure in CSS px. */
async function layout(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const top = (el: Element | null) => (el === null ? -1 : el.getBoundingClientRect().top + window.scrollY);
    const texts = [...document.querySelectorAll('#criticals ul.findings li > .text, #recommendations ul.findings li > .text')];
    const overflowing = [...document.querySelectorAll('main *')]
      .filter((el) => el.closest('details:not([open])') === null && el.closest('.table-wrap, .chart-wrap') === null)
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    const heatmap = document.querySelector('svg.heatmap');
    return {
      height: document.documentElement.scrollHeight,
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      firstCritical: top(document.querySelector('#criticals .badge.critical')),
      detailsTop: top(document.querySelector('#details')),
      openDetails: document.querySelectorAll('details[open]').length,
      foldedChecks: document.querySelectorAll('details.check').length,
      heatmapShown: heatmap !== null && heatmap.checkVisibility(),
      narrowestFindingText: Math.min(...texts.map((el) => el.getBoundingClientRect().width)),
      overflowing: [...new Set(overflowing)],
      background: getComputedStyle(document.body).backgroundColor,
    };
  });
}

describe('the demo report', () => {
  let report: AuditReport;
  beforeAll(async () => {
    report = await demoReport();
  });

  it('does fit the terminal report before its details in 50 lines at 120 columns', () => {
    const before = renderTable(report, { width: 120 }).split('── Details per check')[0]!.split('\n');
    expect(before.length, before.join('\n')).toBeLessThanOrEqual(50);
    const criticals = arrangeReport(report).criticals.length;
    expect(criticals).toBeGreaterThan(0);
    expect(before.join('\n')).toContain(`── Critical ── ${criticals} findings`);
    expect(before.join('\n')).toMatch(/^ {2}per day {2}[▁▂▃▄▅▆▇█]{28,31} {2}\d{4}-\d{2}-\d{2} → /m);
  });

  describe.skipIf('skip' in chromium)(`in chromium${'skip' in chromium ? ` (${chromium.skip})` : ''}`, () => {
    let browser: Browser;
    let html: string;
    beforeAll(async () => {
      html = renderHtml(report);
      if ('path' in chromium) browser = await launchChromium(chromium.path);
    });
    afterAll(async () => {
      await browser?.close();
    });

    for (const viewport of VIEWPORTS) {
      it(`does show the criticals first, under 5 screens before the folded details, with nothing overflowing at ${viewport.name} px`, async () => {
        const backgrounds: string[] = [];
        for (const colorScheme of ['light', 'dark'] as const) {
          const page = await browser.newPage({ viewport: { width: viewport.width, height: viewport.height }, colorScheme });
          await page.setContent(html);
          const m = await layout(page);
          backgrounds.push(m.background);
          expect(m.scrollWidth, `${colorScheme}: ${m.overflowing.join(', ')}`).toBeLessThanOrEqual(m.innerWidth);
          expect(m.overflowing).toEqual([]);
          expect(m.firstCritical).toBeGreaterThan(0);
          expect(m.firstCritical).toBeLessThan(viewport.height);
          expect(m.detailsTop).toBeGreaterThan(0);
          expect(m.detailsTop).toBeLessThan(5 * viewport.height);
          expect(m.foldedChecks).toBe(report.checks.length);
          expect(m.openDetails).toBe(0);
          expect(m.heatmapShown).toBe(false);
          expect(m.narrowestFindingText).toBeGreaterThan(viewport.width / 2);
          if (colorScheme === 'light') {
            const dir = join(ROOT, '.cache', 'screenshots');
            mkdirSync(dir, { recursive: true });
            const shot = viewport.width >= 1000 ? { fullPage: true, clip: { x: 0, y: 0, width: viewport.width, height: Math.ceil(m.detailsTop) + 120 } } : {};
            await page.screenshot({ path: join(dir, `report-${viewport.name}.png`), ...shot });
            if (process.env['SNOWMON_UPDATE_SCREENSHOTS'] === '1') {
              await page.screenshot({ path: join(ROOT, 'docs', `report-${viewport.name}.png`), ...shot });
            }
          }
          await page.close();
        }
        expect(backgrounds[0]).not.toBe(backgrounds[1]);
      });
    }

    it("does open a check's details on a click and keep its heatmap within the phone's width", async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.setContent(html);
      await page.click('#check-warehouse_utilization > summary');
      const m = await layout(page);
      expect(m.openDetails).toBe(1);
      expect(m.heatmapShown).toBe(true);
      expect(m.scrollWidth).toBeLessThanOrEqual(m.innerWidth);
      await page.close();
    });
  });
});
