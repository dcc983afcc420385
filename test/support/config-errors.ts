/**
 * Writes snowmon.yaml files into a temp folder and loads them, for tests of config sections: `errors`
 * returns each line of the ConfigError after `<file>:`, list items as `key[0]`.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/cli/load-config.js';

export interface ConfigFiles {
  /** The temp folder the files are written to. */
  readonly folder: string;
  /** Writes `text` to `name` in the folder; returns its path. */
  readonly file: (name: string, text: string) => string;
  /** Loads `text` as a config that must fail; its lines without the file name (`3: budgets[0].name: ... (SM108)`). */
  readonly errors: (text: string, env?: Record<string, string>) => Promise<string[]>;
  /** Loads the config at `path`, which must fail; the ConfigError's lines as printed (`<file>:3: ...`). */
  readonly errorLines: (path: string, env?: Record<string, string>) => Promise<string[]>;
}

export function configFiles(prefix: string): ConfigFiles {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const file = (name: string, text: string): string => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };
  const errorLines = async (path: string, env: Record<string, string> = {}): Promise<string[]> => {
    const error = await loadConfig(path, env).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  };
  const errors = async (text: string, env: Record<string, string> = {}): Promise<string[]> => {
    const path = file('bad.yaml', text);
    return (await errorLines(path, env)).map((line) => line.slice(path.length + 1).replace(/\.(\d+)(?=[.:])/g, '[$1]'));
  };
  return { folder, file, errors, errorLines };
}
