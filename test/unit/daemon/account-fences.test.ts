import { describe, expect, it } from 'vitest';
import { AllAccounts } from '../../../src/daemon/account-assignment.js';
import { accountFences, isFleet } from '../../../src/daemon/account-fences.js';
import { Secret } from '../../../src/config/secret.js';
import type { AccountConfig } from '../../../src/sources/account-config.js';

const account = (name: string, keyPath: string): AccountConfig => ({ name, keyPath, snowflake: {}, usdPerCredit: 3, labels: {} });
const store = (url: string) => ({ url: new Secret(url), display: url });

describe('isFleet', () => {
  it('does share accounts by lease only with a Postgres store and an accounts: list', () => {
    const listed = [account('prod', 'accounts[0]'), account('dev', 'accounts[1]')];
    expect(isFleet({ store: store('postgres://db/snowmon'), accounts: listed })).toBe(true);
    expect(isFleet({ store: store('postgresql://db/snowmon'), accounts: [account('prod', 'accounts[0]')] })).toBe(true);
    expect(isFleet({ store: store('postgres://db/snowmon'), accounts: [account('default', 'snowflake')] })).toBe(false);
    expect(isFleet({ store: store('sqlite:/var/snowmon.db'), accounts: listed })).toBe(false);
  });
});

describe('accountFences', () => {
  it('does fence an account with the token held, a group without account with the home account, and nothing not held', async () => {
    const held = new AllAccounts(['prod']);
    await held.start();
    const fenceFor = accountFences(held, 'replica-1', 'prod');
    expect(fenceFor('prod')).toEqual({ account: 'prod', owner: 'replica-1', token: 0n });
    expect(fenceFor(undefined)).toEqual({ account: 'prod', owner: 'replica-1', token: 0n });
    expect(fenceFor('dev')).toBeUndefined();
  });

  it('does give the groups of an account no longer configured to the home account, so their resolves are still told', async () => {
    const held = new AllAccounts(['prod', 'dev']);
    await held.start();
    const fenceFor = accountFences(held, 'replica-1', 'prod', ['prod', 'dev']);
    expect(fenceFor('removed')).toEqual({ account: 'prod', owner: 'replica-1', token: 0n });
    expect(fenceFor('dev')).toEqual({ account: 'dev', owner: 'replica-1', token: 0n });
    const elsewhere = new AllAccounts(['dev']);
    await elsewhere.start();
    expect(accountFences(elsewhere, 'replica-2', 'prod', ['prod', 'dev'])('removed')).toBeUndefined(); // prod's holder flushes them
  });
});
