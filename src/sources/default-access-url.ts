/**
 * Snowflake's URL for an account identifier, as snowflake-sdk derives it when given no URL:
 * `<account>.snowflakecomputing.com` for org-account names, `<locator>.<region>.snowflakecomputing.com`
 * (`.cn` in China regions, no region for the legacy us-west-2). Used for login and for messages.
 */
export function defaultAccessUrl(account: string): string {
  const dot = account.indexOf('.');
  const name = dot > 0 ? account.slice(0, dot) : account;
  const region = dot > 0 ? account.slice(dot + 1) : undefined;
  if (!region || region === 'us-west-2') return `https://${name}.snowflakecomputing.com`;
  const domain = /^cn-/i.test(region) ? 'snowflakecomputing.cn' : 'snowflakecomputing.com';
  return `https://${name}.${region}.${domain}`;
}
