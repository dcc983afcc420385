/**
 * The free loop's two pure checks fed by the real snowflake-sdk: SHOW WAREHOUSES and SHOW RESOURCE
 * MONITORS from the emulator an hour apart, evaluated by findRunawayWarehouses and evaluateBurnRate.
 * Expectations come from the emulator's account model (sizes, resume times, used credits), never from
 * the functions under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateBurnRate, type MonitorSnapshot } from '../../../src/checks/burn-rate.js';
import { monitorCycle } from '../../../src/checks/monitor-cycle.js';
import { findRunawayWarehouses, type WarehouseSnapshot } from '../../../src/checks/runaway-warehouses.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { creditsPerHour } from '../../../src/emulator/warehouse-sizes.js';
import type { SnowflakeClient } from '../../../src/sources/snowflake-client.js';
import { connectToEmulator } from '../../support/emulator-session.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const HOUR = 3_600_000;

let emulator: RunningEmulator;
let client: SnowflakeClient;
let clock: FrozenClock;
const warehouses: WarehouseSnapshot[] = [];
const monitors: MonitorSnapshot[] = [];
/** The emulator's own used_credits per monitor at each poll. */
const modelUsed: Map<string, number>[] = [];

async function poll(): Promise<void> {
  const at = clock.now();
  warehouses.push({ at, rows: (await client.query('SHOW WAREHOUSES', { check: 'runaway_warehouses' })).rows });
  monitors.push({ at, rows: (await client.query('SHOW RESOURCE MONITORS', { check: 'burn_rate' })).rows });
  modelUsed.push(new Map([...emulator.account.monitors.values()].map((m) => [m.name, m.usedCredits])));
}

beforeAll(async () => {
  clock = new FrozenClock(NOW);
  emulator = await startEmulator({ clock, scenario: { seed: 7, days: 30, queryHistoryRows: 1000 }, advanceClockWithQueries: false });
  client = await connectToEmulator(emulator);
  await poll();
  clock.advance(HOUR);
  await poll();
}, 120_000);

afterAll(async () => {
  await client?.close();
  await emulator?.stop();
});

describe('free loop snapshots from the emulator', () => {
  it('does find the warehouses running far longer than usual with credits from size and time', () => {
    const usual = 30 * 60_000;
    const { running, findings } = findRunawayWarehouses(warehouses, { usualRunMs: {}, defaultUsualRunMs: usual, usdPerCredit: 3 });
    const at = clock.now();
    const started = [...emulator.account.warehouses.values()].filter((w) => w.state === 'STARTED');
    expect(started.length).toBeGreaterThan(0);
    const expected = started.map((w) => {
      const since = w.resumedOn as Date;
      const ms = at.getTime() - since.getTime();
      return { warehouse: w.name, runningMs: ms, credits: (creditsPerHour(w.size) * ms) / HOUR, runaway: ms > Math.max(3 * usual, HOUR) };
    });
    expect(
      running
        .map((r) => ({ warehouse: r.warehouse, runningMs: r.runningMs, credits: r.credits, runaway: r.runaway }))
        .sort((a, b) => a.warehouse.localeCompare(b.warehouse)),
    ).toEqual(expected.map((e) => ({ ...e, credits: expect.closeTo(e.credits, 9) })).sort((a, b) => a.warehouse.localeCompare(b.warehouse)));
    expect(findings.map((f) => f.labels['warehouse']).sort()).toEqual(
      expected
        .filter((e) => e.runaway)
        .map((e) => e.warehouse)
        .sort(),
    );
  });

  it('does rate each monitor by the credits the emulator billed between the polls', () => {
    const [before, after] = [modelUsed[0] as Map<string, number>, modelUsed[1] as Map<string, number>];
    const { burns, findings } = evaluateBurnRate(monitors[0]!, monitors[1]!, { usdPerCredit: 3 });
    const now = clock.now();
    const rated = [...emulator.account.monitors.values()].filter((m) => m.creditQuota !== null && m.creditQuota > 0 && m.level !== null);
    expect(rated.length).toBeGreaterThan(0);
    expect(burns.map((b) => b.monitor).sort()).toEqual(rated.map((m) => m.name).sort());
    const expectedFindings: string[] = [];
    for (const m of rated) {
      const used0 = before.get(m.name) as number;
      const used1 = after.get(m.name) as number;
      const cycle = monitorCycle(m.frequency, m.startTime, now, m.endTime ?? undefined);
      const reset = used1 < used0 || monitorCycle(m.frequency, m.startTime, monitors[0]!.at, m.endTime ?? undefined).start.getTime() !== cycle.start.getTime();
      const rate = reset ? used1 / ((now.getTime() - Math.max(monitors[0]!.at.getTime(), cycle.start.getTime())) / HOUR) : used1 - used0;
      const burn = burns.find((b) => b.monitor === m.name)!;
      expect(burn.creditsPerHour).toBeCloseTo(rate, 6);
      expect(burn.usedCredits).toBeCloseTo(used1, 2);
      const projected = cycle.end === null ? undefined : used1 + rate * ((cycle.end.getTime() - now.getTime()) / HOUR);
      if (projected !== undefined && used1 < (m.creditQuota as number) && projected >= (m.creditQuota as number)) expectedFindings.push(m.name);
    }
    expect(expectedFindings.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.labels['monitor']).sort()).toEqual(expectedFindings.sort());
    // The scenario's running warehouses burn into at least one monitor.
    expect(burns.some((b) => b.creditsPerHour > 0)).toBe(true);
  });
});
