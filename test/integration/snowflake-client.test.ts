/**
 * The real snowflake-sdk driver through connectSnowflake: failures without a working server (closed
 * port, silent server, refusing server), and, once the emulator is complete, queries against it.
 */

import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import type { Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config/secret.js';
import type { RunningEmulator } from '../../src/emulator/start-emulator.js';
import { connectSnowflake } from '../../src/sources/connect-snowflake.js';
import { SnowflakeError } from '../../src/sources/snowflake-client.js';
import type { SnowflakeSettings } from '../../src/sources/snowflake-settings.js';

const CANARY = 'canary-5e1f-password';

function settings(overrides: Partial<SnowflakeSettings>): SnowflakeSettings {
  return {
    account: 'emu',
    user: 'SNOWMON',
    authenticator: 'SNOWFLAKE',
    password: new Secret(CANARY),
    warehouse: 'SNOWMON_WH',
    statementTimeoutMs: 10_000,
    loginTimeoutMs: 10_000,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<SnowflakeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SnowflakeError);
  const e = error as SnowflakeError;
  expect(`${e.message} ${JSON.stringify(e)}`).not.toContain('canary');
  return e;
}

async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let keyDir: string;
let publicKeyPem: string;
let encryptedKeyFile: string;
let otherKeyFile: string;
const passphrase = 'canary-key-passphrase';

beforeAll(() => {
  keyDir = mkdtempSync(join(tmpdir(), 'snowmon-client-'));
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  encryptedKeyFile = join(keyDir, 'snowmon_key.p8');
  writeFileSync(encryptedKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }));
  otherKeyFile = join(keyDir, 'other_key.p8');
  writeFileSync(otherKeyFile, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
});
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

describe('connectSnowflake without a working snowflake', () => {
  it('does fail with kind network when nothing listens on the port', async () => {
    const port = await closedPort();
    const error = await failure(connectSnowflake(settings({ accessUrl: `http://127.0.0.1:${port}` })));
    expect(error.kind).toBe('network');
    expect(error.message).toBe(`cannot reach snowflake at http://127.0.0.1:${port}: connection refused`);
  });

  it('does give up at loginTimeoutMs with kind network when the server never answers', async () => {
    const sockets: Socket[] = [];
    const silent = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const error = await failure(connectSnowflake(settings({ accessUrl: `http://127.0.0.1:${port}`, loginTimeoutMs: 1000 })));
      expect(error.kind).toBe('network');
      expect(error.message).toBe(`cannot reach snowflake at http://127.0.0.1:${port}: no answer within 1s`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('does fail with kind login when snowflake refuses the password', async () => {
    // A stand-in for Snowflake's answer to a wrong password (protocol reference §3, row 1).
    let logins = 0;
    const refusing: Server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.url?.startsWith('/session/v1/login-request')) logins += 1;
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({ success: false, code: '390100', message: 'Incorrect username or password was specified.', data: { nextAction: 'RETRY_LOGIN' } }),
        );
      });
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    const { port } = refusing.address() as AddressInfo;
    try {
      const error = await failure(connectSnowflake(settings({ accessUrl: `http://127.0.0.1:${port}` })));
      expect(error.kind).toBe('login');
      expect(error.code).toBe('390100');
      expect(error.message).toBe('snowflake refused the login for user SNOWMON: incorrect username or password');
      expect(logins).toBe(1);
    } finally {
      refusing.closeAllConnections();
      await new Promise<void>((resolve) => refusing.close(() => resolve()));
    }
  });

  it('does hint at the account identifier with kind network when the login gets http 403', async () => {
    // What a mistyped account behind Snowflake's wildcard DNS answers.
    const forbidding: Server = createHttpServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = 403;
        res.setHeader('content-type', 'text/html');
        res.end('<html>forbidden</html>');
      });
    });
    await new Promise<void>((resolve) => forbidding.listen(0, '127.0.0.1', resolve));
    const { port } = forbidding.address() as AddressInfo;
    try {
      const error = await failure(connectSnowflake(settings({ accessUrl: `http://127.0.0.1:${port}` })));
      expect(error.kind).toBe('network');
      expect(error.message).toBe(`cannot reach snowflake at http://127.0.0.1:${port}: http 403 (check the account identifier or access_url)`);
    } finally {
      forbidding.closeAllConnections();
      await new Promise<void>((resolve) => forbidding.close(() => resolve()));
    }
  });

  it('does fail with kind config before any network traffic when the key passphrase is wrong', async () => {
    const port = await closedPort();
    const error = await failure(
      connectSnowflake(
        settings({
          accessUrl: `http://127.0.0.1:${port}`,
          authenticator: 'SNOWFLAKE_JWT',
          privateKeyFile: encryptedKeyFile,
          privateKeyPassphrase: new Secret('canary-wrong-passphrase'),
        }),
      ),
    );
    expect(error.kind).toBe('config');
    expect(error.message).toBe(`snowflake.private_key_file: cannot decrypt private key "${encryptedKeyFile}": wrong passphrase (SM112)`);
  });
});

// The emulator is built alongside this client; the suite skips only in a tree that does not have it yet.
const emulatorReady = existsSync(join(import.meta.dirname, '../../src/emulator/start-emulator.ts'));

describe.skipIf(!emulatorReady)('connectSnowflake against the emulator', () => {
  let emulator: RunningEmulator;
  const emulatorSettings = (overrides: Partial<SnowflakeSettings> = {}) =>
    settings({ account: emulator.accountName, accessUrl: emulator.url, password: new Secret('snowmon-demo-password'), ...overrides });

  beforeAll(async () => {
    const { startEmulator } = await import('../../src/emulator/start-emulator.js');
    emulator = await startEmulator({
      users: [{ name: 'SNOWMON_KEYPAIR', rsaPublicKeyPem: publicKeyPem, defaultRole: 'SNOWMON_ROLE', defaultWarehouse: 'SNOWMON_WH' }],
    });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it('does return typed rows with lower-case columns when a query has binds', async () => {
    const client = await connectSnowflake(emulatorSettings());
    try {
      const result = await client.query("select ? as name, ? as credits, 1.5 as ratio, to_date('2024-03-04') as day, parse_json('{\"a\":[1,2]}') as detail", {
        binds: ['SNOWMON_WH', 42],
      });
      expect(result.columns).toEqual(['name', 'credits', 'ratio', 'day', 'detail']);
      expect(result.rows).toEqual([{ name: 'SNOWMON_WH', credits: 42, ratio: 1.5, day: '2024-03-04', detail: { a: [1, 2] } }]);
      expect(result.queryId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await client.close();
    }
  });

  it('does tag every statement with its check and set the session to UTC once after login', async () => {
    const before = emulator.statements.length;
    const client = await connectSnowflake(emulatorSettings());
    try {
      await client.query('select 1 as one', { check: 'top_queries' });
      await client.query('select 2 as two', { check: 'full_table_scans' });
      const mine = emulator.statements.slice(before);
      expect(mine.map((s) => [s.sql, s.queryTag])).toEqual([
        ["alter session set timezone = 'UTC'", '{"app":"snowmon","check":"session"}'],
        ['select 1 as one', '{"app":"snowmon","check":"top_queries"}'],
        ['select 2 as two', '{"app":"snowmon","check":"full_table_scans"}'],
      ]);
    } finally {
      await client.close();
    }
  });

  it('does return timestamps as ISO UTC strings when the account default time zone is not UTC', async () => {
    const client = await connectSnowflake(emulatorSettings());
    try {
      const { rows } = await client.query("select '2024-01-02 03:04:05'::timestamp_ltz as at");
      expect(rows).toEqual([{ at: '2024-01-02T03:04:05.000Z' }]);
    } finally {
      await client.close();
    }
  });

  it('does log in with an encrypted PKCS#8 key when the authenticator is SNOWFLAKE_JWT', async () => {
    const client = await connectSnowflake(
      emulatorSettings({
        user: 'SNOWMON_KEYPAIR',
        authenticator: 'SNOWFLAKE_JWT',
        password: undefined,
        privateKeyFile: encryptedKeyFile,
        privateKeyPassphrase: new Secret(passphrase),
      }),
    );
    try {
      expect((await client.query('select current_user() as who')).rows).toEqual([{ who: 'SNOWMON_KEYPAIR' }]);
    } finally {
      await client.close();
    }
  });

  it('does fail with kind login when the private key does not match the registered public key', async () => {
    const error = await failure(
      connectSnowflake(emulatorSettings({ user: 'SNOWMON_KEYPAIR', authenticator: 'SNOWFLAKE_JWT', password: undefined, privateKeyFile: otherKeyFile })),
    );
    expect(error.kind).toBe('login');
    expect(error.message).toMatch(/^snowflake refused the key-pair login for user SNOWMON_KEYPAIR: /);
  });

  it('does fail with kind login when the password is wrong', async () => {
    const error = await failure(connectSnowflake(emulatorSettings({ password: new Secret(CANARY) })));
    expect(error.kind).toBe('login');
    expect(error.message).toBe('snowflake refused the login for user SNOWMON: incorrect username or password');
  });

  it('does reject with kind sql, code and sql state when a statement fails', async () => {
    const client = await connectSnowflake(emulatorSettings());
    try {
      const error = await failure(client.query('select * from no_such_table', { check: 'broken' }));
      expect(error.kind).toBe('sql');
      expect([error.code, error.sqlState]).toEqual(['002003', '42S02']);
      // One line, Snowflake's code and state first; the rest is the server's text.
      expect(error.message).toMatch(/^002003 \(42S02\): SQL compilation error: [^\n]+$/);
    } finally {
      await client.close();
    }
  });

  it('does cancel and reject with kind timeout when a statement passes its deadline', async () => {
    const client = await connectSnowflake(emulatorSettings());
    try {
      emulator.faults.setLatency(3000);
      const error = await failure(client.query('select 1 as one', { check: 'slow_check', timeoutMs: 300 }));
      expect(error.kind).toBe('timeout');
      expect(error.message).toBe('statement exceeded 300ms and was cancelled (check slow_check)');
    } finally {
      emulator.faults.setLatency(0);
      await client.close();
    }
  });

  it('does close twice without error and refuse queries after close', async () => {
    const client = await connectSnowflake(emulatorSettings());
    await client.close();
    await client.close();
    const error = await failure(client.query('select 1 as one'));
    expect(error.message).toBe('the snowflake session is closed');
  });
});
