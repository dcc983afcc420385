/**
 * Loads the built-in Snowflake emulator for `snowmon demo`, `snowmon emulator` and `audit --emulator`:
 * first DuckDB, an optional dependency that a production install (the container image) leaves out, then
 * the emulator itself. When DuckDB is absent it throws one operator error (SM140) that says how to install
 * it. The commands that never need the emulator never import this module.
 */

import { ConfigError } from '../config/errors.js';

/** The emulator's public entry point, as `import()` returns it. */
export type EmulatorModule = typeof import('../emulator/start-emulator.js');

/** How DuckDB is imported; tests pass one that fails as an absent package does. */
export type ImportDuckDB = () => Promise<unknown>;

/** The exact DuckDB release package.json pins, named in the install hint. */
export const DUCKDB_PACKAGE = '@duckdb/node-api@1.5.5-r.5';

const importDuckDB: ImportDuckDB = () => import('@duckdb/node-api');

/**
 * The emulator module, once DuckDB is known to load. Throws a ConfigError (SM140) when DuckDB or its
 * native binding for this platform is not installed; any other failure is thrown as it is.
 */
export async function loadEmulator(command: string, importDuck: ImportDuckDB = importDuckDB): Promise<EmulatorModule> {
  try {
    await importDuck();
  } catch (error) {
    if (!isModuleNotFound(error)) throw error;
    throw new ConfigError([
      {
        code: 'SM140',
        message:
          `snowmon ${command} needs DuckDB (${DUCKDB_PACKAGE}), an optional dependency this install left out ` +
          '(npm ci --omit=optional, as in the container image): run npm ci without --omit=optional, ' +
          `or npm install --no-save ${DUCKDB_PACKAGE}`,
      },
    ]);
  }
  return import('../emulator/start-emulator.js');
}

/** loadEmulator for a command's `run`: when DuckDB is absent, prints the SM140 line on stderr and returns undefined. */
export async function emulatorForCommand(command: string, importDuck?: ImportDuckDB): Promise<EmulatorModule | undefined> {
  try {
    return await loadEmulator(command, importDuck);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return undefined;
  }
}

/** Node's codes for a package or file that cannot be found: ESM (`ERR_MODULE_NOT_FOUND`) and CommonJS (`MODULE_NOT_FOUND`, a missing native binding). */
function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}
