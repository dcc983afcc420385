/**
 * Which Snowflake CLI connection snowmon reads, for each layout a machine set up for `snow` can have:
 * ~/.snowflake/connections.toml, ~/.snowflake/config.toml, the platform folder only, and SNOWFLAKE_HOME.
 * The rules are those of snowflake-connector-python's sf_dirs.py / config_manager.py and snowflake-cli's
 * config.py, which `snow` reads its connections through.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { chooseTomlConnection } from '../../../src/sources/connections-toml.js';
import { resolveSnowflakeSettings } from '../../../src/sources/snowflake-settings.js';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'snowmon-clihome-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function put(relative: string, text: string): string {
  const file = join(home, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const linux = { platform: 'linux' as const };
const connection = (account: string) => `account = "${account}"\nuser = "U"\nwarehouse = "W"\npassword = "canary-${account}"\n`;

describe('chooseTomlConnection', () => {
  it('does read ~/.snowflake/connections.toml when ~/.snowflake exists', async () => {
    const file = put('.snowflake/connections.toml', `[default]\n${connection('home-conn')}`);
    const chosen = await chooseTomlConnection(undefined, {}, { ...linux, home });
    expect(chosen).toMatchObject({ name: 'default', file, values: { account: 'home-conn' } });
  });

  it("does read ~/.snowflake/config.toml's [connections.NAME] and its default_connection_name", async () => {
    const file = put('.snowflake/config.toml', `default_connection_name = "dev"\n[connections.dev]\n${connection('home-config')}`);
    const chosen = await chooseTomlConnection(undefined, {}, { ...linux, home });
    expect(chosen).toMatchObject({ name: 'dev', file, values: { account: 'home-config' } });
  });

  it('does fall back to ~/.config/snowflake on Linux when ~/.snowflake does not exist', async () => {
    const file = put('.config/snowflake/connections.toml', `[default]\n${connection('xdg-default')}`);
    const chosen = await chooseTomlConnection(undefined, {}, { ...linux, home });
    expect(chosen).toMatchObject({ file, values: { account: 'xdg-default' } });
  });

  it('does honour XDG_CONFIG_HOME for the Linux fallback folder', async () => {
    const file = put('xdg/snowflake/config.toml', `[connections.default]\n${connection('xdg-env')}`);
    const chosen = await chooseTomlConnection(undefined, { XDG_CONFIG_HOME: join(home, 'xdg') }, { ...linux, home });
    expect(chosen).toMatchObject({ file, values: { account: 'xdg-env' } });
  });

  it('does fall back to ~/Library/Application Support/snowflake on macOS', async () => {
    const file = put('Library/Application Support/snowflake/config.toml', `default_connection_name = "mac"\n[connections.mac]\n${connection('mac')}`);
    const chosen = await chooseTomlConnection(undefined, {}, { home, platform: 'darwin' });
    expect(chosen).toMatchObject({ name: 'mac', file, values: { account: 'mac' } });
  });

  it('does not look in the platform folder when ~/.snowflake exists, even with no toml in it', async () => {
    mkdirSync(join(home, '.snowflake'));
    put('.config/snowflake/connections.toml', `[default]\n${connection('unused')}`);
    expect(await chooseTomlConnection(undefined, {}, { ...linux, home })).toBeUndefined();
  });

  it('does use SNOWFLAKE_HOME, with ~ expanded, over ~/.snowflake', async () => {
    put('.snowflake/connections.toml', `[default]\n${connection('not-this')}`);
    const file = put('elsewhere/sf/connections.toml', `[default]\n${connection('snowflake-home')}`);
    const chosen = await chooseTomlConnection(undefined, { SNOWFLAKE_HOME: '~/elsewhere/sf' }, { ...linux, home });
    expect(chosen).toMatchObject({ file, values: { account: 'snowflake-home' } });
  });

  it('does fall back to the platform folder when SNOWFLAKE_HOME names a folder that does not exist', async () => {
    const file = put('.config/snowflake/connections.toml', `[default]\n${connection('fallback')}`);
    const chosen = await chooseTomlConnection(undefined, { SNOWFLAKE_HOME: join(home, 'missing') }, { ...linux, home });
    expect(chosen).toMatchObject({ file, values: { account: 'fallback' } });
  });

  it("does take connections.toml's connections over config.toml's while keeping config.toml's default_connection_name", async () => {
    put(
      '.snowflake/config.toml',
      `default_connection_name = "prod"\n[connections.prod]\n${connection('config-prod')}\n[connections.only_in_config]\n${connection('x')}`,
    );
    const file = put('.snowflake/connections.toml', `[prod]\n${connection('connections-prod')}`);
    const chosen = await chooseTomlConnection(undefined, {}, { ...linux, home });
    expect(chosen).toMatchObject({ name: 'prod', file, values: { account: 'connections-prod' } });
    // connections.toml replaces config.toml's [connections] whole, as in the connector's config manager.
    const error = await chooseTomlConnection('only_in_config', {}, { ...linux, home }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(`connection "only_in_config" (from snowflake.connection) is not defined in ${file} (defined: prod) (SM111)`);
  });

  it('does ignore a default_connection_name written in connections.toml, as the CLI does', async () => {
    put('.snowflake/connections.toml', `default_connection_name = "other"\n[default]\n${connection('plain-default')}\n[other]\n${connection('other')}`);
    const chosen = await chooseTomlConnection(undefined, {}, { ...linux, home });
    expect(chosen).toMatchObject({ name: 'default', values: { account: 'plain-default' } });
  });

  it("does let SNOWFLAKE_DEFAULT_CONNECTION_NAME beat config.toml's default_connection_name", async () => {
    put('.snowflake/config.toml', `default_connection_name = "a"\n[connections.a]\n${connection('a')}\n[connections.b]\n${connection('b')}`);
    const chosen = await chooseTomlConnection(undefined, { SNOWFLAKE_DEFAULT_CONNECTION_NAME: 'b' }, { ...linux, home });
    expect(chosen?.values.account).toBe('b');
  });

  it('does fail naming the folder when a named connection is asked for and there is no file at all', async () => {
    const error = await chooseTomlConnection('prod', {}, { ...linux, home }).catch((e: unknown) => e);
    expect((error as ConfigError).message).toBe(
      `connection "prod" (from snowflake.connection) is not defined in ${join(home, '.config', 'snowflake')} (it has no connections.toml or config.toml) (SM111)`,
    );
  });
});

describe('resolveSnowflakeSettings with the Snowflake CLI connection', () => {
  it('does apply SNOWFLAKE_CONNECTIONS_<NAME>_<KEY> over the file and the generic variable, below snowmon.yaml', async () => {
    put('.snowflake/connections.toml', '[ci]\naccount = "ci-account"\nuser = "FILE_USER"\nwarehouse = "FILE_WH"\n');
    const settings = await resolveSnowflakeSettings(
      { connection: 'ci', warehouse: 'YAML_WH' },
      {
        SNOWFLAKE_CONNECTIONS_CI_PASSWORD: 'canary-ci-password',
        SNOWFLAKE_CONNECTIONS_CI_USER: 'CONN_ENV_USER',
        SNOWFLAKE_USER: 'GENERIC_USER',
        SNOWFLAKE_CONNECTIONS_CI_WAREHOUSE: 'CONN_ENV_WH',
        SNOWFLAKE_CONNECTIONS_OTHER_ROLE: 'NOT_MINE',
      },
      { ...linux, home },
    );
    expect(settings).toMatchObject({ account: 'ci-account', user: 'CONN_ENV_USER', warehouse: 'YAML_WH' });
    expect(settings.role).toBeUndefined();
    expect(settings.password?.reveal()).toBe('canary-ci-password');
  });

  it("does take a key's passphrase from the CLI's PRIVATE_KEY_PASSPHRASE over private_key_file_pwd in the file", async () => {
    put(
      '.snowflake/connections.toml',
      '[default]\naccount = "a"\nuser = "U"\nwarehouse = "W"\nprivate_key_file = "~/k.p8"\nprivate_key_file_pwd = "canary-file-pass"\n',
    );
    const fromFile = await resolveSnowflakeSettings({}, {}, { ...linux, home });
    expect(fromFile).toMatchObject({ authenticator: 'SNOWFLAKE_JWT', privateKeyFile: join(home, 'k.p8') });
    expect(fromFile.privateKeyPassphrase?.reveal()).toBe('canary-file-pass');
    const fromEnv = await resolveSnowflakeSettings({}, { PRIVATE_KEY_PASSPHRASE: 'canary-env-pass' }, { ...linux, home });
    expect(fromEnv.privateKeyPassphrase?.reveal()).toBe('canary-env-pass');
    expect(JSON.stringify(fromEnv)).not.toContain('canary');
  });

  it('does log in where the platform-folder connection points with its host, port and protocol', async () => {
    put(
      '.config/snowflake/config.toml',
      '[connections.default]\naccount = "emu"\nuser = "U"\npassword = "canary-p"\nwarehouse = "W"\nhost = "127.0.0.1"\nport = 8085\nprotocol = "http"\n',
    );
    const settings = await resolveSnowflakeSettings({}, {}, { ...linux, home });
    expect(settings.accessUrl).toBe('http://127.0.0.1:8085');
  });
});
