import { createSign, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { publicKeyFingerprint, verifyLoginJwt } from '../../../src/emulator/jwt.js';

const { publicKey, privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
});
const NOW = Date.parse('2026-01-01T00:00:00Z');

function sign(payload: Record<string, unknown>, key = privateKey): string {
  const enc = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${enc({ alg: 'RS256', typ: 'JWT' })}.${enc(payload)}`;
  return `${head}.${createSign('RSA-SHA256').update(head).sign(key).toString('base64url')}`;
}

const good = (over: Record<string, unknown> = {}): string =>
  sign({
    iss: `EMU.SVC.${publicKeyFingerprint(publicKey)}`,
    sub: 'EMU.SVC',
    iat: NOW,
    exp: NOW + 60_000,
    ...over,
  });
const expected = { publicKeyPem: publicKey, account: 'emu', user: 'svc', nowMs: NOW };

describe('verifyLoginJwt', () => {
  it('does accept a token signed by the registered key with exp in milliseconds or seconds', () => {
    expect(verifyLoginJwt(good(), expected)).toEqual({ ok: true });
    expect(verifyLoginJwt(good({ exp: NOW / 1000 + 60 }), expected)).toEqual({ ok: true });
  });

  it('does refuse an expired token, a wrong subject, a wrong issuer fingerprint and another key', () => {
    expect(verifyLoginJwt(good({ exp: NOW - 1 }), expected)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyLoginJwt(good({ sub: 'EMU.OTHER' }), expected)).toEqual({ ok: false, reason: 'wrong subject' });
    expect(verifyLoginJwt(good({ iss: 'EMU.SVC.SHA256:abc' }), expected)).toEqual({ ok: false, reason: 'wrong issuer' });
    const other = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    expect(verifyLoginJwt(sign({ sub: 'EMU.SVC' }, other.privateKey), expected)).toEqual({ ok: false, reason: 'bad signature' });
    expect(verifyLoginJwt('not.a.jwt', expected)).toMatchObject({ ok: false });
  });
});
