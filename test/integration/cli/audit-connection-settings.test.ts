/**
 * `snowmon audit` logging in to the emulator with the connection settings a new user has: the config
 * file's host/port/protocol, SNOWFLAKE_HOST + PORT + PROTOCOL, SNOWFLAKE_* with connections.toml, a Snowflake
 * CLI config.toml (in ~/.snowflake, the platform folder or SNOWFLAKE_HOME), and access_url. Each run uses a
 * temporary HOME and only the SHOW-based check, and counts the sessions the emulator itself opened.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { captureCli, type CliResult } from './capture-cli.js';
import { run } from '../../../src/cli/audit.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';

const PASSWORD = 'snowmon-demo-password';
/** Variables that would otherwise leak the machine's own Snowflake setup into a run. */
const CLEARED = /^(SNOWFLAKE_|SNOWMON_CONFIG$|XDG_CONFIG_HOME$|HOME$)/;

let emulator: RunningEmulator;
let home: string;
let saved: Record<string, string | undefined>;

beforeAll(async () => {
  emulator = await startEmulator({ clock: new FrozenClock('2026-11-20T15:00:00Z'), scenario: { seed: 7, queryHistoryRows: 1_000, days: 30 } });
}, 120_000);
afterAll(async () => {
  await emulator?.stop();
});

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'snowmon-home-'));
  saved = {};
  for (const name of Object.keys(process.env)) {
    if (CLEARED.test(name)) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
  }
  process.env.HOME = home;
});
afterEach(() => {
  for (const name of Object.keys(process.env)) if (CLEARED.test(name)) delete process.env[name];
  Object.assign(process.env, saved);
  rmSync(home, { recursive: true, force: true });
});

function put(relative: string, text: string): string {
  const file = join(home, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

/** The emulator's own host, port and protocol, as a user would copy them from `snowmon emulator`. */
function parts(): { host: string; port: string; protocol: string } {
  const url = new URL(emulator.url);
  return { host: url.hostname, port: url.port, protocol: url.protocol.replace(':', '') };
}

const sessions = () => emulator.statements.filter((s) => s.kind === 'alter_session').length;

/** Runs the quick audit and expects it to have logged in to the emulator once, without printing the password. */
async function expectLogin(...argv: string[]): Promise<CliResult> {
  const before = sessions();
  const result = await captureCli(run, [...argv, '--check', 'resource_monitors', '--format', 'json', '--quiet']);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stderr).not.toContain('snowmon:');
  const report = JSON.parse(result.stdout) as { checks: { name: string; status: string }[] };
  expect(report.checks).toEqual([expect.objectContaining({ name: 'resource_monitors', status: 'ok' })]);
  expect(sessions() - before).toBe(1);
  expect(result.stdout + result.stderr).not.toContain(PASSWORD);
  return result;
}

const cliConnection = (extra = '') => {
  const { host, port, protocol } = parts();
  return (
    `account = "${emulator.accountName}"\nuser = "SNOWMON"\npassword = "${PASSWORD}"\nwarehouse = "SNOWMON_WH"\n` +
    `host = "${host}"\nport = ${port}\nprotocol = "${protocol}"\n${extra}`
  );
};

describe('snowmon audit connection settings', () => {
  it('does log in with snowflake.host, port and protocol from the config file', async () => {
    const { host, port, protocol } = parts();
    const config = put(
      'snowmon.yaml',
      [
        'snowflake:',
        `  account: ${emulator.accountName}`,
        `  host: ${host}`,
        `  port: ${port}`,
        `  protocol: ${protocol}`,
        '  user: SNOWMON',
        '  password: ${SNOWMON_TEST_PW}',
        '  warehouse: SNOWMON_WH',
        '',
      ].join('\n'),
    );
    process.env.SNOWMON_TEST_PW = PASSWORD;
    try {
      await expectLogin('--config', config);
    } finally {
      delete process.env.SNOWMON_TEST_PW;
    }
  });

  it('does log in with SNOWFLAKE_HOST, SNOWFLAKE_PORT and SNOWFLAKE_PROTOCOL and no config file', async () => {
    const { host, port, protocol } = parts();
    Object.assign(process.env, {
      SNOWFLAKE_ACCOUNT: emulator.accountName,
      SNOWFLAKE_USER: 'SNOWMON',
      SNOWFLAKE_PASSWORD: PASSWORD,
      SNOWFLAKE_WAREHOUSE: 'SNOWMON_WH',
      SNOWFLAKE_HOST: host,
      SNOWFLAKE_PORT: port,
      SNOWFLAKE_PROTOCOL: protocol,
    });
    await expectLogin();
  });

  it('does log in with SNOWFLAKE_* variables completing ~/.snowflake/connections.toml', async () => {
    const { host, port, protocol } = parts();
    put('.snowflake/connections.toml', `[default]\naccount = "${emulator.accountName}"\nuser = "SNOWMON"\nhost = "${host}"\nport = ${port}\n`);
    Object.assign(process.env, { SNOWFLAKE_PROTOCOL: protocol, SNOWFLAKE_WAREHOUSE: 'SNOWMON_WH', SNOWFLAKE_CONNECTIONS_DEFAULT_PASSWORD: PASSWORD });
    await expectLogin();
  });

  it("does log in with ~/.snowflake/config.toml's default_connection_name", async () => {
    put('.snowflake/config.toml', `default_connection_name = "emulator"\n\n[connections.emulator]\n${cliConnection()}`);
    await expectLogin();
  });

  it('does log in with a config.toml in the platform folder when ~/.snowflake does not exist', async () => {
    put('.config/snowflake/config.toml', `default_connection_name = "emulator"\n\n[connections.emulator]\n${cliConnection()}`);
    await expectLogin();
  });

  it('does log in with the connection snowflake.connection names in $SNOWFLAKE_HOME', async () => {
    put('.snowflake/connections.toml', '[default]\naccount = "not-this-one"\n');
    put('work/snowflake/connections.toml', `[emu]\n${cliConnection()}`);
    const config = put('snowmon.yaml', 'snowflake:\n  connection: emu\n');
    process.env.SNOWFLAKE_HOME = join(home, 'work', 'snowflake');
    await expectLogin('--config', config);
  });

  it('does log in at access_url whatever host, port and protocol say', async () => {
    put('.snowflake/connections.toml', `[default]\n${cliConnection().replace(/port = \d+/, 'port = 9')}`);
    Object.assign(process.env, { SNOWFLAKE_HOST: 'unreachable.invalid', SNOWFLAKE_PORT: '9', SNOWFLAKE_PROTOCOL: 'https' });
    const config = put('snowmon.yaml', `snowflake:\n  access_url: ${emulator.url}\n  host: unreachable.invalid\n  port: 9\n`);
    await expectLogin('--config', config);
  });

  it('does refuse the login without printing the password when connections.toml has a wrong one', async () => {
    put('.snowflake/connections.toml', `[default]\n${cliConnection().replace(PASSWORD, 'canary-wrong-0042')}`);
    const result = await captureCli(run, ['--check', 'resource_monitors', '--format', 'json']);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/refused the login/);
    expect(result.stdout + result.stderr).not.toContain('canary-wrong-0042');
  });
});
