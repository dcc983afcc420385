/**
 * connectSnowflake against the emulator's injected faults: an outage answering 503 (which the driver
 * would retry for minutes), dropped connections, and expired session tokens.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret.js';
import type { RunningEmulator } from '../../src/emulator/start-emulator.js';
import { connectSnowflake } from '../../src/sources/connect-snowflake.js';
import { SnowflakeError } from '../../src/sources/snowflake-client.js';
import type { SnowflakeSettings } from '../../src/sources/snowflake-settings.js';

const emulatorReady = existsSync(join(import.meta.dirname, '../../src/emulator/start-emulator.ts'));

describe.skipIf(!emulatorReady)('connectSnowflake when the emulator injects faults', () => {
  let emulator: RunningEmulator;
  const settings = (overrides: Partial<SnowflakeSettings> = {}): SnowflakeSettings => ({
    account: emulator.accountName,
    accessUrl: emulator.url,
    user: 'SNOWMON',
    authenticator: 'SNOWFLAKE',
    password: new Secret('snowmon-demo-password'),
    warehouse: 'SNOWMON_WH',
    statementTimeoutMs: 10_000,
    loginTimeoutMs: 10_000,
    ...overrides,
  });

  async function failure(promise: Promise<unknown>): Promise<SnowflakeError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SnowflakeError);
    return error as SnowflakeError;
  }

  beforeAll(async () => {
    const { startEmulator } = await import('../../src/emulator/start-emulator.js');
    emulator = await startEmulator();
  });
  afterEach(() => emulator.faults.reset());
  afterAll(async () => {
    await emulator?.stop();
  });

  it('does reject with kind timeout instead of retrying for minutes when every query gets http 503', async () => {
    const client = await connectSnowflake(settings());
    try {
      emulator.faults.setOutage('503');
      const error = await failure(client.query('select 1 as one', { check: 'credits_by_warehouse', timeoutMs: 1500 }));
      expect(error.kind).toBe('timeout');
      expect(error.message).toBe('statement exceeded 1500ms and was cancelled (check credits_by_warehouse)');
    } finally {
      emulator.faults.setOutage('off');
      await client.close();
    }
  });

  it('does fail the login with kind network when the login gets http 503', async () => {
    emulator.faults.setOutage('503');
    const error = await failure(connectSnowflake(settings()));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`cannot reach snowflake at ${emulator.url}: http 503`);
  });

  it('does fail the login with kind network when the server drops the connection', async () => {
    emulator.faults.setOutage('refuse');
    const error = await failure(connectSnowflake(settings()));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`cannot reach snowflake at ${emulator.url}: connection reset`);
  });

  it('does keep querying when the session token expires, as a long-running daemon must', async () => {
    const client = await connectSnowflake(settings());
    try {
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      emulator.faults.expireAllTokens();
      expect((await client.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
    } finally {
      await client.close();
    }
  });
});
