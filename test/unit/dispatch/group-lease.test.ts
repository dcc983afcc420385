import { describe, expect, it } from 'vitest';
import { groupLease } from '../../../src/dispatch/group-lease.js';

const fence = (account: string) => ({ account, owner: 'replica-1', token: 3n });
const fenceFor = (account: string | undefined) => (account === 'prod' || account === undefined ? fence(account ?? 'prod') : undefined);

describe('groupLease', () => {
  it('does fence a group by its account label, and a group without one (or an empty one) by what fenceFor gives undefined', () => {
    expect(groupLease({ fenceFor }, { alert_type: 'cost_monitor', account: 'prod' })).toEqual({ kind: 'held', fence: fence('prod') });
    expect(groupLease({ fenceFor }, { alert_type: 'cost_monitor', account: 'dev' })).toEqual({ kind: 'not held', account: 'dev' });
    expect(groupLease({ fenceFor }, { alert_type: 'monitor_health' })).toEqual({ kind: 'held', fence: fence('prod') });
    expect(groupLease({ fenceFor }, { alert_type: 'monitor_health', account: '' })).toEqual({ kind: 'held', fence: fence('prod') });
  });

  it('does fence nothing without a fence source (SQLite, one process)', () => {
    expect(groupLease({}, { account: 'dev' })).toEqual({ kind: 'unfenced' });
  });
});
