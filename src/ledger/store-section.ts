/**
 * The `store:` section of snowmon.yaml: the URL of the store (SQLite or Postgres), a secret when it holds
 * a password. Its type and validation through config's shared `Validator` and primitives (secret.ts,
 * mask-store-url.ts); it lives beside the store it configures, which open-database.ts opens.
 */

import { isAbsolute, resolve } from 'node:path';
import { quote } from '../config/errors.js';
import { maskStoreUrl } from './mask-store-url.js';
import { Secret } from '../config/secret.js';
import type { Validator } from '../config/validate-config.js';
import { interpolate } from '../config/interpolate.js';

/**
 * The `store:` section. The URL may hold a password, so it is a `Secret`; `display` is the same URL with
 * any password masked, for messages.
 */
export interface StoreConfig {
  /** `sqlite:/absolute/path.db`, `sqlite::memory:` or `postgres://user:pass@host:5432/db`. */
  readonly url: Secret;
  /** The URL with its password shown as `***`. */
  readonly display: string;
}

/** `url` may hold a password: it is a secret; `url_file` reads the whole URL from a file. */
const STORE_KEYS = ['url', 'url_file'] as const;
/** The store used when `store.url` is not set, relative to the config file's folder. */
const DEFAULT_STORE_URL = 'sqlite:./snowmon.db';

/**
 * `store: { url | url_file }`. A URL written in the file may not carry a password (SM106): that part comes
 * from `${ENV}` or `url_file`. Relative SQLite paths resolve against the config file's folder.
 */
export function storeSection(v: Validator, value: unknown): StoreConfig {
  const path = ['store'];
  const fallback = (): StoreConfig => normalized(DEFAULT_STORE_URL, v) ?? { url: new Secret(DEFAULT_STORE_URL), display: DEFAULT_STORE_URL };
  const map = v.section(value, path);
  if (!map) return fallback();
  v.knownKeys(map, path, STORE_KEYS);
  const inline = map.url;
  const hasInline = inline !== undefined && inline !== null;
  const hasFile = map.url_file !== undefined && map.url_file !== null;
  if (hasInline && hasFile) {
    v.report('SM109', [...path, 'url'], 'set url or url_file, not both');
    return fallback();
  }
  let text: string | undefined;
  if (hasInline) {
    if (typeof inline !== 'string') {
      v.report('SM103', [...path, 'url'], `expected a string, got ${quote(inline)}`);
      return fallback();
    }
    const result = interpolate(inline, v.context.env);
    if (!result.referencedEnv && hasPassword(result.value)) {
      v.report('SM106', [...path, 'url'], 'a password in the store url must come from the environment or a file: use url: ${DATABASE_URL} or url_file');
      return fallback();
    }
    text = v.string(map, [...path, 'url']);
  } else if (hasFile) {
    text = v.secret({ url: undefined, url_file: map.url_file }, [...path, 'url'])?.reveal();
  } else {
    return fallback();
  }
  if (text === undefined) return fallback();
  const store = normalized(text.trim(), v);
  if (store === undefined) {
    v.report(
      'SM108',
      [...path, hasFile ? 'url_file' : 'url'],
      `unsupported store url ${describeBadUrl(text.trim())} (expected sqlite:PATH or postgres://user@host/db)`,
    );
    return fallback();
  }
  return store;
}

/** `sqlite:PATH` with the path made absolute, or a `postgres://` URL as it is; undefined for anything else. */
function normalized(url: string, v: Validator): StoreConfig | undefined {
  if (/^postgres(ql)?:\/\/./i.test(url)) {
    try {
      new URL(url);
    } catch {
      return undefined;
    }
    return { url: new Secret(url), display: maskStoreUrl(url) };
  }
  const sqlite = /^sqlite:(.+)$/i.exec(url);
  if (!sqlite) return undefined;
  const file = (sqlite[1] as string).replace(/^\/\/(?=\/)/, '');
  if (file === ':memory:') return { url: new Secret('sqlite::memory:'), display: 'sqlite::memory:' };
  const absolute = isAbsolute(file) ? file : v.absolute(file);
  const normalizedUrl = `sqlite:${resolve(absolute)}`;
  return { url: new Secret(normalizedUrl), display: normalizedUrl };
}

/**
 * A store URL that is neither SQLite nor valid Postgres, shown without its secrets: a Postgres-like one
 * masked, any other only by its scheme (where its credential sits, a path or a token, is unknown).
 */
function describeBadUrl(url: string): string {
  if (/^postgres/i.test(url)) return quote(maskStoreUrl(url));
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*(?=:)/.exec(url)?.[0];
  return scheme ? `with scheme ${quote(scheme)}` : '(no scheme)';
}

/** Whether a (possibly malformed) non-SQLite URL carries a password: whether masking it changes it. */
function hasPassword(url: string): boolean {
  return !/^\s*sqlite:/i.test(url) && maskStoreUrl(url) !== url;
}
