import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { loadConfig } from '../../../src/cli/load-config.js';

const dir = 'test/fixtures/config';
const env = { SNOWFLAKE_PASSWORD: 'canary-env-secret', SNOWMON_TEST_ACCOUNT: 'xy12345.eu-west-1', SNOWMON_TEST_PASSPHRASE: 'canary-passphrase' };

async function errorOf(fixture: string, environment: Record<string, string> = env): Promise<ConfigError> {
  const error = await loadConfig(`${dir}/${fixture}`, environment).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadConfig', () => {
  it('does return a typed, frozen config when the file is valid', async () => {
    const config = await loadConfig(`${dir}/valid-key-pair.yaml`, env);
    expect(config.snowflake.account).toBe('xy12345.eu-west-1');
    expect(config.snowflake.authenticator).toBe('SNOWFLAKE_JWT');
    expect(config.snowflake.privateKeyFile).toBe(resolve(dir, 'keys/snowmon_rsa_key.p8'));
    expect(config.snowflake.privateKeyPassphrase?.reveal()).toBe('canary-passphrase');
    expect(config.snowflake.warehouse).toBe('SNOWMON_WH');
    expect(config.snowflake.statementTimeoutMs).toBe(120_000);
    expect(config.snowflake.loginTimeoutMs).toBe(10_000);
    expect(config.pricing.usdPerCredit).toBe(2.5);
    expect(config.checks.full_table_scans).toEqual({ enabled: true, thresholds: { min_partitions: 5000 } });
    expect(config.checks.self_cost.enabled).toBe(false);
    expect(config.checks.top_queries).toEqual({ enabled: true, thresholds: {} });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.snowflake)).toBe(true);
    expect(Object.isFrozen(config.checks.full_table_scans.thresholds)).toBe(true);
  });

  it('does apply every default when the file is empty', async () => {
    const config = await loadConfig(`${dir}/empty.yaml`, {});
    expect(config.snowflake).toEqual({});
    expect(config.pricing.usdPerCredit).toBe(3);
    expect(config.queriesDir).toBe(resolve('queries'));
    // Every check but budgets, which runs only when budgets: lists one.
    expect(
      Object.entries(config.checks)
        .filter(([, c]) => !c.enabled)
        .map(([name]) => name),
    ).toEqual(['budgets']);
  });

  it('does read a password_file, trim its newline and resolve paths against the config folder', async () => {
    const config = await loadConfig(`${dir}/password-file.yaml`, {});
    expect(config.snowflake.password?.reveal()).toBe('canary-file-secret');
    expect(config.queriesDir).toBe(resolve(dir, 'my-queries'));
  });

  it('does name file, line, key and value when a duration is invalid', async () => {
    const error = await errorOf('bad-duration.yaml');
    expect(error.message).toBe(`${dir}/bad-duration.yaml:7: snowflake.statement_timeout: invalid duration "12 parsecs" (SM104)`);
    expect(error.issues).toEqual([expect.objectContaining({ code: 'SM104', line: 7, path: 'snowflake.statement_timeout' })]);
  });

  it('does read per-monitor cycle anchors under checks.resource_monitors.monitors', async () => {
    const config = await loadConfig(`${dir}/monitor-cycles.yaml`, {});
    expect(config.checks.resource_monitors.monitors).toEqual({ BI_MONITOR: { cycle: 'calendar_month' }, ETL_MONITOR: { cycle: 'start_time' } });
    expect(config.checks.top_queries.monitors).toBeUndefined();
  });

  it('does reject a monitor cycle that is not calendar_month or start_time, one line per problem', async () => {
    const file = `${dir}/bad-monitor-cycles.yaml`;
    expect((await errorOf('bad-monitor-cycles.yaml')).message.split('\n')).toEqual([
      `${file}:5: checks.resource_monitors.monitors.BI_MONITOR.cycle: invalid cycle "weekly" (use calendar_month or start_time) (SM108)`,
      `${file}:6: checks.resource_monitors.monitors.ETL_MONITOR.cycle: missing cycle (use calendar_month or start_time) (SM110)`,
      `${file}:7: checks.resource_monitors.monitors.ETL_MONITOR.cylce: unknown key, did you mean "cycle"? (SM102)`,
      `${file}:8: checks.resource_monitors.monitors.LOADING_MONITOR.cycle: missing cycle (use calendar_month or start_time) (SM110)`,
      `${file}:10: checks.top_queries.monitors: unknown key (SM102)`,
    ]);
  });

  it('does suggest the nearest key when a key is unknown', async () => {
    expect((await errorOf('unknown-key.yaml')).message).toBe(`${dir}/unknown-key.yaml:3: snowflake.warehous: unknown key, did you mean "warehouse"? (SM102)`);
    expect((await errorOf('unknown-check.yaml')).message).toBe(
      `${dir}/unknown-check.yaml:2: checks.full_table_scan: unknown key, did you mean "full_table_scans"? (SM102)`,
    );
  });

  it('does name the variable when an ${ENV} reference is not set', async () => {
    expect((await errorOf('missing-env-var.yaml')).message).toBe(
      `${dir}/missing-env-var.yaml:2: snowflake.account: environment variable SNOWMON_TEST_UNSET_ACCOUNT is not set (SM105)`,
    );
  });

  it('does refuse a secret written as config text without printing it', async () => {
    const error = await errorOf('literal-secret.yaml');
    expect(error.message).toBe(
      `${dir}/literal-secret.yaml:4: snowflake.password: secrets come from the environment or files, never from config text: use password: \${ENV_VAR} or password_file (SM106)`,
    );
    expect(error.message).not.toContain('canary');
  });

  it('does refuse a secret hidden in an ${ENV:-default} fallback', async () => {
    const error = await errorOf('secret-default-in-text.yaml');
    expect(error.issues.map((i) => i.code)).toEqual(['SM106']);
    expect(error.message).not.toContain('canary');
  });

  it('does name the file when a *_file secret cannot be read', async () => {
    expect((await errorOf('unreadable-password-file.yaml')).message).toBe(
      `${dir}/unreadable-password-file.yaml:4: snowflake.password_file: cannot read "${resolve(dir, 'secrets/does-not-exist.txt')}": no such file (SM107)`,
    );
  });

  it('does refuse a secret given both inline and as a file', async () => {
    expect((await errorOf('conflicting-secret-keys.yaml')).message).toBe(
      `${dir}/conflicting-secret-keys.yaml:2: snowflake.password: set password or password_file, not both (SM109)`,
    );
  });

  it('does report every wrong type when values have the wrong type', async () => {
    expect((await errorOf('wrong-type.yaml')).message).toBe(
      [
        `${dir}/wrong-type.yaml:3: snowflake.role: expected a string, got a list (SM103)`,
        `${dir}/wrong-type.yaml:5: pricing.usd_per_credit: expected a number, got "three dollars" (SM103)`,
        `${dir}/wrong-type.yaml:8: checks.top_queries.enabled: expected true or false, got "yes please" (SM103)`,
      ].join('\n'),
    );
  });

  it('does give the line when the yaml does not parse', async () => {
    expect((await errorOf('yaml-syntax-error.yaml')).message).toBe(
      `${dir}/yaml-syntax-error.yaml:4: yaml syntax error: flow sequence in block collection must be sufficiently indented and end with a ] (SM101)`,
    );
  });

  it('does collect several errors in line order when a file has several problems', async () => {
    const error = await errorOf('several-errors.yaml');
    expect(error.issues.map((i) => [i.line, i.code])).toEqual([
      [3, 'SM104'],
      [4, 'SM106'],
      [6, 'SM102'],
    ]);
    expect(error.message).not.toContain('canary');
  });

  it('does say the file cannot be read when it does not exist', async () => {
    expect((await errorOf('no-such-config.yaml')).message).toBe(`${dir}/no-such-config.yaml: cannot read config file: no such file (SM100)`);
  });

  it('does never print a secret in String, JSON or inspect of the config', async () => {
    const config = await loadConfig(`${dir}/password-file.yaml`, {});
    // eslint-disable-next-line @typescript-eslint/restrict-template-expressions -- what a template literal prints is under test
    for (const text of [String(config.snowflake.password), JSON.stringify(config), inspect(config, { depth: 10 }), `${config.snowflake.password}`]) {
      expect(text).not.toContain('canary');
    }
    expect(JSON.stringify(config.snowflake)).toContain('"password":"[redacted]"');
  });
});

describe('config/snowmon.example.yaml', () => {
  it('does validate with only its absent passphrase file reported when loaded on a machine without its secrets', async () => {
    const config = await loadConfig('config/snowmon.example.yaml', { SNOWFLAKE_ACCOUNT: 'xy12345.eu-west-1' }).catch((e: unknown) => e);
    // The passphrase file does not exist on a test machine; nothing else may be wrong.
    expect(config).toBeInstanceOf(ConfigError);
    expect((config as ConfigError).issues.map((i) => `${i.path} ${i.code}`)).toEqual(['snowflake.private_key_passphrase_file SM107']);
  });

  it('does set the store, routing file and a runbook override beside the example file', async () => {
    const text = readFileSync('config/snowmon.example.yaml', 'utf8').replace(/\n {2}private_key_passphrase_file: .*\n/, '\n');
    const folder = mkdtempSync(`${tmpdir()}/snowmon-example-`);
    writeFileSync(`${folder}/snowmon.yaml`, text);
    const config = await loadConfig(`${folder}/snowmon.yaml`, { SNOWFLAKE_ACCOUNT: 'xy12345.eu-west-1' });
    expect(config.store.display).toBe(`sqlite:${resolve(folder, 'snowmon.db')}`);
    expect(config.routing.file).toBe(resolve(folder, 'routing.yaml'));
    expect(Object.keys(config.runbooks)).toEqual(['cost_monitor_limit']);
  });
});
