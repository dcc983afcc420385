import { describe, expect, it } from 'vitest';
import type { EmulatedAccount, ResourceMonitorState, WarehouseState } from '../../../src/emulator/account-model.js';
import { likeMatcher, showResourceMonitors, showWarehouses } from '../../../src/emulator/show-commands.js';

const NOW = new Date('2026-11-20T14:30:00Z');

function warehouse(name: string, extra: Partial<WarehouseState> = {}): WarehouseState {
  return {
    name,
    id: 101,
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
    updatedOn: new Date('2026-02-01T00:00:00Z'),
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
    creditQuota: 1000,
    usedCredits: 820.456,
    level: 'ACCOUNT',
    frequency: 'MONTHLY',
    startTime: new Date('2025-01-01T00:00:00Z'),
    endTime: null,
    notifyAt: [75, 90],
    suspendAt: 100,
    suspendImmediatelyAt: 110,
    createdOn: new Date('2025-01-01T00:11:00Z'),
    owner: 'ACCOUNTADMIN',
    comment: '',
    notifyUsers: [],
    ...extra,
  };
}

function account(warehouses: WarehouseState[], monitors: ResourceMonitorState[]): EmulatedAccount {
  return {
    name: 'EMU12345',
    warehouses: new Map(warehouses.map((w) => [w.name, w])),
    monitors: new Map(monitors.map((m) => [m.name, m])),
    loginUsers: new Map(),
  };
}

const asObject = (columns: readonly { name: string }[], row: readonly unknown[]): Record<string, unknown> =>
  Object.fromEntries(columns.map((c, n) => [c.name, row[n]]));

describe('showWarehouses', () => {
  const acc = account(
    [
      warehouse('TRANSFORM_WH', { state: 'STARTED', size: 'Large', resourceMonitor: 'TRANSFORM_WEEKLY', running: 2, resumedOn: NOW }),
      warehouse('DEV_WH', { autoSuspend: null, autoResume: false }),
    ],
    [],
  );

  it('does print Snowflake column names in order and its string formats', () => {
    const result = showWarehouses(acc, { now: NOW, currentWarehouse: 'transform_wh' });
    expect(result.columns.slice(0, 13).map((c) => c.name)).toEqual([
      'name',
      'state',
      'type',
      'size',
      'min_cluster_count',
      'max_cluster_count',
      'started_clusters',
      'running',
      'queued',
      'is_default',
      'is_current',
      'auto_suspend',
      'auto_resume',
    ]);
    expect(result.columns.map((c) => c.name)).toContain('resource_monitor');
    expect(result.rows.map((r) => r[0])).toEqual(['DEV_WH', 'TRANSFORM_WH']);
    const dev = asObject(result.columns, result.rows[0] ?? []);
    const transform = asObject(result.columns, result.rows[1] ?? []);
    expect(dev).toMatchObject({
      state: 'SUSPENDED',
      auto_suspend: null,
      auto_resume: 'false',
      is_current: 'N',
      is_default: 'N',
      resource_monitor: 'null',
      available: '',
      started_clusters: 0,
    });
    expect(transform).toMatchObject({
      state: 'STARTED',
      size: 'Large',
      auto_suspend: 60,
      auto_resume: 'true',
      is_current: 'Y',
      running: 2,
      resource_monitor: 'TRANSFORM_WEEKLY',
      available: '100',
      provisioning: '0',
      started_clusters: 1,
    });
    expect(transform['created_on']).toBeInstanceOf(Date);
  });

  it('does filter with a case-insensitive LIKE pattern', () => {
    expect(showWarehouses(acc, { now: NOW, like: 'dev%' }).rows.map((r) => r[0])).toEqual(['DEV_WH']);
    expect(showWarehouses(acc, { now: NOW, like: '%_wh' }).rows).toHaveLength(2);
    expect(showWarehouses(acc, { now: NOW, like: 'DEV' }).rows).toHaveLength(0);
  });
});

describe('showResourceMonitors', () => {
  const acc = account(
    [],
    [
      monitor('ACCOUNT_MONTHLY'),
      monitor('BI_MONITOR', {
        creditQuota: null,
        usedCredits: 12,
        level: 'WAREHOUSE',
        frequency: null,
        notifyAt: [],
        suspendAt: null,
        suspendImmediatelyAt: null,
      }),
      monitor('OLD_MONITOR', { level: null, usedCredits: 0, notifyUsers: ['BOB', 'DAVE'], suspendImmediatelyAt: null }),
    ],
  );

  it('does print quotas as two-decimal numbers and triggers as percent strings', () => {
    const result = showResourceMonitors(acc, { now: NOW });
    expect(result.columns.map((c) => c.name)).toEqual([
      'name',
      'credit_quota',
      'used_credits',
      'remaining_credits',
      'level',
      'frequency',
      'start_time',
      'end_time',
      'notify_at',
      'suspend_at',
      'suspend_immediately_at',
      'created_on',
      'owner',
      'comment',
      'notify_users',
    ]);
    expect(result.columns[1]).toEqual({ name: 'credit_quota', type: 'fixed', scale: 2 });
    const [account, bi, old] = result.rows.map((r) => asObject(result.columns, r));
    expect(account).toMatchObject({
      credit_quota: 1000,
      used_credits: 820.46,
      remaining_credits: 179.54,
      level: 'ACCOUNT',
      frequency: 'MONTHLY',
      start_time: '2025-01-01 00:00:00.000 +0000',
      end_time: null,
      notify_at: '75%,90%',
      suspend_at: '100%',
      suspend_immediately_at: '110%',
      owner: 'ACCOUNTADMIN',
    });
    expect(bi).toMatchObject({ credit_quota: null, remaining_credits: null, notify_at: null, suspend_at: null, frequency: 'MONTHLY' });
    expect(old).toMatchObject({ level: null, notify_users: 'BOB, DAVE' });
  });

  it('does filter monitors with LIKE', () => {
    expect(showResourceMonitors(acc, { now: NOW, like: '%monitor' }).rows.map((r) => r[0])).toEqual(['BI_MONITOR', 'OLD_MONITOR']);
  });
});

describe('likeMatcher', () => {
  it('does treat _ as one character and backslash as an escape', () => {
    expect(likeMatcher('A_C')('abc')).toBe(true);
    expect(likeMatcher('A_C')('abbc')).toBe(false);
    expect(likeMatcher('A\\_C')('abc')).toBe(false);
    expect(likeMatcher('A\\_C')('a_c')).toBe(true);
    expect(likeMatcher('a.c')('abc')).toBe(false);
  });
});
