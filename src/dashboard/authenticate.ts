/**
 * Who is asking: a request is let in by a bearer token (header, or the cookie the login form sets), by
 * HTTP basic auth against bcrypt hashes, or by a user header set by an authenticating proxy (oauth2-proxy's
 * `X-Forwarded-User` / `X-Auth-Request-User`) when the peer is one of the trusted proxies. Anything else is
 * nobody. Deciding only; the 401 is dashboard-app.ts's.
 */

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import bcrypt from 'bcryptjs';
import type { DashboardAuth } from './dashboard-config.js';

export interface Identity {
  /** The user name (basic auth, proxy header), or `token` for the shared token. */
  readonly user: string;
  readonly method: 'token' | 'basic' | 'proxy';
}

/** The cookie the login form sets with the token. */
export const TOKEN_COOKIE = 'snowmon_token';

/** Verified basic-auth headers (by hash) so bcrypt runs once per credential, not once per request. */
export type BasicAuthCache = Map<string, string>;

const MAX_CACHED = 256;

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** Constant-time comparison of two strings of any length. */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The value of one cookie, or undefined. */
export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The peer address without the IPv4-mapped prefix. */
function peer(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

/** The identity of the request under `auth`, or undefined when it proves none. */
export async function authenticate(req: IncomingMessage, auth: DashboardAuth, cache: BasicAuthCache): Promise<Identity | undefined> {
  const header = req.headers.authorization ?? '';
  if (auth.token !== undefined) {
    const expected = auth.token.reveal();
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const fromCookie = cookie(req, TOKEN_COOKIE);
    if ((bearer !== undefined && sameSecret(bearer, expected)) || (fromCookie !== undefined && sameSecret(fromCookie, expected))) {
      return { user: 'token', method: 'token' };
    }
  }
  if (auth.basicUsers !== undefined && /^Basic\s+/i.test(header)) {
    const key = digest(header).toString('hex');
    const known = cache.get(key);
    if (known !== undefined) return { user: known, method: 'basic' };
    const decoded = Buffer.from(header.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      const user = decoded.slice(0, colon);
      const entry = auth.basicUsers.find((u) => u.user === user);
      if (entry !== undefined && (await bcrypt.compare(decoded.slice(colon + 1), entry.hash.reveal()))) {
        if (cache.size >= MAX_CACHED) cache.clear();
        cache.set(key, user);
        return { user, method: 'basic' };
      }
    }
  }
  if (auth.trustedHeader !== undefined && auth.trustedProxies.includes(peer(req))) {
    const value = req.headers[auth.trustedHeader];
    const user = (Array.isArray(value) ? value[0] : value)?.trim();
    if (user !== undefined && user !== '' && user.length <= 256) return { user, method: 'proxy' };
  }
  return undefined;
}
