import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { loadConfig } from '../../../src/cli/load-config.js';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'snowmon-endpoint-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

function write(text: string): string {
  const file = join(folder, 'snowmon.yaml');
  writeFileSync(file, text);
  return file;
}

describe('snowflake.host, snowflake.port and snowflake.protocol', () => {
  it('does accept them, with the port from ${ENV} and the protocol in any case', async () => {
    const file = write('snowflake:\n  host: 127.0.0.1\n  port: ${EMULATOR_PORT}\n  protocol: HTTP\n');
    const config = await loadConfig(file, { EMULATOR_PORT: '8085' });
    expect(config.snowflake).toMatchObject({ host: '127.0.0.1', port: 8085, protocol: 'http' });
  });

  it('does refuse a URL as host, a port out of range and an unknown protocol, naming line and value', async () => {
    const file = write('snowflake:\n  host: https://acct.snowflakecomputing.com\n  port: 70000\n  protocol: ftp\n');
    const error = await loadConfig(file, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message.split('\n')).toEqual([
      `${file}:2: snowflake.host: invalid host "https://acct.snowflakecomputing.com" (expected a host name such as myorg-acct.privatelink.snowflakecomputing.com; a full URL goes in snowflake.access_url) (SM108)`,
      `${file}:3: snowflake.port: invalid port 70000 (expected a whole number from 1 to 65535) (SM108)`,
      `${file}:4: snowflake.protocol: invalid protocol "ftp" (expected https or http) (SM108)`,
    ]);
  });
});
