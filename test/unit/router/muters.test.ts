import { describe, expect, it } from 'vitest';
import { inhibitor } from '../../../src/router/inhibit.js';
import { allMuters } from '../../../src/router/muter.js';
import { silencer } from '../../../src/router/silence.js';
import type { InhibitRule } from '../../../src/router/routing-config.js';
import { matcher } from './routing-fixture.js';

const rules: InhibitRule[] = [
  {
    name: 'cost-100-over-lower',
    sourceMatchers: [matcher('alert_type="cost_monitor"'), matcher('threshold="100"')],
    targetMatchers: [matcher('alert_type="cost_monitor"'), matcher('threshold=~"75|90"')],
    equal: ['monitor'],
  },
  {
    name: 'critical-over-any',
    sourceMatchers: [matcher('severity="critical"')],
    targetMatchers: [matcher('severity=~"critical|warning"')],
    equal: ['team'],
  },
];
const cost = (threshold: string, monitor = 'ACCOUNT_MONTHLY') => ({ alert_type: 'cost_monitor', monitor, threshold });
const now = new Date('2026-11-24T10:00:00Z');

describe('inhibitor', () => {
  it('does mute a lower tier of the same monitor while the 100 % alert fires', () => {
    const muter = inhibitor(rules, [{ labels: cost('100'), status: 'firing' }]);
    expect(muter.mutes(cost('90'), now)).toBe('inhibited by cost-100-over-lower');
    expect(muter.mutes(cost('75'), now)).toBe('inhibited by cost-100-over-lower');
    expect(muter.mutes(cost('100'), now)).toBeUndefined();
  });

  it('does not mute another monitor or when the source has resolved', () => {
    expect(inhibitor(rules, [{ labels: cost('100'), status: 'firing' }]).mutes(cost('90', 'OTHER'), now)).toBeUndefined();
    expect(inhibitor(rules, [{ labels: cost('100'), status: 'resolved' }]).mutes(cost('90'), now)).toBeUndefined();
  });

  it('does treat a missing equal label as empty on both sides', () => {
    const muter = inhibitor(rules, [{ labels: { alert_type: 'cost_monitor', threshold: '100' }, status: 'firing' }]);
    expect(muter.mutes({ alert_type: 'cost_monitor', threshold: '90' }, now)).toBe('inhibited by cost-100-over-lower');
    expect(muter.mutes(cost('90'), now)).toBeUndefined();
  });

  it('does not let alerts matching both sides inhibit each other', () => {
    const a = { severity: 'critical', team: 'data', name: 'a' };
    const b = { severity: 'critical', team: 'data', name: 'b' };
    const muter = inhibitor(rules, [
      { labels: a, status: 'firing' },
      { labels: b, status: 'firing' },
    ]);
    expect(muter.mutes(a, now)).toBeUndefined();
    expect(muter.mutes({ severity: 'warning', team: 'data' }, now)).toBe('inhibited by critical-over-any');
  });
});

describe('silencer', () => {
  const silences = [
    {
      id: 'sil-1',
      matchers: [matcher('warehouse="SANDBOX_WH"')],
      startsAt: new Date('2026-11-24T09:00:00Z'),
      endsAt: new Date('2026-11-24T10:00:00Z'),
      comment: 'maintenance',
    },
    { id: 'config-1', matchers: [matcher('alert_type="security"')], startsAt: new Date(0), comment: 'always' },
  ];

  it('does mute matching alerts only within [startsAt, endsAt)', () => {
    const muter = silencer(silences);
    expect(muter.mutes({ warehouse: 'SANDBOX_WH' }, new Date('2026-11-24T09:00:00Z'))).toBe('silenced by sil-1');
    expect(muter.mutes({ warehouse: 'SANDBOX_WH' }, new Date('2026-11-24T10:00:00Z'))).toBeUndefined();
    expect(muter.mutes({ warehouse: 'SANDBOX_WH' }, new Date('2026-11-24T08:59:59Z'))).toBeUndefined();
    expect(muter.mutes({ warehouse: 'ETL_WH' }, new Date('2026-11-24T09:30:00Z'))).toBeUndefined();
    expect(muter.mutes({ alert_type: 'security' }, new Date('2030-01-01T00:00:00Z'))).toBe('silenced by config-1');
  });

  it('does give the first muter reason when several are combined', () => {
    const muter = allMuters([
      inhibitor(rules, [{ labels: cost('100'), status: 'firing' }]),
      silencer([{ ...silences[1]!, matchers: [matcher('monitor=~".+"')] }]),
    ]);
    expect(muter.mutes(cost('90'), now)).toBe('inhibited by cost-100-over-lower');
    expect(muter.mutes(cost('100'), now)).toBe('silenced by config-1');
    expect(muter.mutes({}, now)).toBeUndefined();
  });
});
