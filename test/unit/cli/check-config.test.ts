import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/check-config.js';

const dir = 'test/fixtures/config';
let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'snowmon-check-config-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function checkConfig(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    env: { SNOWFLAKE_HOME: home, ...env },
    home,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

describe('snowmon check-config', () => {
  it('does print ok and a summary when config, settings and query headers are valid', async () => {
    const result = await checkConfig(['--config', `${dir}/check-config-ok.yaml`], { SNOWFLAKE_PASSWORD: 'canary-cli-password' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `ok: ${dir}/check-config-ok.yaml`,
        '  snowflake: account xy12345.eu-west-1 at https://xy12345.eu-west-1.snowflakecomputing.com, user SNOWMON_SVC (password), role SNOWMON_ROLE, warehouse SNOWMON_WH',
        '  timeouts: statement 120s, login 15s',
        `  checks: 9 loaded from ${resolve('queries')}, 8 enabled (disabled: self_cost)`,
        '  pricing: 3.00 usd per credit',
        '',
      ].join('\n'),
    );
    expect(result.stdout).not.toContain('canary');
  });

  it('does print every error and exit 1 when the file is invalid', async () => {
    const result = await checkConfig([`--config=${dir}/several-errors.yaml`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      [
        `${dir}/several-errors.yaml:3: snowflake.login_timeout: invalid duration "soon" (SM104)`,
        `${dir}/several-errors.yaml:4: snowflake.password: secrets come from the environment or files, never from config text: use password: \${ENV_VAR} or password_file (SM106)`,
        `${dir}/several-errors.yaml:6: pricing.usd_per_credt: unknown key, did you mean "usd_per_credit"? (SM102)`,
        `${dir}/several-errors.yaml: 3 errors`,
        '',
      ].join('\n'),
    );
  });

  it('does name the missing settings when neither file, environment nor connections.toml has them', async () => {
    const result = await checkConfig([], { SNOWMON_CONFIG: `${dir}/empty.yaml` });
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter((l) => l.includes('(SM110)'))).toHaveLength(4);
    expect(result.stderr).toContain(`${dir}/empty.yaml: 4 errors`);
  });

  it('does flag a threshold no check header declares, with a suggestion', async () => {
    const result = await checkConfig(['-c', `${dir}/threshold-typo.yaml`], { SNOWFLAKE_PASSWORD: 'x' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${dir}/threshold-typo.yaml:9: checks.full_table_scans.thresholds.min_partitons: unknown threshold, did you mean "min_partitions"? (SM102)\n${dir}/threshold-typo.yaml: 1 error\n`,
    );
  });

  it('does exit 2 with usage when an argument is unknown', async () => {
    const result = await checkConfig(['--verbose']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('unknown argument "--verbose"\nusage: snowmon check-config [--config snowmon.yaml]\n');
  });
});
