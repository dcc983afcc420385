import { describe, expect, it } from 'vitest';
import type { EmulatedAccount, ResourceMonitorState, WarehouseState } from '../../../src/emulator/account-model.js';
import { Billing } from '../../../src/emulator/billing.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { creditsPerHour } from '../../../src/emulator/warehouse-sizes.js';

const T0 = new Date('2026-11-20T14:00:00Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

function warehouse(name: string, extra: Partial<WarehouseState> = {}): WarehouseState {
  return {
    name,
    id: 1,
    size: 'X-Small',
    type: 'STANDARD',
    minClusterCount: 1,
    maxClusterCount: 1,
    autoSuspend: 60,
    autoResume: true,
    state: 'SUSPENDED',
    resourceMonitor: null,
    suspendedByMonitor: null,
    createdOn: new Date('2026-01-01T00:00:00Z'),
    resumedOn: null,
    updatedOn: new Date('2026-01-01T00:00:00Z'),
    owner: 'SYSADMIN',
    comment: '',
    scalingPolicy: 'STANDARD',
    running: 0,
    queued: 0,
    ...extra,
  };
}

function monitor(name: string, extra: Partial<ResourceMonitorState> = {}): ResourceMonitorState {
  return {
    name,
    creditQuota: 100,
    usedCredits: 0,
    level: 'WAREHOUSE',
    frequency: 'DAILY',
    startTime: new Date('2026-01-01T00:00:00Z'),
    endTime: null,
    notifyAt: [75, 90],
    suspendAt: 100,
    suspendImmediatelyAt: null,
    createdOn: new Date('2026-01-01T00:00:00Z'),
    owner: 'ACCOUNTADMIN',
    comment: '',
    notifyUsers: [],
    ...extra,
  };
}

function setup(warehouses: WarehouseState[], monitors: ResourceMonitorState[] = []) {
  const account: EmulatedAccount = {
    name: 'EMU',
    warehouses: new Map(warehouses.map((w) => [w.name, w])),
    monitors: new Map(monitors.map((m) => [m.name, m])),
    loginUsers: new Map(),
  };
  const clock = new FrozenClock(T0);
  return { account, clock, billing: new Billing(account, clock) };
}

/** Runs one statement of `seconds` starting at `start` (endQuery gets the instant it ended). */
function run(billing: Billing, name: string, start: Date, seconds: number) {
  const result = billing.startQuery(name, start);
  if (result.ok) billing.endQuery(name, new Date(start.getTime() + seconds * 1000), seconds * 1000);
  return result;
}

describe('Billing', () => {
  it('does bill the 60 s minimum when a resumed warehouse runs a short statement', () => {
    const { billing, account } = setup([warehouse('WH', { autoSuspend: 10 })]);
    expect(run(billing, 'WH', T0, 1)).toEqual({ ok: true, resumed: true });
    expect(account.warehouses.get('WH')?.state).toBe('STARTED');
    const charge = billing.charges(at(600)).get('WH');
    expect(charge).toEqual({ resumes: 1, billedSeconds: 60, credits: 60 / 3600 });
    expect(account.warehouses.get('WH')?.state).toBe('SUSPENDED');
  });

  it('does count back-to-back statements as one resume', () => {
    const { billing } = setup([warehouse('WH', { size: 'Medium' })]);
    expect(run(billing, 'WH', T0, 5)).toEqual({ ok: true, resumed: true });
    expect(run(billing, 'WH', at(30), 5)).toEqual({ ok: true, resumed: false });
    const charge = billing.charges(at(3600)).get('WH');
    expect(charge?.resumes).toBe(1);
    expect(charge?.billedSeconds).toBe(95); // until 35 s + 60 s auto_suspend
    expect(charge?.credits).toBeCloseTo((95 / 3600) * creditsPerHour('Medium'), 10);
  });

  it('does resume twice when the gap exceeds auto_suspend', () => {
    const { billing } = setup([warehouse('WH')]);
    run(billing, 'WH', T0, 5);
    expect(run(billing, 'WH', at(600), 5)).toEqual({ ok: true, resumed: true });
    expect(billing.charges(at(3600)).get('WH')).toMatchObject({ resumes: 2, billedSeconds: 130 });
  });

  it('does charge an open run as if left to auto-suspend', () => {
    const { billing } = setup([warehouse('WH')]);
    run(billing, 'WH', T0, 5);
    expect(billing.charges(at(10)).get('WH')).toMatchObject({ resumes: 1, billedSeconds: 65 });
  });

  it('does never suspend a warehouse whose auto_suspend is null', () => {
    const { billing, account } = setup([warehouse('WH', { autoSuspend: null })]);
    run(billing, 'WH', T0, 5);
    expect(billing.charges(at(7200)).get('WH')).toMatchObject({ resumes: 1, billedSeconds: 7200 });
    expect(account.warehouses.get('WH')?.state).toBe('STARTED');
  });

  it('does keep a warehouse that was started with statements running up and billing', () => {
    const { billing, account } = setup([warehouse('RUNAWAY', { state: 'STARTED', running: 1, resumedOn: at(-9 * 3600), size: 'X-Large' })]);
    billing.observe(at(3 * 3600));
    expect(account.warehouses.get('RUNAWAY')?.state).toBe('STARTED');
    expect(billing.charges(at(3 * 3600)).get('RUNAWAY')?.credits).toBeCloseTo(48, 6);
  });

  it('does refuse a statement when the session has no warehouse', () => {
    const { billing } = setup([warehouse('WH')]);
    expect(billing.startQuery(null, T0)).toEqual({
      ok: false,
      code: '000606',
      sqlState: '57P03',
      message: "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command.",
    });
    expect(billing.startQuery('NOPE', T0)).toMatchObject({ ok: false, code: '000606' });
  });

  it('does refuse to resume a suspended warehouse whose auto_resume is false', () => {
    const { billing } = setup([warehouse('WH', { autoResume: false })]);
    expect(billing.startQuery('WH', T0)).toMatchObject({ ok: false, sqlState: '57P03' });
  });

  it('does charge both the warehouse monitor and the account monitor', () => {
    const { billing, account } = setup(
      [warehouse('WH', { size: 'Small', resourceMonitor: 'WH_MON' }), warehouse('OTHER')],
      [monitor('WH_MON', { usedCredits: 5 }), monitor('ACCOUNT', { level: 'ACCOUNT', frequency: 'MONTHLY', usedCredits: 50 })],
    );
    run(billing, 'WH', T0, 3600 - 60);
    run(billing, 'OTHER', T0, 0);
    billing.observe(at(7200));
    expect(account.monitors.get('WH_MON')?.usedCredits).toBeCloseTo(5 + 2, 6);
    expect(account.monitors.get('ACCOUNT')?.usedCredits).toBeCloseTo(50 + 2 + 1 / 60, 6);
  });

  it('does suspend a warehouse at its monitor threshold and refuse to resume it', () => {
    const { billing, account } = setup(
      [warehouse('WH', { size: 'Large', autoSuspend: null, resourceMonitor: 'TIGHT' })],
      [monitor('TIGHT', { creditQuota: 1, frequency: 'DAILY' })],
    );
    run(billing, 'WH', T0, 5);
    billing.observe(at(600)); // 1 credit at 8 credits/h is reached after 450 s
    const wh = account.warehouses.get('WH');
    expect(wh).toMatchObject({ state: 'SUSPENDED', suspendedByMonitor: 'TIGHT' });
    expect(billing.charges(at(600)).get('WH')?.billedSeconds).toBeCloseTo(450, 6);
    expect(account.monitors.get('TIGHT')?.usedCredits).toBeCloseTo(1, 6);
    const refused = billing.startQuery('WH', at(700));
    expect(refused).toMatchObject({ ok: false, code: '000606', sqlState: '57P03' });
    expect(refused.ok ? '' : refused.message).toContain("resource monitor 'TIGHT'");
  });

  it('does suspend every warehouse when the account monitor reaches its threshold', () => {
    const { billing, account } = setup(
      [warehouse('BIG', { size: 'X-Large', autoSuspend: null }), warehouse('SMALL')],
      [monitor('ACCOUNT', { level: 'ACCOUNT', creditQuota: 10, usedCredits: 8, suspendAt: 100 })],
    );
    run(billing, 'BIG', T0, 5);
    billing.observe(at(3600));
    expect(account.warehouses.get('BIG')?.suspendedByMonitor).toBe('ACCOUNT');
    expect(account.warehouses.get('SMALL')?.suspendedByMonitor).toBe('ACCOUNT');
    expect(billing.startQuery('SMALL', at(3700))).toMatchObject({ ok: false });
  });

  it('does lift the suspension and reset used credits when the next cycle starts', () => {
    const { billing, account } = setup(
      [warehouse('WH', { size: 'Large', autoSuspend: null, resourceMonitor: 'TIGHT' })],
      [monitor('TIGHT', { creditQuota: 1, frequency: 'DAILY' })],
    );
    run(billing, 'WH', T0, 5);
    billing.observe(at(600));
    expect(billing.startQuery('WH', at(3600))).toMatchObject({ ok: false });
    const nextDay = new Date('2026-11-21T00:00:30Z');
    billing.observe(nextDay);
    expect(account.monitors.get('TIGHT')?.usedCredits).toBe(0);
    expect(account.warehouses.get('WH')?.suspendedByMonitor).toBeNull();
    expect(billing.startQuery('WH', nextDay)).toEqual({ ok: true, resumed: true });
    expect(account.monitors.get('TIGHT')?.usedCredits).toBeCloseTo((60 / 3600) * 8, 6);
  });

  it('does split a run across a cycle boundary', () => {
    const { billing, account } = setup(
      [warehouse('WH', { autoSuspend: null, resourceMonitor: 'DAILY_MON' })],
      [monitor('DAILY_MON', { creditQuota: 1000, frequency: 'DAILY' })],
    );
    run(billing, 'WH', new Date('2026-11-20T23:00:00Z'), 5);
    billing.observe(new Date('2026-11-21T02:00:00Z'));
    expect(account.monitors.get('DAILY_MON')?.usedCredits).toBeCloseTo(2, 6);
  });

  it('does reset a default-schedule monitor on the 1st of the month, not on the day it was created', () => {
    const created = new Date('2026-11-17T14:23:05.120Z');
    const { billing, account } = setup(
      [warehouse('WH', { autoSuspend: null, resourceMonitor: 'DEFAULT_MON' })],
      [monitor('DEFAULT_MON', { creditQuota: 1000, frequency: null, startTime: created, createdOn: created })],
    );
    run(billing, 'WH', new Date('2026-11-30T22:00:00Z'), 5);
    billing.observe(new Date('2026-12-01T02:00:00Z'));
    expect(account.monitors.get('DEFAULT_MON')?.usedCredits).toBeCloseTo(2, 6); // since 00:00 on the 1st
    billing.observe(new Date('2026-12-17T16:00:00Z'));
    expect(account.monitors.get('DEFAULT_MON')?.usedCredits).toBeCloseTo(16 * 24 + 16, 6); // Dec 1 → Dec 17 16:00, no reset on the 17th
  });

  it('does split the credits it charges by the UTC day they were burnt in, and only up to the time observed', () => {
    const { billing } = setup([warehouse('NEVER', { size: 'Small', autoSuspend: null, state: 'STARTED', resumedOn: T0 })]);
    expect(billing.dailyCredits(T0)).toEqual(new Map());
    // 14:00 on the 20th to 06:00 on the 21st at 2 credits an hour: 10 h on the 20th, 6 h on the 21st.
    const daily = billing.dailyCredits(new Date('2026-11-21T06:00:00Z'));
    expect([...daily.keys()]).toEqual(['2026-11-20', '2026-11-21']);
    expect(daily.get('2026-11-20')).toBeCloseTo(20, 9);
    expect(daily.get('2026-11-21')).toBeCloseTo(12, 9);
  });
});
