import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/config/secret.js';
import { accountChanges, type AccountsInForce } from '../../../src/daemon/account-changes.js';
import type { AccountConfig } from '../../../src/sources/account-config.js';
import type { SnowflakeSettings } from '../../../src/sources/snowflake-settings.js';

const account = (name: string, keyPath: string, extra: Partial<AccountConfig> = {}): AccountConfig => ({
  name,
  snowflake: { account: `${name}-acct` },
  usdPerCredit: 3,
  labels: {},
  keyPath,
  ...extra,
});
const settings = (name: string, password = 'p', extra: Partial<SnowflakeSettings> = {}): SnowflakeSettings => ({
  account: `${name}-acct`,
  user: 'SNOWMON',
  authenticator: 'SNOWFLAKE',
  password: new Secret(password),
  statementTimeoutMs: 1000,
  loginTimeoutMs: 1000,
  ...extra,
});
const inForce = (...pairs: [AccountConfig, SnowflakeSettings][]): AccountsInForce => ({
  accounts: pairs.map(([a]) => a),
  settings: new Map(pairs.map(([a, s]) => [a.name, s])),
});

describe('accountChanges', () => {
  it('does find nothing changed when only where the entries are written moved', () => {
    const before = inForce([account('prod', 'accounts[0]'), settings('prod')], [account('dev', 'accounts[1]'), settings('dev')]);
    const after = inForce([account('dev', 'accounts[0]'), settings('dev')], [account('prod', 'accounts[1]'), settings('prod')]);
    expect(accountChanges(before, after)).toEqual({ added: [], removed: [], changed: [] });
  });

  it('does tell added, removed and changed apart: labels, price, settings and a new password count', () => {
    const before = inForce(
      [account('prod', 'accounts[0]'), settings('prod')],
      [account('dev', 'accounts[1]'), settings('dev')],
      [account('qa', 'accounts[2]'), settings('qa')],
      [account('ops', 'accounts[3]'), settings('ops')],
      [account('old', 'accounts[4]'), settings('old')],
    );
    const after = inForce(
      [account('prod', 'accounts[0]'), settings('prod')],
      [account('dev', 'accounts[1]', { labels: { team: 'core' } }), settings('dev')],
      [account('qa', 'accounts[2]', { usdPerCredit: 2 }), settings('qa')],
      [account('ops', 'accounts[3]'), settings('ops', 'rotated')],
      [account('new', 'accounts[4]'), settings('new')],
    );
    expect(accountChanges(before, after)).toEqual({ added: ['new'], removed: ['old'], changed: ['dev', 'qa', 'ops'] });
    const timeout = inForce([account('prod', 'accounts[0]'), settings('prod', 'p', { loginTimeoutMs: 4000 })]);
    expect(accountChanges(inForce([account('prod', 'accounts[0]'), settings('prod')]), timeout).changed).toEqual(['prod']);
  });
});
