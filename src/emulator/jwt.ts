/**
 * Verifies the RS256 JWT that snowflake-sdk sends for key-pair login (`AUTHENTICATOR: SNOWFLAKE_JWT`)
 * against a user's registered public key, with node:crypto only. It is not a general JWT library.
 */

import { createHash, createPublicKey, verify } from 'node:crypto';

export type JwtCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `SHA256:<base64 of the SHA-256 of the DER SubjectPublicKeyInfo>`, as Snowflake's RSA_PUBLIC_KEY_FP. */
export function publicKeyFingerprint(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64')}`;
}

/**
 * Checks signature, subject (`ACCOUNT.USER`), issuer (`ACCOUNT.USER.SHA256:fp`) and expiry. The driver
 * writes `exp` in milliseconds; standard JWTs use seconds; both are accepted.
 */
export function verifyLoginJwt(
  token: string,
  expected: {
    readonly publicKeyPem: string;
    readonly account: string;
    readonly user: string;
    readonly nowMs: number;
  },
): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed token' };
  const [h, p, s] = parts as [string, string, string];
  const header = decodeJson(h);
  const payload = decodeJson(p);
  if (header === undefined || payload === undefined) return { ok: false, reason: 'malformed token' };
  if (header['alg'] !== 'RS256') return { ok: false, reason: 'unsupported algorithm' };
  let signatureOk: boolean;
  try {
    signatureOk = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey(expected.publicKeyPem), Buffer.from(s, 'base64url'));
  } catch {
    signatureOk = false;
  }
  if (!signatureOk) return { ok: false, reason: 'bad signature' };
  const subject = `${expected.account}.${expected.user}`.toUpperCase();
  if (typeof payload['sub'] !== 'string' || payload['sub'].toUpperCase() !== subject) return { ok: false, reason: 'wrong subject' };
  const issuer = `${subject}.${publicKeyFingerprint(expected.publicKeyPem)}`;
  if (typeof payload['iss'] !== 'string' || payload['iss'].toUpperCase() !== issuer.toUpperCase()) return { ok: false, reason: 'wrong issuer' };
  const exp = payload['exp'];
  if (typeof exp !== 'number') return { ok: false, reason: 'no expiry' };
  const expMs = exp > 1e11 ? exp : exp * 1000;
  if (expMs <= expected.nowMs) return { ok: false, reason: 'expired' };
  return { ok: true };
}
