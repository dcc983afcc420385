/**
 * The snowmon.yaml lines the fleet tests share: a `snowflake:` section of defaults pointing at one emulator
 * (every account logs in as SNOWMON with the password from `passwordVar`), then two accounts, `prod`
 * (labels team=core) and `dev` (2 USD per credit), on the emulator's `prod-acct` and `dev-acct`. Test helper.
 */

export const FLEET_ACCOUNTS = ['prod-acct', 'dev-acct'] as const;

export function fleetConfigLines(url: string, passwordVar: string): string[] {
  return [
    'snowflake:',
    `  access_url: ${url}`,
    '  user: SNOWMON',
    `  password: \${${passwordVar}}`,
    '  role: SNOWMON_ROLE',
    '  warehouse: SNOWMON_WH',
    '  login_timeout: 3s',
    'accounts:',
    '  - { name: prod, account: prod-acct, labels: { team: core } }',
    '  - { name: dev, account: dev-acct, usd_per_credit: 2 }',
  ];
}
