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
  /** Writes `text` to `name` in the folder; returns its path. */
  readonly file: (name: string, text: string) => string;
  /** Loads `text` as a config that must fail; its lines without the file name (`3: budgets[0].name: ... (SM108)`). */
  readonly errors: (text: string, env?: Record<string, string>) => Promise<string[]>;
}

export function configFiles(prefix: string): ConfigFiles {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  const file = (name: string, text: string): string => {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  };
  const errors = async (text: string, env: Record<string, string> = {}): Promise<string[]> => {
    const path = file('bad.yaml', text);
    const error = await loadConfig(path, env).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n').map((line) => line.slice(path.length + 1).replace(/\.(\d+)(?=[.:])/g, '[$1]'));
  };
  return { file, errors };
}
