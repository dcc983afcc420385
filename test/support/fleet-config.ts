/**
 * The snowmon.yaml lines the fleet tests share: a `snowflake:` section of defaults pointing at one emulator
 * (every account logs in as SNOWMON with the password from `passwordVar`), then two accounts, `prod`
 * (labels team=core) and `dev` (2 USD per credit), on the emulator's `prod-acct` and `dev-acct`. Test helper.
 */

export const FLEET_ACCOUNTS = ['prod-acct', 'dev-acct'] as const;

/** The `snowflake:` defaults every emulated account logs in with, then `timeouts` (lines of that section). */
function snowflakeDefaults(url: string, passwordVar: string, timeouts: readonly string[]): string[] {
  return [
    'snowflake:',
    `  access_url: ${url}`,
    '  user: SNOWMON',
    `  password: \${${passwordVar}}`,
    '  role: SNOWMON_ROLE',
    '  warehouse: SNOWMON_WH',
    ...timeouts,
  ];
}

export function fleetConfigLines(url: string, passwordVar: string): string[] {
  return [
    ...snowflakeDefaults(url, passwordVar, ['  login_timeout: 3s']),
    'accounts:',
    '  - { name: prod, account: prod-acct, labels: { team: core } }',
    '  - { name: dev, account: dev-acct, usd_per_credit: 2 }',
  ];
}

/**
 * A whole snowmon.yaml for replicas on Postgres sharing `accounts` of one emulator (each entry named as
 * its emulated account), with `daemon.lease_ttl` `leaseTtl` and the routing table at ./routing.yaml.
 */
export function postgresFleetConfig(url: string, passwordVar: string, accounts: readonly string[], storeUrl: string, leaseTtl: string): string {
  return [
    ...snowflakeDefaults(url, passwordVar, ['  statement_timeout: 5s', '  login_timeout: 5s']),
    'accounts:',
    ...accounts.map((a) => `  - { name: ${a}, account: ${a} }`),
    'store:',
    `  url: ${JSON.stringify(storeUrl)}`,
    'routing:',
    '  file: ./routing.yaml',
    'daemon:',
    `  lease_ttl: ${leaseTtl}`,
    '',
  ].join('\n');
}
