import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import { ignoredEndpointNote, ignoredEndpointVariables, refuseSameAccounts, resolveAccountSettings } from '../../../src/sources/snowflake-settings.js';
import { isAccountsList } from '../../../src/sources/account-config.js';

const env = { SNOWMON_PROD_PASSWORD: 'canary-prod-secret', SNOWMON_DEV_PASSWORD: 'canary-dev-secret' };

async function load(yaml: string, environment: Record<string, string> = env) {
  const file = join(mkdtempSync(join(tmpdir(), 'snowmon-accounts-')), 'snowmon.yaml');
  writeFileSync(file, yaml);
  return { file, config: await loadConfig(file, environment) };
}

async function issuesOf(yaml: string): Promise<{ file: string; message: string }> {
  const file = join(mkdtempSync(join(tmpdir(), 'snowmon-accounts-')), 'snowmon.yaml');
  writeFileSync(file, yaml);
  const error = await loadConfig(file, env).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return { file, message: (error as ConfigError).message };
}

const fleet = `
snowflake:
  user: SNOWMON_SVC
  role: SNOWMON_RO
  warehouse: SNOWMON_WH
pricing:
  usd_per_credit: 3
accounts:
  - name: prod
    account: myorg-prod
    password: \${SNOWMON_PROD_PASSWORD}
    usd_per_credit: 2.5
    labels: { team: core, env: prod }
  - account: myorg-dev
    warehouse: DEV_WH
    password_file: ./dev-password
`;

describe('accounts: in snowmon.yaml', () => {
  it('does make the snowflake: section the one account, named by its account, when accounts: is absent', async () => {
    const { config } = await load('snowflake:\n  account: xy12345.eu-west-1\n  user: U\npricing:\n  usd_per_credit: 2\n');
    expect(config.accounts).toEqual([{ name: 'xy12345.eu-west-1', snowflake: config.snowflake, usdPerCredit: 2, labels: {}, keyPath: 'snowflake' }]);
  });

  it('does name the single account "default" when snowflake.account is not written', async () => {
    const { config } = await load('snowflake:\n  user: U\n');
    expect(config.accounts.map((a) => a.name)).toEqual(['default']);
  });

  it('does start every account from the snowflake: defaults, its own keys winning', async () => {
    const yaml = fleet;
    const file = join(mkdtempSync(join(tmpdir(), 'snowmon-accounts-')), 'snowmon.yaml');
    writeFileSync(file, yaml);
    writeFileSync(join(file, '..', 'dev-password'), 'canary-dev-file\n');
    const config = await loadConfig(file, env);
    const [prod, dev] = config.accounts;
    expect(config.accounts).toHaveLength(2);
    expect(prod).toMatchObject({ name: 'prod', usdPerCredit: 2.5, labels: { team: 'core', env: 'prod' }, keyPath: 'accounts[0]' });
    expect(prod?.snowflake).toMatchObject({ account: 'myorg-prod', user: 'SNOWMON_SVC', role: 'SNOWMON_RO', warehouse: 'SNOWMON_WH' });
    expect(prod?.snowflake.password?.reveal()).toBe('canary-prod-secret');
    expect(dev).toMatchObject({ name: 'myorg-dev', usdPerCredit: 3, labels: {}, keyPath: 'accounts[1]' });
    expect(dev?.snowflake).toMatchObject({ account: 'myorg-dev', user: 'SNOWMON_SVC', warehouse: 'DEV_WH' });
    expect(dev?.snowflake.password?.reveal()).toBe('canary-dev-file');
    expect(Object.isFrozen(config.accounts[1]?.labels)).toBe(true);
    const settings = await resolveAccountSettings(dev!, {}, { home: '/nonexistent-home' });
    expect(settings).toMatchObject({ account: 'myorg-dev', user: 'SNOWMON_SVC', warehouse: 'DEV_WH', authenticator: 'SNOWFLAKE' });
  });

  it('does report a duplicate name with file, line, key path and value', async () => {
    const { file, message } = await issuesOf('accounts:\n  - name: prod\n    account: a\n  - name: PROD\n    account: b\n');
    expect(message).toBe(`${file}:4: accounts[1].name: duplicate account name "PROD" (also accounts[0]) (SM128)`);
  });

  it('does report an invalid name, an unknown key, a reserved label and an entry without name or account', async () => {
    const yaml = 'accounts:\n  - name: "prod eu"\n  - account: a\n    acount: b\n    labels: { account: x, 9x: y }\n  - user: U\n';
    const { file, message } = await issuesOf(yaml);
    expect(message.split('\n')).toEqual([
      `${file}:2: accounts[0].name: invalid account name "prod eu" (letters, digits, "_", "." and "-") (SM108)`,
      `${file}:4: accounts[1].acount: unknown key, did you mean "account"? (SM102)`,
      `${file}:5: accounts[1].labels.account: the account label is the entry's name: set name: instead (SM108)`,
      `${file}:5: accounts[1].labels.9x: invalid label name "9x" (letters, digits and "_", not starting with a digit) (SM108)`,
      `${file}:6: accounts[2]: an account needs a name or an account key (SM110)`,
    ]);
  });

  it("does read an entry's snowsight_url without its trailing slash, and refuse one that is not an https address with file, line, key and value", async () => {
    const { config } = await load(
      'accounts:\n  - name: eu\n    account: xy12345.eu-central-1\n    snowsight_url: https://app.snowflake.com/acme/eu/\n  - account: acme-dev\n',
    );
    expect(config.accounts.map((a) => a.snowsightUrl)).toEqual(['https://app.snowflake.com/acme/eu', undefined]);
    const { file, message } = await issuesOf('accounts:\n  - name: eu\n    snowsight_url: http://app.snowflake.com/acme/eu\n');
    expect(message).toBe(
      `${file}:3: accounts[0].snowsight_url: must be the Snowsight address of the account, e.g. "https://app.snowflake.com/myorg/myaccount", got "http://app.snowflake.com/acme/eu" (SM108)`,
    );
  });

  it('does refuse an empty list and a literal secret in an entry', async () => {
    expect((await issuesOf('accounts: []\n')).message).toMatch(/accounts: an empty list: add an account, or remove accounts: .* \(SM110\)$/);
    const { message } = await issuesOf('accounts:\n  - name: p\n    password: hunter2-canary\n');
    expect(message).toMatch(/:3: accounts\[0\]\.password: secrets come from the environment or files/);
    expect(message).not.toContain('hunter2-canary');
  });

  it('does name the entry in a settings error of one account', async () => {
    const { config } = await load('snowflake:\n  user: U\n  password: ${SNOWMON_PROD_PASSWORD}\naccounts:\n  - name: prod\n    account: a\n');
    const error = await resolveAccountSettings(config.accounts[0]!, {}, { home: '/nonexistent-home' }).catch((e: unknown) => e);
    expect((error as ConfigError).message).toContain('accounts[0].warehouse: no warehouse: set accounts[0].warehouse in snowmon.yaml');
  });

  const shared = 'snowflake:\n  user: U\n  warehouse: WH\n  password: ${SNOWMON_PROD_PASSWORD}\n';

  it("does never take an entry's account from SNOWFLAKE_ACCOUNT or the default connection, while the single form still does", async () => {
    const home = mkdtempSync(join(tmpdir(), 'snowmon-accounts-home-'));
    writeFileSync(join(home, 'connections.toml'), '[default]\naccount = "toml-default"\n[eu]\naccount = "myorg-eu"\n');
    const environment = { ...env, SNOWFLAKE_ACCOUNT: 'env-account', SNOWFLAKE_HOME: home };
    const { file, config } = await load(
      `${shared}accounts:\n  - name: prod\n    account: myorg-prod\n  - name: eu\n    connection: eu\n  - name: dev\n`,
      environment,
    );
    const [prod, eu, dev] = config.accounts;
    expect((await resolveAccountSettings(prod!, environment, { configFile: file })).account).toBe('myorg-prod');
    expect((await resolveAccountSettings(eu!, environment, { configFile: file })).account).toBe('myorg-eu');
    const error = await resolveAccountSettings(dev!, environment, { configFile: file }).catch((e: unknown) => e);
    // Found only once the entry resolves, yet named by file and line as a validation error is.
    expect((error as ConfigError).issues).toEqual([
      {
        file,
        line: 10, // "  - name: dev"
        code: 'SM110',
        path: 'accounts[2].account',
        message: `no account: set accounts[2].account in ${file}, or accounts[2].connection naming a Snowflake CLI connection with an account (an entry of accounts:, or organization:, never reads SNOWFLAKE_ACCOUNT)`,
      },
    ]);
    const single = await load(shared, environment);
    expect((await resolveAccountSettings(single.config.accounts[0]!, environment)).account).toBe('env-account');
  });

  it('does refuse two entries that log in to the same account at the same host, naming both (SM132) with file and line', async () => {
    const { file, config } = await load(
      `${shared}  account: MyOrg-Prod\naccounts:\n  - name: prod\n  - name: prod2\n  - name: other\n    account: myorg-other\n`,
    );
    const resolved = await Promise.all(config.accounts.map(async (a) => [a, await resolveAccountSettings(a, env, { home: '/nonexistent-home' })] as const));
    expect(() => refuseSameAccounts(resolved.slice(1))).not.toThrow();
    const error = (() => {
      try {
        refuseSameAccounts(resolved);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect((error as ConfigError).issues).toEqual([
      {
        file,
        line: 8, // "  - name: prod2"
        code: 'SM132',
        path: 'accounts[1].account',
        message:
          'accounts[1] and accounts[0] both log in to account "MyOrg-Prod" at myorg-prod.snowflakecomputing.com: give each entry its own account (or connection)',
      },
    ]);
    // The same identifier at another host (the emulator, a private link) is another account.
    const elsewhere = { ...resolved[1]![1], accessUrl: 'http://127.0.0.1:8085' };
    expect(() => refuseSameAccounts([resolved[0]!, [resolved[1]![0], elsewhere]])).not.toThrow();
  });

  it("does never take an entry's host, port or protocol from SNOWFLAKE_HOST / _PORT / _PROTOCOL or the default connection: only from its keys, the snowflake: defaults and the connection it names", async () => {
    const home = mkdtempSync(join(tmpdir(), 'snowmon-accounts-home-'));
    writeFileSync(join(home, 'connections.toml'), '[default]\nhost = "default.example"\n[eu]\naccount = "myorg-eu"\nhost = "eu.example"\nport = 8443\n');
    const environment = { ...env, SNOWFLAKE_HOST: 'env.example', SNOWFLAKE_PORT: '9', SNOWFLAKE_PROTOCOL: 'http', SNOWFLAKE_HOME: home };
    const { file, config } = await load(
      `${shared}  protocol: https\naccounts:\n  - name: prod\n    account: myorg-prod\n  - name: eu\n    connection: eu\n` +
        '  - name: dev\n    account: myorg-dev\n    host: 127.0.0.1\n    port: 8085\n    protocol: http\n',
      environment,
    );
    const urls = await Promise.all(config.accounts.map(async (a) => (await resolveAccountSettings(a, environment, { configFile: file })).accessUrl));
    // prod: the defaults' protocol alone (the account's own host, port 443); eu: its connection's host and port; dev: its own keys.
    expect(urls).toEqual(['https://myorg-prod.snowflakecomputing.com', 'https://eu.example:8443', 'http://127.0.0.1:8085']);
    // The connection's own SNOWFLAKE_CONNECTIONS_<NAME>_HOST still overrides it, as in snow.
    const overridden = { ...environment, SNOWFLAKE_CONNECTIONS_EU_HOST: 'eu-override.example' };
    expect((await resolveAccountSettings(config.accounts[1]!, overridden, { configFile: file })).accessUrl).toBe('https://eu-override.example:8443');
    // The single form still reads all three from the environment (and the default connection).
    const single = await load(`${shared}  account: myorg-prod\n`, environment);
    expect((await resolveAccountSettings(single.config.accounts[0]!, environment)).accessUrl).toBe('http://env.example:9');
    // The variables an entry ignores are named once, for check-config's note and run's log line.
    expect(ignoredEndpointVariables(config.accounts, environment)).toEqual(['SNOWFLAKE_HOST', 'SNOWFLAKE_PORT']);
    expect(ignoredEndpointVariables(single.config.accounts, environment)).toEqual([]);
    expect(ignoredEndpointNote(['SNOWFLAKE_HOST', 'SNOWFLAKE_PORT'])).toBe(
      'SNOWFLAKE_HOST, SNOWFLAKE_PORT are set, but entries of accounts: do not read the environment for these: set host, port under snowflake: (every entry) or in an entry',
    );
  });
});

describe('dbt.account', () => {
  it('does name an account of accounts:, and an unknown one is reported with its path', async () => {
    const accounts = 'accounts:\n  - { name: prod, account: a }\n  - { name: dev, account: b }\n';
    const { config } = await load(`${accounts}dbt:\n  account: dev\n`);
    expect(config.dbt.account).toBe('dev');
    const { file, message } = await issuesOf(`${accounts}dbt:\n  account: staging\n`);
    expect(message).toBe(`${file}:5: dbt.account: unknown account "staging" (accounts: prod, dev) (SM108)`);
  });
});

describe('isAccountsList', () => {
  it('is the config form, not the number of entries: one accounts: entry counts as a list, the snowflake: form does not', () => {
    expect(isAccountsList([{ keyPath: 'accounts[0]' }])).toBe(true);
    expect(isAccountsList([{ keyPath: 'accounts[0]' }, { keyPath: 'accounts[1]' }])).toBe(true);
    expect(isAccountsList([{ keyPath: 'snowflake' }])).toBe(false);
  });
});
