import { describe, expect, it } from 'vitest';
import { elapsedFraction, monitorCycle, parseFrequency, projectPercent } from '../../../src/checks/monitor-cycle.js';

const d = (iso: string): Date => new Date(iso);
const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

describe('monitorCycle', () => {
  it('does use the calendar month in UTC when the frequency is NULL', () => {
    const c = monitorCycle(null, d('2026-01-15T08:00:00Z'), d('2026-11-20T12:00:00Z'));
    expect([iso(c.start), iso(c.end), c.started]).toEqual(['2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', true]);
  });

  it('does start the first default cycle at start_time when the monitor was created mid-month', () => {
    const c = monitorCycle(null, d('2026-11-10T09:30:00Z'), d('2026-11-20T12:00:00Z'));
    expect([iso(c.start), iso(c.end)]).toEqual(['2026-11-10T09:30:00.000Z', '2026-12-01T00:00:00.000Z']);
  });

  it('does reset at 00:00 UTC exactly when now is the boundary instant', () => {
    const c = monitorCycle('DAILY', d('2026-11-01T15:00:00Z'), d('2026-11-20T00:00:00Z'));
    expect([iso(c.start), iso(c.end)]).toEqual(['2026-11-20T00:00:00.000Z', '2026-11-21T00:00:00.000Z']);
    const before = monitorCycle('DAILY', d('2026-11-01T15:00:00Z'), d('2026-11-19T23:59:59.999Z'));
    expect(iso(before.start)).toBe('2026-11-19T00:00:00.000Z');
  });

  it('does keep the first daily cycle from start_time to the next midnight', () => {
    const c = monitorCycle('DAILY', d('2026-11-20T15:00:00Z'), d('2026-11-20T18:00:00Z'));
    expect([iso(c.start), iso(c.end)]).toEqual(['2026-11-20T15:00:00.000Z', '2026-11-21T00:00:00.000Z']);
  });

  it('does step weekly from the start date when the frequency is WEEKLY', () => {
    // 2026-11-02 is a Monday; weekly cycles start on Mondays 00:00 UTC.
    const c = monitorCycle('WEEKLY', d('2026-11-02T10:00:00Z'), d('2026-11-22T05:00:00Z'));
    expect([iso(c.start), iso(c.end)]).toEqual(['2026-11-16T00:00:00.000Z', '2026-11-23T00:00:00.000Z']);
  });

  it('does step yearly on the start date when the frequency is YEARLY', () => {
    const c = monitorCycle('YEARLY', d('2024-03-15T00:00:00Z'), d('2026-02-01T00:00:00Z'));
    expect([iso(c.start), iso(c.end)]).toEqual(['2025-03-15T00:00:00.000Z', '2026-03-15T00:00:00.000Z']);
  });

  it('does reset on Feb 28 in a non-leap year when a yearly monitor started on Feb 29', () => {
    const c = monitorCycle('YEARLY', d('2024-02-29T00:00:00Z'), d('2025-06-01T00:00:00Z'));
    expect([iso(c.start), iso(c.end)]).toEqual(['2025-02-28T00:00:00.000Z', '2026-02-28T00:00:00.000Z']);
  });

  it('does reset on the last day of shorter months when a monthly monitor started on the 31st', () => {
    const start = d('2026-01-31T00:00:00Z');
    const feb = monitorCycle('MONTHLY', start, d('2026-03-10T00:00:00Z'));
    expect([iso(feb.start), iso(feb.end)]).toEqual(['2026-02-28T00:00:00.000Z', '2026-03-31T00:00:00.000Z']);
    const apr = monitorCycle('MONTHLY', start, d('2026-04-30T00:00:00Z'));
    expect([iso(apr.start), iso(apr.end)]).toEqual(['2026-04-30T00:00:00.000Z', '2026-05-31T00:00:00.000Z']);
    const leap = monitorCycle('MONTHLY', d('2028-01-31T00:00:00Z'), d('2028-02-29T12:00:00Z'));
    expect(iso(leap.start)).toBe('2028-02-29T00:00:00.000Z');
  });

  it('does not drift to the 28th after February when a monthly monitor started on the 31st', () => {
    const c = monitorCycle('MONTHLY', d('2026-01-31T00:00:00Z'), d('2026-03-30T00:00:00Z'));
    expect([iso(c.start), iso(c.end)]).toEqual(['2026-02-28T00:00:00.000Z', '2026-03-31T00:00:00.000Z']);
  });

  it('does never reset when the frequency is NEVER, ending only at end_time', () => {
    const open = monitorCycle('NEVER', d('2025-01-01T00:00:00Z'), d('2026-11-20T00:00:00Z'));
    expect([iso(open.start), iso(open.end)]).toEqual(['2025-01-01T00:00:00.000Z', null]);
    const ended = monitorCycle('NEVER', d('2025-01-01T00:00:00Z'), d('2026-11-20T00:00:00Z'), d('2026-12-31T00:00:00Z'));
    expect(iso(ended.end)).toBe('2026-12-31T00:00:00.000Z');
  });

  it('does cap the cycle at end_time when end_time comes before the reset', () => {
    const c = monitorCycle('MONTHLY', d('2026-01-05T00:00:00Z'), d('2026-11-10T00:00:00Z'), d('2026-11-20T00:00:00Z'));
    expect(iso(c.end)).toBe('2026-11-20T00:00:00.000Z');
  });

  it('does report not started when now is before start_time', () => {
    const c = monitorCycle('MONTHLY', d('2026-12-01T00:00:00Z'), d('2026-11-20T00:00:00Z'));
    expect(c.started).toBe(false);
  });
});

describe('projectPercent', () => {
  const rule = { minElapsed: 0.2, minDataHours: 24 };

  it('does divide percent by the elapsed fraction of the cycle and say what data it stands on', () => {
    const cycle = monitorCycle(null, undefined, d('2026-11-11T00:00:00Z')); // 10 of 30 days gone
    expect(elapsedFraction(cycle, d('2026-11-11T00:00:00Z'))).toBeCloseTo(1 / 3, 10);
    const projection = projectPercent(40, cycle, d('2026-11-11T00:00:00Z'), rule);
    expect(projection.pct).toBeCloseTo(120, 10);
    expect(projection.basis).toBe('from 10.0 days of data');
  });

  it('does not project before the minimum share of the cycle has passed, and says how little data there is', () => {
    const cycle = monitorCycle(null, undefined, d('2026-11-01T00:00:00Z'));
    expect(projectPercent(3, cycle, d('2026-11-01T00:00:00Z'), rule)).toEqual({ dataMs: 0, basis: 'too early to project: 0 min of data' });
    const fourth = projectPercent(30, cycle, d('2026-11-01T21:36:00Z'), rule);
    expect(fourth.pct).toBeUndefined();
    expect(fourth.basis).toBe('too early to project: 0.9 days of data');
    // 20 % of November is 6 days: on the 4th there is not enough, on the 7th there is.
    expect(projectPercent(30, cycle, d('2026-11-04T12:00:00Z'), rule).basis).toBe('too early to project: 3.5 days of data');
    expect(projectPercent(30, cycle, d('2026-11-07T00:00:00Z'), rule).pct).toBeCloseTo(150, 10);
  });

  it('does cap the hours of data needed at half a short cycle', () => {
    const daily = monitorCycle('DAILY', d('2026-11-01T00:00:00Z'), d('2026-11-20T13:00:00Z'));
    const projection = projectPercent(60, daily, d('2026-11-20T13:00:00Z'), rule); // 13 h ≥ min(24 h, 12 h)
    expect(projection.pct).toBeCloseTo(60 / (13 / 24), 10);
    expect(projection.basis).toBe('from 0.5 days of data');
    expect(projectPercent(60, daily, d('2026-11-20T11:00:00Z'), rule).basis).toBe('too early to project: 11.0 hours of data');
  });

  it('does not project when the cycle never ends', () => {
    const cycle = monitorCycle('NEVER', d('2025-01-01T00:00:00Z'), d('2026-11-20T00:00:00Z'));
    const projection = projectPercent(50, cycle, d('2026-11-20T00:00:00Z'), { minElapsed: 0, minDataHours: 0 });
    expect(projection.pct).toBeUndefined();
    expect(projection.basis).toBe('the cycle never resets');
  });
});

describe('parseFrequency', () => {
  it('does read unknown and empty values as the default schedule', () => {
    expect([parseFrequency('monthly'), parseFrequency(''), parseFrequency(undefined), parseFrequency('HOURLY')]).toEqual(['MONTHLY', null, null, null]);
  });
});
