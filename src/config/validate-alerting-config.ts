/**
 * The alerting sections of snowmon.yaml: `store:` (the store URL, a secret when it holds a password),
 * `routing:` (which routing.yaml) and `runbooks:` (runbook line overrides). Validation only, through the
 * shared `Validator`; opening the store and loading the routing file happen elsewhere.
 */

import { isAbsolute, resolve } from 'node:path';
import { DEFAULT_RUNBOOKS } from '../alerts/runbooks.js';
import { quote } from './errors.js';
import { maskStoreUrl } from './mask-store-url.js';
import { DEFAULT_STORE_URL, ROUTING_KEYS, STORE_KEYS } from './schema.js';
import type { StoreConfig } from './schema.js';
import { Secret } from './secret.js';
import type { Validator } from './validate-config.js';
import { interpolate } from './interpolate.js';

/**
 * `store: { url | url_file }`. A URL written in the file may not carry a password (SM106): that part comes
 * from `${ENV}` or `url_file`. Relative SQLite paths resolve against the config file's folder.
 */
export function storeSection(
  v: Validator,
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
): StoreConfig {
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
    const result = interpolate(inline, env);
    if (!result.referencedEnv && hasPassword(result.value)) {
      v.report(
        'SM106',
        [...path, 'url'],
        'a password in the store url must come from the environment or a file: use url: ${DATABASE_URL} or url_file',
      );
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
    v.report('SM108', [...path, hasFile ? 'url_file' : 'url'], `unsupported store url ${describeBadUrl(text.trim())} (expected sqlite:PATH or postgres://user@host/db)`);
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

/** `routing: { file }`: the routing table; the shipped one when absent. */
export function routingSection(v: Validator, value: unknown, defaultFile: string): { readonly file: string } {
  const path = ['routing'];
  const map = v.section(value, path);
  if (!map) return { file: defaultFile };
  v.knownKeys(map, path, ROUTING_KEYS);
  const file = v.string(map, [...path, 'file']);
  if (file === '') v.report('SM108', [...path, 'file'], 'is empty');
  return { file: file ? v.absolute(file) : defaultFile };
}

/** `runbooks: { <key>: text }`: keys are the default runbooks' (an alert_type or a finer kind). */
export function runbooksSection(v: Validator, value: unknown): Readonly<Record<string, string>> {
  const path = ['runbooks'];
  const map = v.section(value, path);
  if (!map) return {};
  const known = Object.keys(DEFAULT_RUNBOOKS);
  v.knownKeys(map, path, known);
  const out: Record<string, string> = {};
  for (const key of Object.keys(map)) {
    if (!known.includes(key)) continue;
    const text = v.string(map, [...path, key]);
    if (text === undefined) continue;
    if (text.trim() === '') {
      v.report('SM108', [...path, key], 'is empty');
      continue;
    }
    out[key] = text.trim();
  }
  return out;
}
