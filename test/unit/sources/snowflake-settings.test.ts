import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { Secret } from '../../../src/config/secret.js';
import { resolveSnowflakeSettings } from '../../../src/sources/snowflake-settings.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'snowmon-sfhome-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const CONNECTIONS_TOML = `
[default]
account = "toml-account"
user = "TOML_USER"
password = "canary-toml-password"
role = "TOML_ROLE"
warehouse = "TOML_WH"
database = "TOML_DB"

[prod]
account = "prod-account"
user = "PROD_USER"
private_key_file = "~/keys/prod.p8"
private_key_file_pwd = "canary-toml-passphrase"
warehouse = "PROD_WH"
host = "127.0.0.1"
port = 8085
protocol = "http"
`;

async function failure(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('resolveSnowflakeSettings', () => {
  it('does prefer the config file, then the environment, then connections.toml, key by key', async () => {
    writeFileSync(join(home, 'connections.toml'), CONNECTIONS_TOML);
    const settings = await resolveSnowflakeSettings(
      { account: 'file-account' },
      { SNOWFLAKE_HOME: home, SNOWFLAKE_ACCOUNT: 'env-account', SNOWFLAKE_USER: 'ENV_USER', SNOWFLAKE_ROLE: 'ENV_ROLE' },
    );
    expect(settings).toMatchObject({
      account: 'file-account',
      user: 'ENV_USER',
      role: 'ENV_ROLE',
      warehouse: 'TOML_WH',
      database: 'TOML_DB',
      authenticator: 'SNOWFLAKE',
      statementTimeoutMs: 300_000,
      loginTimeoutMs: 15_000,
    });
    expect(settings.password?.reveal()).toBe('canary-toml-password');
    expect(Object.isFrozen(settings)).toBe(true);
  });

  it('does use the named connection with key-pair auth and its host when the config names one', async () => {
    writeFileSync(join(home, 'connections.toml'), CONNECTIONS_TOML);
    const settings = await resolveSnowflakeSettings({ connection: 'prod' }, { SNOWFLAKE_HOME: home }, { home: '/home/op' });
    expect(settings).toMatchObject({
      account: 'prod-account',
      user: 'PROD_USER',
      authenticator: 'SNOWFLAKE_JWT',
      privateKeyFile: '/home/op/keys/prod.p8',
      accessUrl: 'http://127.0.0.1:8085',
      warehouse: 'PROD_WH',
    });
    expect(settings.privateKeyPassphrase?.reveal()).toBe('canary-toml-passphrase');
    expect(settings.password).toBeUndefined();
  });

  it('does pick the connection from SNOWFLAKE_DEFAULT_CONNECTION_NAME when the config names none', async () => {
    writeFileSync(join(home, 'connections.toml'), CONNECTIONS_TOML);
    const settings = await resolveSnowflakeSettings({}, { SNOWFLAKE_HOME: home, SNOWFLAKE_DEFAULT_CONNECTION_NAME: 'prod' });
    expect(settings.account).toBe('prod-account');
  });

  it("does read config.toml's [connections] and default_connection_name when there is no connections.toml", async () => {
    writeFileSync(
      join(home, 'config.toml'),
      'default_connection_name = "dev"\n[connections.dev]\naccount = "dev-account"\nuser = "DEV"\npassword = "canary-dev"\nwarehouse = "DEV_WH"\n',
    );
    const settings = await resolveSnowflakeSettings({}, { SNOWFLAKE_HOME: home });
    expect(settings).toMatchObject({ account: 'dev-account', user: 'DEV', warehouse: 'DEV_WH' });
  });

  it('does look in ~/.snowflake when SNOWFLAKE_HOME is not set', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(home, '.snowflake'));
    writeFileSync(join(home, '.snowflake', 'connections.toml'), CONNECTIONS_TOML);
    const settings = await resolveSnowflakeSettings({}, {}, { home });
    expect(settings.account).toBe('toml-account');
  });

  it('does take key-pair settings and the host from the environment', async () => {
    const settings = await resolveSnowflakeSettings(
      {},
      {
        SNOWFLAKE_HOME: home,
        SNOWFLAKE_ACCOUNT: 'env-account',
        SNOWFLAKE_USER: 'SVC',
        SNOWFLAKE_WAREHOUSE: 'WH',
        SNOWFLAKE_PRIVATE_KEY_PATH: '/keys/svc.p8',
        SNOWFLAKE_PRIVATE_KEY_FILE_PWD: 'canary-env-pass',
        SNOWFLAKE_HOST: 'myorg-acct.privatelink.snowflakecomputing.com',
        SNOWFLAKE_PASSWORD: 'canary-ignored-password',
      },
    );
    expect(settings).toMatchObject({
      authenticator: 'SNOWFLAKE_JWT',
      privateKeyFile: '/keys/svc.p8',
      accessUrl: 'https://myorg-acct.privatelink.snowflakecomputing.com',
    });
    expect(settings.password).toBeUndefined();
  });

  describe('host, port and protocol', () => {
    const base = { SNOWFLAKE_ACCOUNT: 'xy12345.eu-west-1', SNOWFLAKE_USER: 'U', SNOWFLAKE_WAREHOUSE: 'W', SNOWFLAKE_PASSWORD: 'canary-pw' };
    const resolveWith = (section: Parameters<typeof resolveSnowflakeSettings>[0], env: Record<string, string>) =>
      resolveSnowflakeSettings(section, { ...base, SNOWFLAKE_HOME: home, ...env });

    it('does honour SNOWFLAKE_PORT and SNOWFLAKE_PROTOCOL together with SNOWFLAKE_HOST', async () => {
      const settings = await resolveWith({}, { SNOWFLAKE_HOST: '127.0.0.1', SNOWFLAKE_PORT: '8085', SNOWFLAKE_PROTOCOL: 'HTTP' });
      expect(settings.accessUrl).toBe('http://127.0.0.1:8085');
    });

    it('does pick each of the three keys by the config file, environment, connections.toml precedence', async () => {
      writeFileSync(join(home, 'connections.toml'), '[default]\nhost = "toml-host"\nport = 7000\nprotocol = "http"\n');
      expect((await resolveWith({ host: 'yaml-host' }, { SNOWFLAKE_PORT: '9000' })).accessUrl).toBe('http://yaml-host:9000');
      expect((await resolveWith({ port: 8443 }, { SNOWFLAKE_HOST: 'env-host', SNOWFLAKE_PROTOCOL: 'https' })).accessUrl).toBe('https://env-host:8443');
      expect((await resolveWith({}, {})).accessUrl).toBe('http://toml-host:7000');
    });

    it("does keep the account's own host when only the port or protocol is given", async () => {
      expect((await resolveWith({}, { SNOWFLAKE_PORT: '8443' })).accessUrl).toBe('https://xy12345.eu-west-1.snowflakecomputing.com:8443');
    });

    it('does let access_url win over host, port and protocol from every source', async () => {
      writeFileSync(join(home, 'connections.toml'), '[default]\nhost = "toml-host"\nport = 7000\n');
      const settings = await resolveWith(
        { accessUrl: 'http://127.0.0.1:4000', host: 'yaml-host', protocol: 'https' },
        { SNOWFLAKE_HOST: 'env-host', SNOWFLAKE_PORT: '1', SNOWFLAKE_PROTOCOL: 'https' },
      );
      expect(settings.accessUrl).toBe('http://127.0.0.1:4000');
    });

    it('does name the variable or file of a port, protocol or host it cannot use, without any secret', async () => {
      writeFileSync(join(home, 'connections.toml'), '[default]\npassword = "canary-toml-pw"\nprotocol = "ftp"\n');
      const error = await failure(resolveWith({}, { SNOWFLAKE_PORT: '80a', SNOWFLAKE_HOST: 'https://x.example.com' }));
      expect(error.message.split('\n')).toEqual([
        'snowflake.host: invalid host "https://x.example.com" from SNOWFLAKE_HOST (expected a host name such as myorg-acct.privatelink.snowflakecomputing.com; a full URL goes in snowflake.access_url) (SM108)',
        'snowflake.port: invalid port "80a" from SNOWFLAKE_PORT (expected a whole number from 1 to 65535) (SM108)',
        `snowflake.protocol: invalid protocol "ftp" from protocol in connection "default" of ${join(home, 'connections.toml')} (expected https or http) (SM108)`,
      ]);
      expect(error.message).not.toContain('canary');
    });
  });

  it('does name every missing key when account, user, warehouse and password are missing', async () => {
    const error = await failure(resolveSnowflakeSettings({}, { SNOWFLAKE_HOME: home }));
    expect(error.issues.map((i) => `${i.path} ${i.code}`)).toEqual([
      'snowflake.account SM110',
      'snowflake.user SM110',
      'snowflake.warehouse SM110',
      'snowflake.password SM110',
    ]);
    expect(error.message).toContain(
      'snowflake.warehouse: no warehouse: set snowflake.warehouse in snowmon.yaml, SNOWFLAKE_WAREHOUSE, or warehouse in a Snowflake CLI connection (SM110)',
    );
  });

  it('does list the defined connections when the named one does not exist', async () => {
    writeFileSync(join(home, 'connections.toml'), CONNECTIONS_TOML);
    const error = await failure(resolveSnowflakeSettings({ connection: 'staging' }, { SNOWFLAKE_HOME: home }));
    expect(error.message).toBe(
      `connection "staging" (from snowflake.connection) is not defined in ${join(home, 'connections.toml')} (defined: default, prod) (SM111)`,
    );
  });

  it('does report an invalid connections.toml with its line but without its text', async () => {
    writeFileSync(join(home, 'connections.toml'), '[default]\naccount = "a"\npassword = canary-unquoted\n');
    const error = await failure(resolveSnowflakeSettings({}, { SNOWFLAKE_HOME: home }));
    expect(error.message).toBe(`${join(home, 'connections.toml')}:3: invalid toml: invalid value (SM111)`);
    expect(error.message).not.toContain('canary');
  });

  it('does refuse an authenticator snowmon cannot use', async () => {
    const error = await failure(
      resolveSnowflakeSettings(
        { account: 'a', user: 'u', warehouse: 'w', password: new Secret('canary-x') },
        { SNOWFLAKE_HOME: home, SNOWFLAKE_AUTHENTICATOR: 'externalbrowser' },
      ),
    );
    expect(error.message).toBe('snowflake.authenticator: unsupported authenticator "externalbrowser" (snowmon supports SNOWFLAKE and SNOWFLAKE_JWT) (SM108)');
  });

  it('does never show the password in String, JSON or inspect of the settings', async () => {
    const settings = await resolveSnowflakeSettings(
      {},
      { SNOWFLAKE_HOME: home, SNOWFLAKE_ACCOUNT: 'a', SNOWFLAKE_USER: 'u', SNOWFLAKE_WAREHOUSE: 'w', SNOWFLAKE_PASSWORD: 'canary-9d1e' },
    );
    for (const text of [String(settings.password), JSON.stringify(settings), inspect(settings, { depth: 10, showHidden: true })]) {
      expect(text).not.toContain('canary');
    }
    expect(settings.password?.reveal()).toBe('canary-9d1e');
  });
});
