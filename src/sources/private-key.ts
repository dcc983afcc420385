/**
 * Reads a key-pair auth private key (PKCS#8 PEM, optionally encrypted) with node:crypto and returns it
 * decrypted as PKCS#8 PEM for the driver, so an unreadable file or a wrong passphrase is a clear config
 * error before any network traffic. It never logs or returns key material anywhere else.
 */

import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../config/errors.js';
import type { ConfigIssue } from '../config/errors.js';
import type { Secret } from '../config/secret.js';
import { describeFsError } from '../config/describe-fs-error.js';

export async function loadPrivateKey(file: string, passphrase: Secret | undefined): Promise<string> {
  const fail = (issue: Omit<ConfigIssue, 'path'>): never => {
    throw new ConfigError([{ ...issue, path: 'snowflake.private_key_file' }]);
  };
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    return fail({ code: 'SM107', message: `cannot read private key "${file}": ${describeFsError(error)}` });
  }
  if (!/-----BEGIN (ENCRYPTED |RSA )?PRIVATE KEY-----/.test(pem)) {
    return fail({
      code: 'SM112',
      message: `"${file}" is not a PEM private key (expected a PKCS#8 "BEGIN PRIVATE KEY" or "BEGIN ENCRYPTED PRIVATE KEY" block)`,
    });
  }
  const encrypted = pem.includes('ENCRYPTED') || pem.includes('Proc-Type: 4,ENCRYPTED');
  if (encrypted && !passphrase) {
    return fail({ code: 'SM112', message: `private key "${file}" is encrypted: set snowflake.private_key_passphrase_file or SNOWFLAKE_PRIVATE_KEY_FILE_PWD` });
  }
  try {
    const key = createPrivateKey({ key: pem, format: 'pem', ...(encrypted && passphrase ? { passphrase: passphrase.reveal() } : {}) });
    if (key.asymmetricKeyType !== 'rsa') {
      return fail({ code: 'SM112', message: `private key "${file}" is ${key.asymmetricKeyType ?? 'not'} an RSA key; snowflake key-pair auth needs RSA` });
    }
    return key.export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const reason = encrypted ? 'wrong passphrase' : 'the key is damaged or in an unsupported format';
    return fail({ code: 'SM112', message: `cannot decrypt private key "${file}": ${reason}` });
  }
}
