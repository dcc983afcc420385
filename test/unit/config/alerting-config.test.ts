import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/cli/load-config.js';
import { maskStoreUrl, redactStoreUrl } from '../../../src/ledger/mask-store-url.js';
import { configFiles } from '../../support/config-errors.js';

const { folder, file, errorLines: errors } = configFiles('snowmon-alerting-config-');

describe('store, routing and runbooks in snowmon.yaml', () => {
  it('does default to sqlite:./snowmon.db beside the config file and the shipped routing.yaml when absent', async () => {
    const config = await loadConfig(file('empty.yaml', ''), {});
    expect(config.store.display).toBe(`sqlite:${join(folder, 'snowmon.db')}`);
    expect(config.store.url.reveal()).toBe(`sqlite:${join(folder, 'snowmon.db')}`);
    expect(config.routing.file).toBe(resolve('config/routing.yaml'));
    expect(config.runbooks).toEqual({});
    expect(Object.isFrozen(config.runbooks)).toBe(true);
  });

  it('does resolve relative paths and take runbook overrides when the sections are set', async () => {
    const path = file(
      'set.yaml',
      'store:\n  url: sqlite:data/alerts.db\nrouting:\n  file: ./my-routing.yaml\nrunbooks:\n  cost_monitor: "  Call finance.  "\n',
    );
    const config = await loadConfig(path, {});
    expect(config.store.display).toBe(`sqlite:${join(folder, 'data', 'alerts.db')}`);
    expect(config.routing.file).toBe(join(folder, 'my-routing.yaml'));
    expect(config.runbooks).toEqual({ cost_monitor: 'Call finance.' });
  });

  it('does keep a postgres url from the environment secret and show it masked when it holds a password', async () => {
    const path = file('pg.yaml', 'store:\n  url: ${DATABASE_URL}\n');
    const config = await loadConfig(path, { DATABASE_URL: 'postgres://snowmon:canary-pg-pass@db.internal:5432/snowmon' });
    expect(config.store.display).toBe('postgres://snowmon:***@db.internal:5432/snowmon');
    expect(config.store.url.reveal()).toBe('postgres://snowmon:canary-pg-pass@db.internal:5432/snowmon');
    expect(JSON.stringify(config)).not.toContain('canary-pg-pass');
    expect(inspect(config, { depth: 10 })).not.toContain('canary-pg-pass');
  });

  it('does read the url from url_file', async () => {
    writeFileSync(join(folder, 'db-url'), 'postgres://snowmon:canary-file-pass@db/snowmon\n');
    const config = await loadConfig(file('url-file.yaml', 'store:\n  url_file: db-url\n'), {});
    expect(config.store.display).toBe('postgres://snowmon:***@db/snowmon');
    expect(config.store.url.reveal()).toBe('postgres://snowmon:canary-file-pass@db/snowmon');
  });

  it('does refuse a password written in the store url without echoing it', async () => {
    const path = file('literal.yaml', 'store:\n  url: postgres://snowmon:canary-literal@db/snowmon\n');
    const lines = await errors(path);
    expect(lines).toEqual([
      `${path}:2: store.url: a password in the store url must come from the environment or a file: use url: \${DATABASE_URL} or url_file (SM106)`,
    ]);
  });

  it('does report every error in the new sections one per line with file, line, key and code', async () => {
    const path = file(
      'bad.yaml',
      [
        'store:',
        '  url: mysql://db/snowmon',
        '  uri: x',
        'routing:',
        '  fil: ./r.yaml',
        'runbooks:',
        '  cost_monitr: "x"',
        '  security: ""',
        '  sla_breach: 42',
        'store2: {}',
        '',
      ].join('\n'),
    );
    expect(await errors(path)).toEqual([
      `${path}:2: store.url: unsupported store url with scheme "mysql" (expected sqlite:PATH or postgres://user@host/db) (SM108)`,
      `${path}:3: store.uri: unknown key, did you mean "url"? (SM102)`,
      `${path}:5: routing.fil: unknown key, did you mean "file"? (SM102)`,
      `${path}:7: runbooks.cost_monitr: unknown key, did you mean "cost_monitor"? (SM102)`,
      `${path}:8: runbooks.security: is empty (SM108)`,
      `${path}:9: runbooks.sla_breach: expected a string, got 42 (SM103)`,
      `${path}:10: store2: unknown key, did you mean "store"? (SM102)`,
    ]);
  });

  it('does name the unset variable and conflicting keys in store', async () => {
    const missing = file('missing.yaml', 'store:\n  url: ${SNOWMON_TEST_UNSET_DB}\n');
    expect(await errors(missing)).toEqual([`${missing}:2: store.url: environment variable SNOWMON_TEST_UNSET_DB is not set (SM105)`]);
    const both = file('both.yaml', 'store:\n  url: sqlite:a.db\n  url_file: db-url\n');
    expect(await errors(both)).toEqual([`${both}:2: store.url: set url or url_file, not both (SM109)`]);
  });

  it('does mask passwords in urls and in error text that quotes them', () => {
    expect(maskStoreUrl('postgres://a:b@h/db')).toBe('postgres://a:***@h/db');
    expect(maskStoreUrl('postgres://a@h/db')).toBe('postgres://a@h/db');
    expect(maskStoreUrl('sqlite:/tmp/x.db')).toBe('sqlite:/tmp/x.db');
    const url = 'postgres://a:p%40ss@h/db';
    expect(redactStoreUrl(`connect ${url} failed for p@ss`, url)).toBe('connect postgres://a:***@h/db failed for ***');
  });

  it('does mask the password of a store url that does not parse, whatever is wrong with it', () => {
    expect(maskStoreUrl('postgres://snowmon:canary/pass@db/snowmon')).toBe('postgres://snowmon:***@db/snowmon');
    expect(maskStoreUrl('postgres//snowmon:canary-pass@db/snowmon')).toBe('postgres//snowmon:***@db/snowmon');
    expect(maskStoreUrl('postgres:/snowmon:canary-pass@db/snowmon')).toBe('postgres:/snowmon:***@db/snowmon');
    expect(maskStoreUrl('snowmon:canary-pass@db/snowmon')).toBe('snowmon:***@db/snowmon');
    expect(maskStoreUrl('postgres://snowmon:canary@pass:x@db:5432/snowmon')).toBe('postgres://snowmon:***@db:5432/snowmon');
    expect(maskStoreUrl('postgres://snowmon@db/snowmon?sslmode=require&password=canary-pass')).toBe(
      'postgres://snowmon@db/snowmon?sslmode=require&password=***',
    );
    expect(maskStoreUrl('postgres://db:5432/snowmon')).toBe('postgres://db:5432/snowmon');
    const url = 'postgres//snowmon:canary/pass@db/snowmon';
    expect(redactStoreUrl(`bad url ${url}; password canary/pass`, url)).toBe('bad url postgres//snowmon:***@db/snowmon; password ***');
  });

  it('does refuse a malformed store url from the environment without echoing its password', async () => {
    const path = file('malformed.yaml', 'store:\n  url: ${DATABASE_URL}\n');
    for (const url of ['postgres://snowmon:canary/pass@db/snowmon', 'postgres//snowmon:canary-pass@db/snowmon', 'postgres:/snowmon:canary-pass@db/snowmon']) {
      const lines = await errors(path, { DATABASE_URL: url });
      expect(lines).toEqual([`${path}:2: store.url: unsupported store url "${maskStoreUrl(url)}" (expected sqlite:PATH or postgres://user@host/db) (SM108)`]);
      expect(lines.join('\n')).not.toContain('canary');
    }
  });

  it('does name only the scheme of an unsupported store url, whose credential could sit anywhere', async () => {
    const path = file('webhook-as-store.yaml', 'store:\n  url: ${DATABASE_URL}\n');
    expect(await errors(path, { DATABASE_URL: 'https://hooks.slack.com/services/T0/B0/canary-token' })).toEqual([
      `${path}:2: store.url: unsupported store url with scheme "https" (expected sqlite:PATH or postgres://user@host/db) (SM108)`,
    ]);
    expect(await errors(path, { DATABASE_URL: 'canary-token' })).toEqual([
      `${path}:2: store.url: unsupported store url (no scheme) (expected sqlite:PATH or postgres://user@host/db) (SM108)`,
    ]);
  });

  it('does refuse a password written in a malformed store url without echoing it', async () => {
    const path = file('literal-malformed.yaml', 'store:\n  url: postgres://snowmon:canary/literal@db/snowmon\n');
    expect(await errors(path)).toEqual([
      `${path}:2: store.url: a password in the store url must come from the environment or a file: use url: \${DATABASE_URL} or url_file (SM106)`,
    ]);
  });
});
