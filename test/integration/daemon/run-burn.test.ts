/**
 * Burn rate in the daemon's free loop against the emulator: no rate until a SHOW RESOURCE MONITORS
 * snapshot at least 10 minutes old is in memory, then each monitor's credits per hour against that
 * snapshot, as the emulator's billing charged them between the two polls.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, T0, type Harness } from './run-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

const used = () => new Map([...h.emulator.account.monitors.values()].map((m) => [m.name, m.usedCredits]));

describe('snowmon run burn rate', () => {
  it('does rate each monitor against the newest snapshot at least 10 minutes old and none before one exists', async () => {
    const first = await h.daemon.runFreeCycle(T0);
    const used0 = used();
    expect(first?.outcomes.map((o) => o.name)).not.toContain('burn_rate');

    h.clock.advance(5 * 60_000);
    const second = await h.daemon.runFreeCycle(h.clock.now());
    expect(second?.outcomes.map((o) => o.name)).not.toContain('burn_rate');

    h.clock.advance(7 * 60_000); // 12 min after the first snapshot, 7 after the second: the first is compared
    const third = await h.daemon.runFreeCycle(h.clock.now());
    const used12 = used();
    const burn = third?.outcomes.find((o) => o.name === 'burn_rate');
    expect(burn?.status).toBe('ok');
    const rated = [...h.emulator.account.monitors.values()].filter((m) => m.creditQuota !== null && m.creditQuota > 0 && m.level !== null);
    expect(rated.length).toBeGreaterThan(0);
    expect(burn!.rows.map((r) => r['monitor']).sort()).toEqual(rated.map((m) => m.name).sort());
    let burning = 0;
    for (const m of rated) {
      const before = used0.get(m.name) as number;
      const after = used12.get(m.name) as number;
      if (after < before) continue; // a cycle reset between the polls
      const row = burn!.rows.find((r) => r['monitor'] === m.name);
      expect(row?.['credits_per_hour'] as number, m.name).toBeCloseTo((after - before) / (12 / 60), 2);
      if (after > before) burning++;
    }
    expect(burning).toBeGreaterThan(0);
  }, 60_000);
});
