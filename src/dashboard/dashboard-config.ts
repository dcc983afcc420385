/**
 * The `daemon.dashboard:` section of snowmon.yaml: whether `snowmon run` serves the dashboard, who may
 * see it (a bearer token, a bcrypt htpasswd file, or a user header set by an authenticating proxy), whether
 * `/metrics` needs the same credentials, and the Snowsight address for links. Type, defaults and
 * validation through the shared `Validator`; serving is dashboard-app.ts's.
 */

import { isIP } from 'node:net';
import { quote } from '../config/errors.js';
import { Secret } from '../config/secret.js';
import type { Validator } from '../config/validate-config.js';
import { snowsightUrlKey } from '../config/snowsight-url.js';

/** One `user:hash` line of an htpasswd file made with `htpasswd -B` (bcrypt). */
export interface BasicAuthUser {
  readonly user: string;
  readonly hash: Secret;
}

export interface DashboardAuth {
  /** `Authorization: Bearer <token>` (or the login form's cookie) with this value. */
  readonly token?: Secret;
  /** Users and bcrypt hashes from `basic_auth_file`. */
  readonly basicUsers?: readonly BasicAuthUser[];
  /** A header naming the user, e.g. `x-forwarded-user`, believed only from `trustedProxies`; lower case. */
  readonly trustedHeader?: string;
  /** Peer addresses whose `trustedHeader` is believed. */
  readonly trustedProxies: readonly string[];
}

export interface DashboardConfig {
  /** Off unless set: with it off, only /healthz, /readyz and /metrics answer. */
  readonly enabled: boolean;
  readonly auth: DashboardAuth;
  /** `/metrics` asks for the dashboard's token or basic-auth credentials too. */
  readonly protectMetrics: boolean;
  /** `https://app.snowflake.com/ORG/ACCOUNT`, for links; derived from an `ORG-ACCOUNT` account when unset. */
  readonly snowsightUrl?: string;
}

export const DASHBOARD_KEYS = ['enabled', 'auth', 'protect_metrics', 'snowsight_url'] as const;
export const DASHBOARD_AUTH_KEYS = ['token', 'token_file', 'basic_auth_file', 'trusted_header', 'trusted_proxies'] as const;

export const DEFAULT_DASHBOARD_CONFIG: DashboardConfig = Object.freeze({
  enabled: false,
  auth: Object.freeze({ trustedProxies: Object.freeze(['127.0.0.1', '::1']) }),
  protectMetrics: false,
});

const BCRYPT = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/;
const HEADER_NAME = /^[A-Za-z0-9-]+$/;

type Mapping = Record<string, unknown>;

/** Validates `daemon.dashboard`; enabled needs at least one way in. */
export function dashboardSection(v: Validator, value: unknown): DashboardConfig {
  const path = ['daemon', 'dashboard'];
  const map = v.section(value, path);
  if (!map) return DEFAULT_DASHBOARD_CONFIG;
  v.knownKeys(map, path, DASHBOARD_KEYS);
  const enabled = v.boolean(map, [...path, 'enabled']) ?? false;
  const auth = authSection(v, map.auth);
  // A way in that is set but unusable has its own error; this one is for none set at all.
  const ways = ['token', 'token_file', 'basic_auth_file', 'trusted_header'];
  const anySet = typeof map.auth === 'object' && map.auth !== null && ways.some((key) => (map.auth as Mapping)[key] !== undefined);
  if (enabled && !anySet) {
    v.report('SM110', [...path, 'auth'], 'the dashboard is enabled with no way in: set auth.token_file, auth.basic_auth_file or auth.trusted_header');
  }
  const protectMetrics = v.boolean(map, [...path, 'protect_metrics']) ?? false;
  if (protectMetrics && auth.token === undefined && auth.basicUsers === undefined) {
    v.report('SM110', [...path, 'protect_metrics'], 'protecting /metrics needs auth.token_file or auth.basic_auth_file (a scraper cannot pass a proxy login)');
  }
  const snowsightUrl = snowsightUrlKey(v, map, [...path, 'snowsight_url']);
  return {
    enabled,
    auth,
    protectMetrics,
    ...(snowsightUrl !== undefined ? { snowsightUrl } : {}),
  };
}

function authSection(v: Validator, value: unknown): DashboardAuth {
  const path = ['daemon', 'dashboard', 'auth'];
  const map: Mapping | undefined = v.section(value, path);
  const defaults = DEFAULT_DASHBOARD_CONFIG.auth;
  if (!map) return defaults;
  v.knownKeys(map, path, DASHBOARD_AUTH_KEYS);
  const token = v.secret(map, [...path, 'token']);
  if (token !== undefined && token.reveal().length < 16) {
    v.report(
      'SM131',
      [...path, map.token_file !== undefined ? 'token_file' : 'token'],
      `the token is ${token.reveal().length} characters: use at least 16 (e.g. openssl rand -hex 32)`,
    );
  }
  const basicUsers = basicAuthUsers(v, map, path);
  const header = v.string(map, [...path, 'trusted_header']);
  if (header !== undefined && !HEADER_NAME.test(header)) {
    v.report('SM108', [...path, 'trusted_header'], `not a header name: ${quote(header)} (e.g. X-Forwarded-User)`);
  }
  const proxies = proxyList(v, map.trusted_proxies, [...path, 'trusted_proxies']) ?? defaults.trustedProxies;
  return {
    ...(token !== undefined ? { token } : {}),
    ...(basicUsers !== undefined ? { basicUsers } : {}),
    ...(header !== undefined && HEADER_NAME.test(header) ? { trustedHeader: header.toLowerCase() } : {}),
    trustedProxies: proxies,
  };
}

/** Reads `basic_auth_file` (through the secret-file rules: SM107 when unreadable) as bcrypt htpasswd lines. */
function basicAuthUsers(v: Validator, map: Mapping, path: readonly string[]): BasicAuthUser[] | undefined {
  if (map.basic_auth_file === undefined || map.basic_auth_file === null) return undefined;
  const text = v.secret({ basic_auth_file: map.basic_auth_file }, [...path, 'basic_auth']);
  if (text === undefined) return undefined;
  const at = [...path, 'basic_auth_file'];
  const users: BasicAuthUser[] = [];
  const lines = text.reveal().split(/\r?\n/);
  lines.forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const colon = line.indexOf(':');
    const user = colon > 0 ? line.slice(0, colon) : '';
    const hash = colon > 0 ? line.slice(colon + 1).trim() : '';
    if (user === '') {
      v.report('SM131', at, `${quote(map.basic_auth_file)} line ${index + 1}: expected user:hash`);
    } else if (!BCRYPT.test(hash)) {
      v.report(
        'SM131',
        at,
        `${quote(map.basic_auth_file)} line ${index + 1}: user ${quote(user)} has no bcrypt hash (make the file with htpasswd -B; MD5, SHA-1, crypt and plain passwords are refused)`,
      );
    } else {
      users.push({ user, hash: new Secret(hash) });
    }
  });
  if (users.length === 0 && v.issues.every((issue) => issue.code !== 'SM131')) {
    v.report('SM131', at, `${quote(map.basic_auth_file)} has no user:hash line`);
  }
  return users;
}

function proxyList(v: Validator, value: unknown, path: readonly string[]): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    v.report('SM103', path, `expected a list of IP addresses, got ${quote(value)}`);
    return undefined;
  }
  const out: string[] = [];
  value.forEach((item, index) => {
    if (typeof item === 'string' && isIP(item) !== 0) out.push(item);
    else v.report('SM108', [...path, String(index)], `not an IP address: ${quote(item)} (the proxy's address as this daemon sees it, e.g. 127.0.0.1)`);
  });
  return out;
}
