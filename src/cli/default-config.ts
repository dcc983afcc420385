/**
 * The configuration snowmon runs with when there is no snowmon.yaml: every check enabled with its
 * header's thresholds, the default price per credit, and Snowflake settings left to the environment and
 * connections.toml.
 */

import { resolve } from 'node:path';
import { validateConfig } from './snowmon-config.js';
import type { Config } from './snowmon-config.js';

export function defaultConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = validateConfig(
    {},
    {
      file: '(defaults)',
      absoluteFile: resolve('snowmon.yaml'),
      env,
      lineOf: () => undefined,
      readTextFile: () => {
        throw new Error('the default config reads no files');
      },
    },
  );
  if (!result.config) throw new Error(`the default config is invalid: ${result.issues.map((i) => i.message).join('; ')}`);
  return Object.freeze(result.config);
}
