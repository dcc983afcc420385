/**
 * CSRF protection for the dashboard's forms: each form carries an HMAC of the signed-in user under a key
 * every replica shares (kept in the store), and a POST is refused unless it carries that token and its
 * Origin / Sec-Fetch-Site headers, when the browser sends them, say it came from this site.
 */

import { createHmac } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { sameSecret } from './authenticate.js';

/** The form field that carries the token. */
export const CSRF_FIELD = '_csrf';

/** The token for `user`'s forms. */
export function csrfToken(key: Buffer, user: string): string {
  return createHmac('sha256', key).update(`snowmon-dashboard-form:${user}`, 'utf8').digest('base64url');
}

/** Why a POST is refused, or undefined when it passes. */
export function csrfRejection(req: IncomingMessage, key: Buffer, user: string, given: string | undefined): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return `the form was sent from another site (Sec-Fetch-Site: ${site})`;
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let host: string | undefined;
    try {
      host = new URL(origin).host;
    } catch {
      host = undefined;
    }
    const expected = req.headers['x-forwarded-host'] ?? req.headers.host;
    if (host === undefined || host !== expected) return 'the form was sent from another origin';
  } else if (origin === 'null') {
    return 'the form was sent from an opaque origin';
  }
  if (given === undefined || given === '' || !sameSecret(given, csrfToken(key, user)))
    return 'the form token is missing or not valid: reload the page and try again';
  return undefined;
}
