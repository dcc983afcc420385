/**
 * The Snowsight address of an account, for links from the dashboard and the audit report: derived from an
 * `ORG-ACCOUNT` identifier (the locator form `xy12345.eu-central-1` names no organization, so no address).
 */

/** `https://app.snowflake.com/org/account` for an `ORG-ACCOUNT` identifier; undefined for a locator or none. */
export function snowsightFromAccount(account: string | undefined): string | undefined {
  const match = /^([A-Za-z0-9_]+)-([A-Za-z0-9_]+)$/.exec(account ?? '');
  return match ? `https://app.snowflake.com/${(match[1] as string).toLowerCase()}/${(match[2] as string).toLowerCase()}` : undefined;
}
