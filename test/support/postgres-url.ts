/**
 * The Postgres URL the store suites run against (DATABASE_URL). Outside CI, none means those suites are
 * skipped; in CI (CI set) it is an error, so a misconfigured pipeline fails loudly instead of passing
 * with the Postgres half of the store tests silently skipped.
 */

/** DATABASE_URL, or undefined outside CI; throws when CI is set and it is missing. */
export function postgresUrl(env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  const url = env['DATABASE_URL'];
  if (url !== undefined && url !== '') return url;
  const ci = env['CI'];
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') {
    throw new Error(
      'CI is set but DATABASE_URL is not: the Postgres store suites would be skipped. ' +
        'Set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test), or unset CI to skip them locally.',
    );
  }
  return undefined;
}
