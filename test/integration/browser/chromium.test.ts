/**
 * The page tests' browser works here: Debian's chromium, launched through playwright-core, renders a page
 * at a phone's width and reports its layout.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { findChromium, launchChromium } from '../../support/browser.js';

const chromium = findChromium();

describe.skipIf('skip' in chromium)(`chromium${'skip' in chromium ? ` (${chromium.skip})` : ''}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    if ('path' in chromium) browser = await launchChromium(chromium.path);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('does render a page at 390 px and measure its overflow', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.setContent('<!doctype html><body style="margin:0"><div id="wide" style="width:600px">x</div></body>');
    const widths = await page.evaluate(() => ({
      viewport: window.innerWidth,
      document: document.documentElement.scrollWidth,
    }));
    expect(widths).toEqual({ viewport: 390, document: 600 });
    await page.close();
  });
});
