/**
 * The real browser the page tests drive: Debian's chromium through playwright-core (which downloads no
 * browser of its own). Outside CI, no chromium means those suites are skipped with the reason in their
 * name; in CI (CI set) it is an error, like test/support/postgres-url.ts, so a pipeline that lost the
 * browser fails loudly instead of passing with every page test skipped.
 */

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Where chromium is, or why the browser suites are skipped. */
export type ChromiumLookup = { readonly path: string } | { readonly skip: string };

const NAMES = ['chromium', 'chromium-browser'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function ciIsSet(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env['CI'];
  return ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false';
}

/**
 * CHROMIUM_PATH when set (an error when it names no executable), else the first `chromium` or
 * `chromium-browser` on PATH. None found: a skip reason outside CI, a thrown error in CI.
 */
export function findChromium(
  env: Readonly<Record<string, string | undefined>> = process.env,
  executable: (path: string) => boolean = isExecutable,
): ChromiumLookup {
  const explicit = env['CHROMIUM_PATH'];
  if (explicit !== undefined && explicit !== '') {
    if (!executable(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file.`);
    return { path: explicit };
  }
  const dirs = (env['PATH'] ?? '').split(delimiter).filter((dir) => dir !== '');
  for (const name of NAMES) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (executable(candidate)) return { path: candidate };
    }
  }
  if (ciIsSet(env)) {
    throw new Error(
      'CI is set but no chromium was found: the browser suites would be skipped. ' +
        'Install it (apt-get install -y chromium, as .ci/run does) or set CHROMIUM_PATH, or unset CI to skip them locally.',
    );
  }
  return { skip: 'skipped: no chromium on PATH (apt-get install -y chromium, or set CHROMIUM_PATH)' };
}

/**
 * Launches headless chromium at `path`. As root (containers, CI) chromium refuses its sandbox, so it runs
 * without; /dev/shm is small in containers, so it uses /tmp instead.
 */
export async function launchChromium(path: string): Promise<Browser> {
  const args = ['--disable-dev-shm-usage'];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath: path, headless: true, args });
}
