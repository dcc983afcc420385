/**
 * `snowmon dbt status`: reads the dbt artifacts under `--artifacts DIR` (added to `dbt.artifacts`),
 * evaluates them as of `--at` (default now) and prints the pipelines, findings and unreadable files as a
 * table or the contract's JSON. Exit 0 ok, 1 a finding at or above `--fail-on`, 2 usage or config error,
 * 3 an artifact could not be read (1 wins over 3).
 */

import { parseArgs } from 'node:util';
import { ConfigError } from '../config/errors.js';
import type { Config } from './snowmon-config.js';
import { DBT_EXIT, DBT_FAIL_ON, dbtExitCode } from '../dbt/dbt-exit-code.js';
import type { DbtFailOn } from '../dbt/dbt-exit-code.js';
import { evaluateDbt } from '../dbt/evaluate-dbt.js';
import { findArtifacts } from '../dbt/find-artifacts.js';
import { renderDbtStatus } from '../dbt/render-dbt-status.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseInstant } from './parse-instant.js';

const USAGE = `usage: snowmon dbt status [--artifacts DIR]... [--at ISO] [--config FILE] [--format table|json]
                         [--fail-on info|warning|critical|never]
  --artifacts DIR  a dbt target/ folder or a folder of archived runs (read down to DIR/a/b/c); adds to dbt.artifacts
  --at ISO         evaluate as of this instant, e.g. 2026-11-20T07:30:00Z (default: now)
  --fail-on S      exit 1 when a finding is at or above S (default: never)
exit codes: 0 ok, 1 a finding at or above --fail-on, 2 usage or config error, 3 an artifact could not be read
`;
const FORMATS = ['table', 'json'] as const;

export async function run(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    (sub === undefined ? process.stderr : process.stdout).write(USAGE);
    return sub === undefined ? DBT_EXIT.usage : DBT_EXIT.ok;
  }
  if (sub !== 'status') return usage(`unknown dbt command "${sub}"`);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        artifacts: { type: 'string', multiple: true },
        at: { type: 'string' },
        config: { type: 'string' },
        format: { type: 'string', default: 'table' },
        'fail-on': { type: 'string', default: 'never' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usage((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return DBT_EXIT.ok;
  }
  const format = values.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) return usage(`invalid --format "${values.format}" (expected ${FORMATS.join(', ')})`);
  const failOn = values['fail-on'] as DbtFailOn;
  if (!DBT_FAIL_ON.includes(failOn)) return usage(`invalid --fail-on "${values['fail-on']}" (expected ${DBT_FAIL_ON.join(', ')})`);
  const now = values.at !== undefined ? parseInstant('--at', values.at) : new Date();
  if (typeof now === 'string') return usage(now);

  let config: Config;
  try {
    config = await loadCliConfig(values.config, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return DBT_EXIT.usage;
    }
    throw error;
  }
  const dirs = [...config.dbt.artifacts, ...(values.artifacts ?? [])];
  if (dirs.length === 0) return usage('no artifacts to read: pass --artifacts DIR or set dbt.artifacts in the config');

  const scan = await findArtifacts(dirs);
  const status = evaluateDbt({ artifacts: scan.artifacts, problems: scan.problems, config: config.dbt, now });
  process.stdout.write(format === 'json' ? `${JSON.stringify(status, null, 2)}\n` : renderDbtStatus(status));
  return dbtExitCode(status, failOn);
}

function usage(message: string): number {
  process.stderr.write(`${message}\n${USAGE}`);
  return DBT_EXIT.usage;
}
