import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { Billing } from '../../../src/emulator/billing.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { seedScenario } from '../../../src/emulator/scenarios/seed-scenario.js';
import { showResourceMonitors, showWarehouses } from '../../../src/emulator/show-commands.js';

const NOW = new Date('2026-11-20T14:30:00Z');
const HOUR = 3_600_000;

async function seeded() {
  const connection = await (await DuckDBInstance.create(':memory:')).connect();
  await connection.run("ATTACH ':memory:' AS snowflake");
  const account = await seedScenario(connection, { seed: 11, now: NOW, queryHistoryRows: 5_000, days: 30 });
  const clock = new FrozenClock(NOW);
  return { account, clock, billing: new Billing(account, clock) };
}

const column = (result: ReturnType<typeof showWarehouses>, row: number, name: string): unknown =>
  result.rows[row]?.[result.columns.findIndex((c) => c.name === name)];

describe('Billing on the seeded scenario', () => {
  it('does resume SNOWMON_WH for a check and show it suspended again after auto_suspend', async () => {
    const { account, clock, billing } = await seeded();
    expect(billing.startQuery('SNOWMON_WH', NOW)).toEqual({ ok: true, resumed: true });
    billing.endQuery('SNOWMON_WH', new Date(NOW.getTime() + 2_000), 2_000);
    const during = showWarehouses(account, { like: 'SNOWMON_WH', currentWarehouse: 'SNOWMON_WH', now: NOW });
    expect([column(during, 0, 'state'), column(during, 0, 'is_current')]).toEqual(['STARTED', 'Y']);
    clock.advance(10 * 60_000);
    billing.observe(clock.now());
    expect(column(showWarehouses(account, { like: 'SNOWMON_WH', now: clock.now() }), 0, 'state')).toBe('SUSPENDED');
    expect(billing.charges(clock.now()).get('SNOWMON_WH')).toEqual({ resumes: 1, billedSeconds: 62, credits: 62 / 3600 });
  });

  it('does refuse DATASCIENCE_WH, which its monitor suspended, until the monitor cycle resets', async () => {
    const { account, billing } = await seeded();
    expect(billing.startQuery('DATASCIENCE_WH', NOW)).toMatchObject({ ok: false, code: '000606' });
    const monitor = account.monitors.get('DATASCIENCE_MONITOR');
    const nextCycle = new Date(Date.UTC(2026, 11, 10)); // anchored on the 10th, 00:00 UTC
    expect(monitor?.startTime.getUTCDate()).toBe(10);
    billing.observe(new Date(nextCycle.getTime() - 1));
    expect(account.warehouses.get('DATASCIENCE_WH')?.suspendedByMonitor).toBe('DATASCIENCE_MONITOR');
    expect(billing.startQuery('DATASCIENCE_WH', nextCycle)).toEqual({ ok: true, resumed: true });
  });

  it('does let the runaway warehouse fill the account monitor until it suspends every warehouse', async () => {
    const { account, billing } = await seeded();
    const monitor = account.monitors.get('ACCOUNT_MONTHLY');
    if (monitor?.creditQuota == null) throw new Error('the account monitor has a quota');
    const headroom = monitor.creditQuota - monitor.usedCredits;
    // ADHOC_WH (X-Large, 16 credits/h, a statement running) and DEV_WH (X-Small, never suspends) keep billing
    const hoursToFull = headroom / 17;
    billing.observe(new Date(NOW.getTime() + (hoursToFull - 1) * HOUR));
    expect(account.warehouses.get('ADHOC_WH')?.state).toBe('STARTED');
    billing.observe(new Date(NOW.getTime() + (hoursToFull + 1) * HOUR));
    expect(monitor.usedCredits).toBeCloseTo(monitor.creditQuota, 6);
    for (const w of account.warehouses.values()) {
      expect([w.name, w.state]).toEqual([w.name, 'SUSPENDED']);
      expect(w.suspendedByMonitor === 'ACCOUNT_MONTHLY' || w.suspendedByMonitor === 'DATASCIENCE_MONITOR').toBe(true);
    }
    expect(billing.startQuery('SNOWMON_WH', new Date(NOW.getTime() + (hoursToFull + 2) * HOUR))).toMatchObject({ ok: false });
    const shown = showResourceMonitors(account, { like: 'ACCOUNT%', now: NOW });
    expect(shown.rows[0]?.[2]).toBe(Math.round(monitor.creditQuota * 100) / 100);
  });
});
