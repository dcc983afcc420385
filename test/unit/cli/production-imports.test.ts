/**
 * DuckDB (70 MB, an optional dependency) stays out of what the production commands load: none of them
 * reaches `@duckdb/*` through static imports, and `snowmon demo` without DuckDB stops with SM140 saying
 * how to install it. Absence is a real failed import of a package that is not installed.
 */

import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run as demo } from '../../../src/cli/demo.js';
import { loadEmulator } from '../../../src/cli/load-emulator.js';
import { captureCli } from '../../integration/cli/capture-cli.js';
import { reachablePackages } from '../../support/static-imports.js';

const cli = (name: string) => resolve(import.meta.dirname, '../../../src/cli', `${name}.ts`);
const duckdbIn = (entry: string) => [...reachablePackages(entry)].filter(([name]) => name.startsWith('@duckdb/'));

/** The commands a production image runs (everything but demo and emulator), and main.ts that picks one. */
const PRODUCTION_COMMANDS = ['main', 'run', 'audit', 'check-config', 'route-test', 'silence', 'ack', 'alerts', 'dbt'];

/** A package name nothing installs: importing it fails exactly as `@duckdb/node-api` does when left out. */
const absentPackage = '@duckdb/node-api-not-installed';
const importAbsent = () => import(absentPackage);

describe('production entry points', () => {
  it.each(PRODUCTION_COMMANDS)('does not import @duckdb statically from %s', (command) => {
    expect(duckdbIn(cli(command))).toEqual([]);
  });

  it('does see @duckdb/node-api in the emulator, so the walk can fail', () => {
    const [found] = duckdbIn(resolve(import.meta.dirname, '../../../src/emulator/start-emulator.ts'));
    expect(found?.[0]).toBe('@duckdb/node-api');
    expect(found?.[1].at(-1)).toMatch(/emulator[/\\]engine\.ts$/);
  });

  it('does keep the emulator loader itself free of static @duckdb imports', () => {
    expect(duckdbIn(cli('load-emulator'))).toEqual([]);
  });
});

describe('snowmon demo without DuckDB', () => {
  it('does stop with SM140 and how to install DuckDB when the import fails', async () => {
    const result = await captureCli((argv) => demo(argv, { importDuckDB: importAbsent }), ['--days', '1']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'snowmon demo needs DuckDB (@duckdb/node-api@1.5.5-r.5), an optional dependency this install left out ' +
        '(npm ci --omit=optional, as in the container image): run npm ci without --omit=optional, ' +
        'or npm install --no-save @duckdb/node-api@1.5.5-r.5 (SM140)\n',
    );
  });

  it('does pass on failures other than a missing package', async () => {
    await expect(loadEmulator('demo', () => Promise.reject(new TypeError('the binding crashed')))).rejects.toThrow('the binding crashed');
  });

  it('does return the emulator when DuckDB loads', async () => {
    const emulator = await loadEmulator('demo');
    expect(typeof emulator.startEmulator).toBe('function');
  });
});
