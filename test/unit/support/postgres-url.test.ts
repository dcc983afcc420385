/** The Postgres suites' switch: skipped locally without DATABASE_URL, a loud failure in CI. */

import { describe, expect, it } from 'vitest';
import { postgresUrl } from '../../support/postgres-url.js';

describe('postgresUrl', () => {
  it('does return DATABASE_URL when it is set, in CI or not', () => {
    expect(postgresUrl({ DATABASE_URL: 'postgres://h/db', CI: 'true' })).toBe('postgres://h/db');
    expect(postgresUrl({ DATABASE_URL: 'postgres://h/db' })).toBe('postgres://h/db');
  });

  it('does return undefined (suites skipped) outside CI without DATABASE_URL', () => {
    expect(postgresUrl({})).toBeUndefined();
    expect(postgresUrl({ CI: 'false' })).toBeUndefined();
    expect(postgresUrl({ CI: '' })).toBeUndefined();
  });

  it('does throw in CI without DATABASE_URL instead of skipping the Postgres suites', () => {
    expect(() => postgresUrl({ CI: 'true' })).toThrow(/CI is set but DATABASE_URL is not/);
    expect(() => postgresUrl({ CI: '1', DATABASE_URL: '' })).toThrow(/DATABASE_URL/);
  });
});
