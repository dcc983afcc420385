import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { Secret } from '../../../src/config/secret.js';
import { loadPrivateKey } from '../../../src/sources/private-key.js';

let dir: string;
let encryptedFile: string;
let plainFile: string;
const passphrase = 'canary-key-passphrase';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snowmon-key-'));
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  encryptedFile = join(dir, 'encrypted.p8');
  plainFile = join(dir, 'plain.p8');
  writeFileSync(encryptedFile, privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }));
  writeFileSync(plainFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(dir, 'not-a-key.txt'), 'hello\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function failure(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadPrivateKey', () => {
  it('does return a decrypted PKCS#8 PEM when the passphrase is right', async () => {
    const pem = await loadPrivateKey(encryptedFile, new Secret(passphrase));
    expect(pem.startsWith('-----BEGIN PRIVATE KEY-----')).toBe(true);
    expect(createPrivateKey(pem).asymmetricKeyType).toBe('rsa');
  });

  it('does return an unencrypted key as it is when no passphrase is needed', async () => {
    expect((await loadPrivateKey(plainFile, undefined)).startsWith('-----BEGIN PRIVATE KEY-----')).toBe(true);
  });

  it('does say the passphrase is wrong when it is, without printing it', async () => {
    const error = await failure(loadPrivateKey(encryptedFile, new Secret('canary-wrong')));
    expect(error.message).toBe(`snowflake.private_key_file: cannot decrypt private key "${encryptedFile}": wrong passphrase (SM112)`);
  });

  it('does ask for a passphrase when the key is encrypted and none is set', async () => {
    const error = await failure(loadPrivateKey(encryptedFile, undefined));
    expect(error.message).toBe(
      `snowflake.private_key_file: private key "${encryptedFile}" is encrypted: set snowflake.private_key_passphrase_file or SNOWFLAKE_PRIVATE_KEY_FILE_PWD (SM112)`,
    );
  });

  it('does name the file when it is missing or not a key', async () => {
    expect((await failure(loadPrivateKey(join(dir, 'missing.p8'), undefined))).message).toBe(
      `snowflake.private_key_file: cannot read private key "${join(dir, 'missing.p8')}": no such file (SM107)`,
    );
    expect((await failure(loadPrivateKey(join(dir, 'not-a-key.txt'), undefined))).issues[0]?.code).toBe('SM112');
  });
});
