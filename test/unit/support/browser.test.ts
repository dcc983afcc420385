/** The browser suites' switch: CHROMIUM_PATH or chromium on PATH; skipped locally without, a loud failure in CI. */

import { describe, expect, it } from 'vitest';
import { findChromium } from '../../support/browser.js';

const only =
  (...paths: string[]) =>
  (path: string): boolean =>
    paths.includes(path);

describe('findChromium', () => {
  it('does return CHROMIUM_PATH when it is set and executable, before PATH', () => {
    expect(findChromium({ CHROMIUM_PATH: '/opt/c/chrome', PATH: '/usr/bin' }, only('/opt/c/chrome', '/usr/bin/chromium'))).toEqual({ path: '/opt/c/chrome' });
  });

  it('does throw when CHROMIUM_PATH names no executable, in CI or not', () => {
    expect(() => findChromium({ CHROMIUM_PATH: '/nope' }, only())).toThrow(/CHROMIUM_PATH=\/nope is not an executable/);
  });

  it('does find chromium, then chromium-browser, on PATH in its order', () => {
    expect(findChromium({ PATH: '/a:/b' }, only('/b/chromium', '/a/chromium-browser'))).toEqual({ path: '/b/chromium' });
    expect(findChromium({ PATH: '/a:/b' }, only('/b/chromium-browser'))).toEqual({ path: '/b/chromium-browser' });
  });

  it('does return a skip reason outside CI when no chromium is found', () => {
    const found = findChromium({ PATH: '/a', CI: 'false' }, only());
    expect(found).toEqual({ skip: expect.stringMatching(/no chromium on PATH.*CHROMIUM_PATH/) });
  });

  it('does throw in CI when no chromium is found instead of skipping the browser suites', () => {
    expect(() => findChromium({ PATH: '/a', CI: 'true' }, only())).toThrow(/CI is set but no chromium was found/);
  });
});
