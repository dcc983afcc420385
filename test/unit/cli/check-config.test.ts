import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/check-config.js';
import { describeRoutes } from '../../../src/router/describe-routes.js';
import { loadRouting } from '../../../src/router/load-routing.js';

/** The shipped checks, one query file each (the fixture disables self_cost). */
const QUERY_FILES = readdirSync('queries').filter((f) => f.endsWith('.sql')).length;

let stderrBare = '';

const dir = 'test/fixtures/config';
let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'snowmon-check-config-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

/** Dummy values for the variables the shipped config/routing.yaml reads. */
const ROUTING_ENV = {
  SLACK_BOT_TOKEN: 'xoxb-canary-slack-token',
  PD_ROUTING_KEY: 'canary-pd-routing-key',
  DATA_LEAD_EMAIL: 'lead@example.com',
  SNOWMON_EMAIL_FROM: 'snowmon@example.com',
  SMTP_HOST: 'smtp.example.com',
  SMTP_USER: 'snowmon',
  SMTP_PASSWORD: 'canary-smtp-password',
};

async function checkConfig(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    env: { SNOWFLAKE_HOME: home, ...ROUTING_ENV, ...env },
    home,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

describe('snowmon check-config', () => {
  it('does resolve the organization account like an account, naming organization.<key> when it cannot log in', async () => {
    const file = join(home, 'org.yaml');
    const text = (org: string) =>
      `snowflake:\n  account: myorg-prod\n  user: SNOWMON_SVC\n  password: \${SNOWFLAKE_PASSWORD}\n  warehouse: WH\norganization:\n  account: myorg-org\n${org}`;
    writeFileSync(file, text('  role: ORG_BILLING\n  warehouse: ORG_WH\n'));
    const ok = await checkConfig(['--config', file], { SNOWFLAKE_PASSWORD: 'canary-cli-password' });
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(ok.stdout).toContain(
      '  organization: account myorg-org at https://myorg-org.snowflakecomputing.com, user SNOWMON_SVC, role ORG_BILLING, warehouse ORG_WH; read once a day\n',
    );
    writeFileSync(file, text('  role: ORG_BILLING\n'));
    const bad = await checkConfig(['--config', file], { SNOWFLAKE_PASSWORD: 'canary-cli-password' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('organization.warehouse');
    expect(bad.stderr).not.toContain('canary-cli-password');
  });

  it('does log the organization account in at its own host, never SNOWFLAKE_HOST / _PORT / _PROTOCOL or SNOWFLAKE_ACCOUNT, and note the ignored ones', async () => {
    const file = join(home, 'org-host.yaml');
    const cli = mkdtempSync(join(tmpdir(), 'snowmon-org-home-'));
    writeFileSync(join(cli, 'connections.toml'), '[billing]\naccount = "myorg-billing"\n');
    const env = { SNOWFLAKE_PASSWORD: 'canary-cli-password', SNOWFLAKE_HOST: 'env.example', SNOWFLAKE_ACCOUNT: 'myorg-watched', SNOWFLAKE_HOME: cli };
    const text = (org: string) =>
      `snowflake:\n  user: SNOWMON_SVC\n  password: \${SNOWFLAKE_PASSWORD}\n  warehouse: WH\norganization:\n  warehouse: ORG_WH\n${org}`;
    writeFileSync(file, text('  account: myorg-org\n'));
    const result = await checkConfig(['--config', file], env);
    expect(result.code, result.stderr).toBe(0);
    // The single form's watched account still reads the environment; the organization does not.
    expect(result.stdout).toContain('myorg-watched at https://env.example');
    expect(result.stdout).toContain('  organization: account myorg-org at https://myorg-org.snowflakecomputing.com,');
    expect(result.stderr).toBe(
      'note: SNOWFLAKE_HOST is set, but organization: does not read the environment for it: set host (or access_url) in organization:\n',
    );
    // A named connection gives the organization its account, not SNOWFLAKE_ACCOUNT (the watched account's).
    writeFileSync(file, text('  connection: billing\n  host: 127.0.0.1\n  port: 8085\n  protocol: http\n'));
    const named = await checkConfig(['--config', file], env);
    expect([named.code, named.stderr]).toEqual([0, '']);
    expect(named.stdout).toContain('  organization: account myorg-billing at http://127.0.0.1:8085,');
  });

  it('does describe each budget: whose spend, the amount a month and its accounts', async () => {
    const file = join(home, 'budgets.yaml');
    writeFileSync(
      file,
      'snowflake:\n  user: SNOWMON_SVC\n  password: ${SNOWFLAKE_PASSWORD}\n  warehouse: WH\naccounts:\n  - { name: prod, account: myorg-prod }\n  - { name: dev, account: myorg-dev }\n' +
        'budgets:\n  - { name: data-eng, label: owner, value: data_eng, monthly_credits: 400 }\n' +
        '  - { name: ds, label: team, value: data_science, monthly_usd: 1500, account: [prod] }\n',
    );
    const ok = await checkConfig(['--config', file], { SNOWFLAKE_PASSWORD: 'canary-cli-password' });
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    expect(ok.stdout).toContain('  budget data-eng: owner data_eng, 400 credits a month\n  budget ds: team data_science, 1500 usd a month in prod\n');
  });

  it('does resolve and describe every account of accounts:, and name the entry of one that cannot log in', async () => {
    const file = join(home, 'fleet.yaml');
    const fleet = (warehouse: string) =>
      `snowflake:\n  user: SNOWMON_SVC\n  password: \${SNOWFLAKE_PASSWORD}\n  warehouse: WH\naccounts:\n  - name: prod\n    account: myorg-prod\n    labels: { team: core }\n  - account: myorg-dev\n    usd_per_credit: 2\n${warehouse}`;
    writeFileSync(file, fleet(''));
    const ok = await checkConfig(['--config', file], { SNOWFLAKE_PASSWORD: 'canary-cli-password' });
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain(
      [
        '  account prod: myorg-prod at https://myorg-prod.snowflakecomputing.com, user SNOWMON_SVC (password), warehouse WH, 3.00 usd per credit',
        '    labels on its alerts: account=prod, team=core',
        '    timeouts: statement 300s, login 15s',
        '  account myorg-dev: myorg-dev at https://myorg-dev.snowflakecomputing.com, user SNOWMON_SVC (password), warehouse WH, 2.00 usd per credit',
      ].join('\n'),
    );
    // The route tree shows fleet mode's implicit account in group_by and in the inhibit rules' equal.
    expect(ok.stdout).toContain('     group by alert_type, monitor, account; wait 30s, interval 5m, repeat 4h\n');
    expect(ok.stdout).toContain('with equal monitor, account\n');
    writeFileSync(file, fleet('    user: ""\n'));
    const bad = await checkConfig(['--config', file], { SNOWFLAKE_PASSWORD: 'canary-cli-password' });
    expect(bad.code).toBe(1);
    // The file named by --config, not snowmon.yaml.
    expect(bad.stderr).toContain(`accounts[1].user: no user: set accounts[1].user in ${file}, SNOWFLAKE_USER`);
  });

  it('does refuse two entries of accounts: that reach the same account, and never fill an entry from SNOWFLAKE_ACCOUNT', async () => {
    const file = join(home, 'fleet.yaml');
    const shared = 'snowflake:\n  user: SNOWMON_SVC\n  password: ${SNOWFLAKE_PASSWORD}\n  warehouse: WH\n';
    writeFileSync(file, `${shared}  account: myorg-prod\naccounts:\n  - name: prod\n  - name: dev\n`);
    const same = await checkConfig(['--config', file], { SNOWFLAKE_PASSWORD: 'canary-cli-password' });
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('accounts[1].account: accounts[1] and accounts[0] both log in to account "myorg-prod" at myorg-prod.snowflakecomputing.com');
    writeFileSync(file, `${shared}accounts:\n  - name: prod\n  - name: dev\n    account: myorg-dev\n`);
    const fromEnv = await checkConfig(['--config', file], { SNOWFLAKE_PASSWORD: 'canary-cli-password', SNOWFLAKE_ACCOUNT: 'myorg-dev' });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain(`accounts[0].account: no account: set accounts[0].account in ${file}, or accounts[0].connection`);
  });

  it('does log entries of accounts: in at their own host, never SNOWFLAKE_HOST / _PORT / _PROTOCOL, and say in a note that those are ignored', async () => {
    const file = join(home, 'fleet-host.yaml');
    const shared = 'snowflake:\n  user: SNOWMON_SVC\n  password: ${SNOWFLAKE_PASSWORD}\n  warehouse: WH\n';
    writeFileSync(
      file,
      `${shared}accounts:\n  - { name: prod, account: myorg-prod }\n  - { name: dev, account: myorg-dev, host: 127.0.0.1, port: 8085, protocol: http }\n`,
    );
    const env = { SNOWFLAKE_PASSWORD: 'canary-cli-password', SNOWFLAKE_HOST: 'env.example', SNOWFLAKE_PORT: '9' };
    const result = await checkConfig(['--config', file], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('  account prod: myorg-prod at https://myorg-prod.snowflakecomputing.com, user SNOWMON_SVC');
    expect(result.stdout).toContain('  account dev: myorg-dev at http://127.0.0.1:8085, user SNOWMON_SVC');
    expect(result.stderr).toBe(
      'note: SNOWFLAKE_HOST, SNOWFLAKE_PORT are set, but entries of accounts: do not read the environment for these: set host, port under snowflake: (every entry) or in an entry\n',
    );
    // Written under snowflake:, every entry takes them, and nothing is left to note.
    writeFileSync(
      file,
      `${shared}  host: 127.0.0.1\n  port: 8085\n  protocol: http\naccounts:\n  - { name: prod, account: myorg-prod }\n  - { name: dev, account: myorg-dev }\n`,
    );
    const shared2 = await checkConfig(['--config', file], env);
    expect([shared2.code, shared2.stderr]).toEqual([0, '']);
    expect(shared2.stdout).toContain('  account prod: myorg-prod at http://127.0.0.1:8085,');
  });

  it("does list an unset Snowflake secret's variable with every other error, naming file, line, key and variable, and exit 1", async () => {
    const file = join(home, 'unset-secret.yaml');
    const routingFile = resolve('test/fixtures/routing/several-errors.yaml');
    writeFileSync(
      file,
      'snowflake:\n  user: SNOWMON_SVC\n  password: ${SNOWMON_CHECK_UNSET_PW}\n  warehouse: WH\n' +
        'accounts:\n  - { name: prod, account: myorg-prod }\n' +
        `  - { name: dev, account: myorg-dev, private_key_file: ${home}/k.p8, private_key_passphrase_file: ${home}/missing.pass }\n` +
        `routing:\n  file: ${routingFile}\n`,
    );
    const result = await checkConfig(['--config', file]);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      `${file}:3: snowflake.password: environment variable SNOWMON_CHECK_UNSET_PW is not set (SM105)`,
      `${file}:7: accounts[1].private_key_passphrase_file: cannot read "${home}/missing.pass": no such file (SM107)`,
    ]);
    // The routing table is still checked, and nothing follows from the absent secrets (no SM110 password, no SM112 key).
    expect(lines).toContain(`${routingFile}:3: defaults.group_wait: invalid duration "soon" (SM104)`);
    expect(result.stderr).not.toMatch(/SM110|SM112/);
    expect(lines.at(-2)).toBe(`${file}: 8 errors`);
  });

  it('does print ok, a summary and the route tree when config, settings, query headers and routing are valid', async () => {
    const result = await checkConfig(['--config', `${dir}/check-config-ok.yaml`], { SNOWFLAKE_PASSWORD: 'canary-cli-password' });
    const routes = describeRoutes(await loadRouting(resolve('config/routing.yaml'), ROUTING_ENV));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        `ok: ${dir}/check-config-ok.yaml`,
        '  snowflake: account xy12345.eu-west-1 at https://xy12345.eu-west-1.snowflakecomputing.com, user SNOWMON_SVC (password), role SNOWMON_ROLE, warehouse SNOWMON_WH',
        '  timeouts: statement 300s, login 15s',
        // budgets runs only when budgets: lists one; the fixture disables self_cost.
        `  checks: ${QUERY_FILES} loaded from ${resolve('queries')}, ${QUERY_FILES - 2} enabled (disabled: budgets, self_cost)`,
        '  pricing: 3.00 usd per credit',
        `  store: sqlite:${resolve(dir, 'snowmon.db')}`,
        `  routing: ${resolve('config/routing.yaml')}`,
        routes,
        '',
      ].join('\n'),
    );
    expect(routes).toContain('cost-100-suspend: {alert_type="cost_monitor",threshold="100"}');
    expect(result.stdout).not.toContain('canary');
  });

  it('does report routing errors one per line with the config errors', async () => {
    const config = join(home, 'snowmon.yaml');
    writeFileSync(config, `routing:\n  file: ${resolve('test/fixtures/routing/several-errors.yaml')}\nstore:\n  url: sqlite:./alerts.db\n  ur: x\n`);
    const result = await checkConfig(['--config', config], {
      SNOWFLAKE_ACCOUNT: 'xy12345',
      SNOWFLAKE_USER: 'U',
      SNOWFLAKE_PASSWORD: 'x',
      SNOWFLAKE_WAREHOUSE: 'W',
    });
    expect(result.code).toBe(1);
    const routingFile = resolve('test/fixtures/routing/several-errors.yaml');
    expect(result.stderr).toBe(`${config}:5: store.ur: unknown key, did you mean "url"? (SM102)\n${config}: 1 error\n`);
    writeFileSync(config, `routing:\n  file: ${routingFile}\n`);
    const again = await checkConfig(['--config', config], {
      SNOWFLAKE_ACCOUNT: 'xy12345',
      SNOWFLAKE_USER: 'U',
      SNOWFLAKE_PASSWORD: 'x',
      SNOWFLAKE_WAREHOUSE: 'W',
    });
    expect(again.code).toBe(1);
    expect(again.stderr.split('\n')).toEqual([
      `${routingFile}:3: defaults.group_wait: invalid duration "soon" (SM104)`,
      `${routingFile}:6: time_intervals.business_hours[0].weekdays[0]: invalid weekday "monday:funday" (SM108)`,
      `${routingFile}:7: time_intervals.business_hours[0].times[0].start_time: invalid time of day "9am" (expected HH:MM from 00:00 to 24:00) (SM125)`,
      `${routingFile}:13: routes[0].notify[1]: undefined receiver "slack" used in route "sla" (SM120)`,
      `${routingFile}:14: routes[0].response.clock: unknown time interval "office_hours" used in route "sla" (SM123)`,
      `${routingFile}:16: routes[1].matchers: the last route must be a catch-all (no matchers), got route "last" (SM126)`,
      `${config}: 6 errors`,
      '',
    ]);
  });

  it('does pass an audit-only setup and name the routing variables delivery still needs', async () => {
    const config = join(home, 'snowmon.yaml');
    writeFileSync(config, '');
    let stdoutBare = '';
    const bare = await run(['--config', config], {
      env: { SNOWFLAKE_HOME: home, SNOWFLAKE_ACCOUNT: 'xy12345', SNOWFLAKE_USER: 'U', SNOWFLAKE_PASSWORD: 'x', SNOWFLAKE_WAREHOUSE: 'W' },
      home,
      stdout: { write: (t: string) => (stdoutBare += t) },
      stderr: { write: (t: string) => (stderrBare += t) },
    });
    expect(stderrBare).toBe('');
    expect(bare).toBe(0);
    expect(stderrBare).toBe('');
    expect(stdoutBare).toContain('receivers not ready: alerts cannot be delivered (snowmon run, audit --notify) until these are set:');
    // Every variable at once, and the route tree is still checked and shown.
    for (const name of ['SLACK_BOT_TOKEN', 'PD_ROUTING_KEY', 'DATA_LEAD_EMAIL', 'SNOWMON_EMAIL_FROM', 'SMTP_HOST', 'SMTP_USER', 'SMTP_PASSWORD']) {
      expect(stdoutBare).toContain(`environment variable ${name} is not set (SM105)`);
    }
    expect(stdoutBare).toContain('routes (');
    expect(stdoutBare).toContain(
      `${resolve('config/routing.yaml')}:34: receivers.slack-data-alerts.token: environment variable SLACK_BOT_TOKEN is not set (SM105)`,
    );
  });

  it('does show a postgres store url with its password masked and never the password', async () => {
    const config = join(home, 'snowmon.yaml');
    writeFileSync(config, 'store:\n  url: ${DATABASE_URL}\n');
    const result = await checkConfig(['--config', config], {
      SNOWFLAKE_ACCOUNT: 'xy12345',
      SNOWFLAKE_USER: 'U',
      SNOWFLAKE_PASSWORD: 'x',
      SNOWFLAKE_WAREHOUSE: 'W',
      DATABASE_URL: 'postgres://snowmon:canary-db-password@db.internal:5432/snowmon',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  store: postgres://snowmon:***@db.internal:5432/snowmon\n');
    expect(result.stdout + result.stderr).not.toContain('canary');
  });

  it('does mask the password of a malformed postgres store url in its error', async () => {
    const config = join(home, 'snowmon.yaml');
    writeFileSync(config, 'store:\n  url: ${DATABASE_URL}\n');
    for (const url of [
      'postgres://snowmon:canary/db-password@db.internal/snowmon',
      'postgres//snowmon:canary-db-password@db.internal/snowmon',
      'postgres:/snowmon:canary-db-password@db.internal/snowmon',
    ]) {
      const result = await checkConfig(['--config', config], {
        SNOWFLAKE_ACCOUNT: 'xy12345',
        SNOWFLAKE_USER: 'U',
        SNOWFLAKE_PASSWORD: 'x',
        SNOWFLAKE_WAREHOUSE: 'W',
        DATABASE_URL: url,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`store.url: unsupported store url "${url.replace(/:canary[^@]*@/, ':***@')}"`);
      expect(result.stdout + result.stderr).not.toContain('canary');
    }
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

  it('does say which Snowflake CLI connection and file filled the settings', async () => {
    writeFileSync(
      join(home, 'config.toml'),
      'default_connection_name = "dev"\n[connections.dev]\naccount = "dev-acct"\nuser = "DEV"\npassword = "canary-toml-pw"\nwarehouse = "DEV_WH"\nhost = "127.0.0.1"\nport = 8085\nprotocol = "http"\n',
    );
    const result = await checkConfig([], { SNOWMON_CONFIG: `${dir}/empty.yaml` });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('  snowflake: account dev-acct at http://127.0.0.1:8085, user DEV (password), warehouse DEV_WH\n');
    expect(result.stdout).toContain(`  snowflake cli connection: "dev" in ${join(home, 'config.toml')}\n`);
    expect(result.stdout + result.stderr).not.toContain('canary');
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
