import { describe, expect, it } from 'vitest';
import { groupKey, groupLabels } from '../../../src/router/group.js';
import { groupByAccount } from '../../../src/router/group-by-account.js';
import { inhibitor } from '../../../src/router/inhibit.js';
import { loadRoutingOffline } from '../../../src/router/load-routing.js';
import { matchRoutes } from '../../../src/router/route-tree.js';

// The shipped table: its inhibit rules say "equal: [monitor]" and its cost routes group by monitor.
const shipped = async () => (await loadRoutingOffline('config/routing.yaml', {})).routing;
const monitor = (account: string, threshold: string) => ({ alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY', threshold, account });
const now = new Date('2026-11-24T10:00:00Z');
const fleet = (n: number) => Array.from({ length: n }, (_, i) => ({ keyPath: `accounts[${i}]` }));
const single = [{ keyPath: 'snowflake' }];
const firing = (labels: Record<string, string>) => ({ labels, status: 'firing' as const });

describe('groupByAccount (fleet mode)', () => {
  it('with several accounts, an alert inhibits only alerts of its own account', async () => {
    const routing = groupByAccount(await shipped(), fleet(3));
    const muter = inhibitor(routing.inhibitRules, [firing(monitor('prod', '100'))]);
    expect(muter.mutes(monitor('prod', '75'), now)).toBe('inhibited by cost-100-over-lower');
    // staging has a monitor of the same name: prod's suspension says nothing about it.
    expect(muter.mutes(monitor('staging', '75'), now)).toBeUndefined();
    expect(muter.mutes(monitor('staging', '90'), now)).toBeUndefined();
  });

  it('with several accounts, a group holds one account', async () => {
    const routing = groupByAccount(await shipped(), fleet(2));
    const keys = ['prod', 'staging'].map((account) => {
      const [m] = matchRoutes(routing, monitor(account, '90'));
      if (m === undefined) throw new Error('no route');
      return groupKey(routing, m.route, groupLabels(m.groupBy, monitor(account, '90')));
    });
    expect(keys[0]).toContain('account="prod"');
    expect(keys[1]).toContain('account="staging"');
  });

  it('an accounts: list of one groups as one of three: going from three accounts to one keeps every group key', async () => {
    const key = (accounts: number) => {
      const routing = groupByAccount(written, fleet(accounts));
      const [m] = matchRoutes(routing, monitor('prod', '90'));
      if (m === undefined) throw new Error('no route');
      return groupKey(routing, m.route, groupLabels(m.groupBy, monitor('prod', '90')));
    };
    const written = await shipped();
    expect(key(1)).toBe(key(3));
    expect(key(1)).toContain('account="prod"');
  });

  it('with the single snowflake: form, the table is used as written (inhibition as in Alertmanager)', async () => {
    const written = await shipped();
    const routing = groupByAccount(written, single);
    expect(routing).toBe(written);
    const muter = inhibitor(routing.inhibitRules, [firing(monitor('prod', '100'))]);
    expect(muter.mutes(monitor('other', '75'), now)).toBe('inhibited by cost-100-over-lower');
  });
});
