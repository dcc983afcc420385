import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/sources/snowflake-client.js';
import { evaluateBurnRate, type MonitorSnapshot } from '../../../src/checks/burn-rate.js';

const HOUR = 3_600_000;

/** A SHOW RESOURCE MONITORS row as the driver returns it (strings, lower-case keys). */
function monitor(name: string, used: number, quota: number | null, extra: Partial<Record<string, string>> = {}): Row {
  return {
    name,
    credit_quota: quota === null ? null : quota.toFixed(2),
    used_credits: used.toFixed(2),
    remaining_credits: quota === null ? null : (quota - used).toFixed(2),
    level: 'ACCOUNT',
    frequency: 'MONTHLY',
    start_time: '2026-01-01 00:00:00.000 +0000',
    end_time: '',
    notify_at: '75%,90%',
    suspend_at: '100%',
    suspend_immediately_at: '',
    ...extra,
  };
}
const snap = (iso: string, ...rows: Row[]): MonitorSnapshot => ({ at: new Date(iso), rows });
const opts = { usdPerCredit: 3 };

describe('evaluateBurnRate', () => {
  it('does rate credits per hour and warn when that rate reaches the quota within the horizon, before the reset', () => {
    const { burns, findings } = evaluateBurnRate(
      snap('2026-11-22T11:00:00Z', monitor('ACCOUNT_MONTHLY', 400, 1000)),
      snap('2026-11-22T12:00:00Z', monitor('ACCOUNT_MONTHLY', 410, 1000)),
      opts,
    );
    // 72 h horizon at 10 credits/hour: 410 + 720 = 1130, 130 past the quota.
    const atHorizon = 410 + 10 * 72;
    expect(burns).toEqual([
      expect.objectContaining({
        monitor: 'ACCOUNT_MONTHLY',
        creditsPerHour: 10,
        rateOverMs: HOUR,
        usedCredits: 410,
        creditQuota: 1000,
        reset: false,
        quotaChanged: false,
        cycleStart: new Date('2026-11-01T00:00:00Z'),
        cycleEnd: new Date('2026-12-01T00:00:00Z'),
        horizonCredits: atHorizon,
        quotaReachedAt: new Date(Date.parse('2026-11-22T12:00:00Z') + 59 * HOUR),
      }),
    ]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: 'warning',
      labels: { alert_type: 'cost_monitor', finding: 'burn_rate', monitor: 'ACCOUNT_MONTHLY', cycle_start: '2026-11-01T00:00:00.000Z' },
      credits: atHorizon - 1000,
      usd: (atHorizon - 1000) * 3,
    });
    expect(findings[0]!.summary).toBe(
      'monitor ACCOUNT_MONTHLY is burning 10 credits/hour (rate from 60 min of data): at this rate it reaches 100% of 1000 credits ' +
        'at 2026-11-24T23:00:00.000Z, in 2.5 days, before the cycle resets at 2026-12-01T00:00:00.000Z (now 41%)',
    );
  });

  it('does make the finding critical when the quota is hours away', () => {
    const { findings } = evaluateBurnRate(
      snap('2026-11-22T11:00:00Z', monitor('WH_MONITOR', 400, 500, { level: 'WAREHOUSE' })),
      snap('2026-11-22T11:30:00Z', monitor('WH_MONITOR', 420, 500, { level: 'WAREHOUSE' })),
      opts,
    );
    // 40 credits/hour, 80 credits left: 2 hours.
    expect(findings[0]).toMatchObject({ severity: 'critical' });
    expect(findings[0]!.summary).toContain('burning 40 credits/hour');
    expect(findings[0]!.summary).toContain('at 2026-11-22T13:30:00.000Z');
  });

  it('does rate but not warn when the projection stays under the quota', () => {
    const { burns, findings } = evaluateBurnRate(
      snap('2026-11-22T11:00:00Z', monitor('BIG', 400, 5000)),
      snap('2026-11-22T12:00:00Z', monitor('BIG', 410, 5000)),
      opts,
    );
    expect(burns[0]!.horizonCredits).toBe(410 + 10 * 72);
    expect(findings).toEqual([]);
  });

  it('does count only credits since the reset when the cycle resets between snapshots', () => {
    const daily = { frequency: 'DAILY', start_time: '2026-11-01 00:00:00.000 +0000' };
    const { burns, findings } = evaluateBurnRate(
      snap('2026-11-21T23:30:00Z', monitor('DAILY_CAP', 80, 100, daily)),
      snap('2026-11-22T00:30:00Z', monitor('DAILY_CAP', 5, 100, daily)),
      opts,
    );
    // 5 credits in the 30 minutes since 00:00 → 10/hour; 23.5 hours left → 5 + 235 = 240.
    expect(burns[0]).toMatchObject({ reset: true, creditsPerHour: 10, horizonCredits: 240, cycleStart: new Date('2026-11-22T00:00:00Z') });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.labels['cycle_start']).toBe('2026-11-22T00:00:00.000Z');
  });

  it('does treat a drop in used credits as a reset when no cycle boundary fell between snapshots', () => {
    const { burns } = evaluateBurnRate(
      snap('2026-11-22T10:00:00Z', monitor('RECREATED', 300, 1000)),
      snap('2026-11-22T12:00:00Z', monitor('RECREATED', 6, 1000)),
      opts,
    );
    // The reset happened some time after 10:00: 6 credits over at most 2 hours is at least 3/hour.
    expect(burns[0]).toMatchObject({ reset: true, creditsPerHour: 3 });
  });

  it('does project against the new quota when the quota was raised between snapshots', () => {
    const { burns, findings } = evaluateBurnRate(
      snap('2026-11-22T11:00:00Z', monitor('ACCOUNT_MONTHLY', 400, 1000)),
      snap('2026-11-22T12:00:00Z', monitor('ACCOUNT_MONTHLY', 410, 3000)),
      opts,
    );
    expect(burns[0]).toMatchObject({ quotaChanged: true, creditQuota: 3000, reset: false, creditsPerHour: 10 });
    expect(burns[0]!.horizonCredits).toBe(410 + 720);
    expect(findings).toEqual([]); // 1130 < 3000
  });

  it('does not warn when the monitor is already past its quota, has no quota, or is unassigned', () => {
    const { burns, findings } = evaluateBurnRate(
      snap('2026-11-22T11:00:00Z', monitor('OVER', 1000, 1000), monitor('NOQUOTA', 10, null), monitor('NOWHERE', 10, 100, { level: '' })),
      snap('2026-11-22T12:00:00Z', monitor('OVER', 1010, 1000), monitor('NOQUOTA', 50, null), monitor('NOWHERE', 50, 100, { level: '' })),
      opts,
    );
    expect(burns.map((b) => b.monitor)).toEqual(['OVER']);
    expect(burns[0]!.quotaReachedAt).toBeUndefined();
    expect(findings).toEqual([]);
  });

  it('does warn with a time to quota when a monitor that never resets will reach it within the horizon', () => {
    const never = { frequency: 'NEVER', start_time: '2026-11-01 00:00:00.000 +0000' };
    const { burns, findings } = evaluateBurnRate(
      snap('2026-11-22T11:00:00Z', monitor('LIFETIME', 100, 200, never)),
      snap('2026-11-22T12:00:00Z', monitor('LIFETIME', 110, 200, never)),
      opts,
    );
    expect(burns[0]).toMatchObject({ cycleEnd: null, quotaReachedAt: new Date('2026-11-22T21:00:00Z'), horizonCredits: 110 + 720 });
    expect(findings).toHaveLength(1);
    expect(findings[0]!.summary).toContain('at 2026-11-22T21:00:00.000Z, in 9.0 hours, and the monitor never resets');
  });

  it('does use the calendar month when frequency and start_time are empty', () => {
    const { burns } = evaluateBurnRate(
      snap('2026-11-30T20:00:00Z', monitor('DEFAULT', 100, 1000, { frequency: '', start_time: '' })),
      snap('2026-11-30T22:00:00Z', monitor('DEFAULT', 120, 1000, { frequency: '', start_time: '' })),
      opts,
    );
    expect(burns[0]).toMatchObject({ creditsPerHour: 10, horizonCredits: 140, cycleEnd: new Date('2026-12-01T00:00:00Z') });
  });

  it('does skip a monitor new in the second snapshot and snapshots too close together', () => {
    expect(evaluateBurnRate(snap('2026-11-22T11:00:00Z'), snap('2026-11-22T12:00:00Z', monitor('NEW', 10, 100)), opts).burns).toEqual([]);
    expect(evaluateBurnRate(snap('2026-11-22T11:59:30Z', monitor('M', 10, 100)), snap('2026-11-22T12:00:00Z', monitor('M', 90, 100)), opts)).toEqual({
      burns: [],
      findings: [],
    });
  });

  it('does not warn early in a cycle when the quota is further away than the horizon at the current rate', () => {
    // Day 2 of the month, a working-hours rate of 3 credits/hour: the whole month at that rate would pass
    // 1000 credits (the old projection said ~210 %), but the quota is 323 hours away.
    const { burns, findings } = evaluateBurnRate(
      snap('2026-11-02T10:00:00Z', monitor('ACCOUNT_MONTHLY', 27, 1000)),
      snap('2026-11-02T11:00:00Z', monitor('ACCOUNT_MONTHLY', 30, 1000)),
      opts,
    );
    expect(burns[0]!.quotaReachedAt).toEqual(new Date(Date.parse('2026-11-02T11:00:00Z') + (970 / 3) * HOUR));
    expect(findings).toEqual([]);
  });

  it('does rate a default-schedule monitor (start_time = created_on) on the calendar month', () => {
    const created = { start_time: '2026-11-17 14:23:05.120 +0000', created_on: '2026-11-17 14:23:05.120 +0000' };
    const { burns } = evaluateBurnRate(
      snap('2026-11-30T23:30:00Z', monitor('DEFAULT_SCHEDULE', 500, 1000, created)),
      snap('2026-12-01T00:30:00Z', monitor('DEFAULT_SCHEDULE', 4, 1000, created)),
      opts,
    );
    expect(burns[0]).toMatchObject({
      reset: true,
      creditsPerHour: expect.closeTo(8, 9),
      cycleStart: new Date('2026-12-01T00:00:00Z'),
      cycleEnd: new Date('2027-01-01T00:00:00Z'),
    });
  });
});
