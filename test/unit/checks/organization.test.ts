import { describe, expect, it } from 'vitest';
import { configFiles } from '../../support/config-errors.js';
import { checkRunsIn } from '../../../src/checks/checks-config.js';
import { isAccount } from '../../../src/checks/evaluate-organization.js';
import { enabledChecks, loopSettingsFor } from '../../../src/daemon/loop-settings.js';
import { loadConfig } from '../../../src/cli/load-config.js';

const { file, errors } = configFiles('snowmon-organization-');

describe('organization: in snowmon.yaml', () => {
  it('does read the connection keys, the budget and the settings, and leave the section out when absent', async () => {
    const config = await loadConfig(
      file(
        'ok.yaml',
        'accounts:\n  - { name: prod, account: myorg-prod }\n' +
          'organization:\n  account: myorg-org\n  role: ORG_BILLING\n  warehouse: SNOWMON_WH\n  password: ${ORG_PASSWORD}\n' +
          '  gap_pct: 10\n  min_balance_days: 45\n  budget: { monthly_amount: 50000, thresholds: [90, 50], account: prod }\n',
      ),
      { ORG_PASSWORD: 'canary-org-secret' },
    );
    expect(config.organization?.snowflake).toMatchObject({ account: 'myorg-org', role: 'ORG_BILLING', warehouse: 'SNOWMON_WH' });
    expect(config.organization?.snowflake.password?.reveal()).toBe('canary-org-secret');
    expect(config.organization?.budget).toEqual({ monthlyAmount: 50000, thresholds: [50, 90], accounts: ['prod'] });
    expect(config.organization?.thresholds).toEqual({ gap_pct: 10, min_balance_days: 45 });
    expect(JSON.stringify(config)).not.toContain('canary-org-secret');
    expect((await loadConfig(file('none.yaml', ''), {})).organization).toBeUndefined();
  });

  it('does validate it as snowflake: is validated, and name file, line and key for each mistake', async () => {
    const lines = await errors(
      'organization:\n  role: ORG\n  password: hunter2\n  port: 99999\n  colour: blue\n  min_balance_days: -1\n  budget: { monthly_amount: 0, account: [qa] }\n',
    );
    expect(lines).toEqual([
      '1: organization: missing account (or connection): the organization account to read ORGANIZATION_USAGE in (SM110)',
      '3: organization.password: secrets come from the environment or files, never from config text: use password: ${ENV_VAR} or password_file (SM106)',
      '4: organization.port: invalid port 99999 (expected a whole number from 1 to 65535) (SM108)',
      '5: organization.colour: unknown key (SM102)',
      '6: organization.min_balance_days: must not be negative, got -1 (SM108)',
      '7: organization.budget.monthly_amount: must be a positive amount, got 0 (SM108)',
    ]);
    expect(lines.join('\n')).not.toContain('hunter2');
  });

  it('does refuse a budget account filter naming an account the config does not watch', async () => {
    expect(await errors('organization:\n  account: myorg-org\n  budget: { monthly_amount: 10, account: [qa] }\n')).toEqual([
      '3: organization.budget.account: unknown account "qa" (accounts: default) (SM108)',
    ]);
  });
});

describe('isAccount', () => {
  it("does match a bill row by the organization's account name, the locator, or the bare name, ignoring case and - for _", () => {
    expect(isAccount('myorg-prod_eu', 'prod', 'PROD_EU', 'AB12345')).toBe(true);
    expect(isAccount('myorg-prod-eu', 'p', 'PROD_EU', 'AB12345')).toBe(true);
    expect(isAccount('myorg.prod_eu', 'p', 'PROD_EU', 'AB12345')).toBe(true);
    expect(isAccount('ab12345.eu-west-1', 'x', 'PROD_EU', 'AB12345')).toBe(true);
    expect(isAccount(undefined, 'prod_eu', 'PROD_EU', 'AB12345')).toBe(true);
    expect(isAccount('myorg-staging', 'staging', 'PROD_EU', 'AB12345')).toBe(false);
    expect(isAccount(undefined, 'default', 'PROD_EU', 'AB12345')).toBe(false);
  });
});

describe('checks.<name>.account', () => {
  it('does limit a check to the accounts named, in the daemon loops and the audit, and refuse an unknown one', async () => {
    const accounts = 'accounts:\n  - { name: prod, account: myorg-prod }\n  - { name: staging, account: myorg-staging }\n';
    const config = await loadConfig(
      file('checks.yaml', `${accounts}checks:\n  top_queries: { account: staging }\n  self_cost: { account: [prod, staging] }\n`),
      {},
    );
    expect(config.checks.top_queries.accounts).toEqual(['staging']);
    expect([checkRunsIn(config.checks, 'top_queries', 'prod'), checkRunsIn(config.checks, 'top_queries', 'staging')]).toEqual([false, true]);
    expect(checkRunsIn(config.checks, 'self_cost', 'prod')).toBe(true);
    // The daemon loads every check some account runs; each account's loops keep the ones it runs.
    const loaded = await enabledChecks(config);
    expect(loaded.map((c) => c.header.name)).toEqual(expect.arrayContaining(['self_cost', 'top_queries']));
    const settings = { account: 'myorg-prod', user: 'U', authenticator: 'SNOWFLAKE', statementTimeoutMs: 1000, loginTimeoutMs: 1000 } as const;
    const runs = (account: string) => loopSettingsFor(config, settings, loaded, {}, account).checks.map((c) => c.header.name);
    expect(runs('prod')).toContain('self_cost');
    expect(runs('prod')).not.toContain('top_queries');
    expect(runs('staging')).toContain('top_queries');
    expect(await errors(`${accounts}checks:\n  top_queries: { account: [prd] }\n`)).toEqual([
      '5: checks.top_queries.account: unknown account "prd" (accounts: prod, staging) (SM108)',
    ]);
  });
});
