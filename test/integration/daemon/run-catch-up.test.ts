/**
 * The warehouse loop after a restart: a daemon that was down across the loop's 06:00 tick runs the missed
 * cycle once when it starts (graphile-worker's cron catch-up), against the emulator and a SQLite store.
 */

import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorSettings } from '../../../src/cli/emulator-settings.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { startHarness, T0, type Harness } from './run-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

/** SELECTs tagged by a warehouse check since statement `from`. */
const warehouseStatements = (from: number): number => h.emulator.statements.slice(from).filter((s) => /^\s*(with|select)\b/i.test(s.sql)).length;

describe('snowmon run warehouse catch-up', () => {
  it('does not run a warehouse cycle at start when the store has no warehouse run yet', async () => {
    const from = h.emulator.statements.length;
    expect(await h.daemon.catchUpWarehouse(T0)).toBeUndefined();
    expect(warehouseStatements(from)).toBe(0);
  }, 60_000);

  it('does run the missed cycle once when the last warehouse run is older than the latest 06:00 tick', async () => {
    // The last cycle ran at T0 (12:00); the daemon was down at the next day's 06:00 and starts at 07:00.
    expect(await h.daemon.runWarehouseCycle(T0)).toBeDefined();
    h.clock.set('2026-11-21T07:00:00Z');
    const from = h.emulator.statements.length;
    const caughtUp = await h.daemon.catchUpWarehouse();
    expect(caughtUp).toBeDefined();
    expect(caughtUp!.outcomes.map((o) => o.name)).toContain('credits_by_warehouse');
    expect(warehouseStatements(from)).toBeGreaterThan(0);
    const line = h.logs.find((l) => l['msg'] === 'the warehouse loop missed a tick while no daemon ran: catching up once');
    expect(line?.['missed']).toBe('2026-11-21T06:00:00.000Z');

    // Recorded: a second look (another restart) finds nothing missed.
    const after = h.emulator.statements.length;
    h.clock.advance(60_000);
    expect(await h.daemon.catchUpWarehouse()).toBeUndefined();
    expect(warehouseStatements(after)).toBe(0);
  }, 120_000);

  it('does catch up by itself when a scheduled daemon starts after a missed tick', async () => {
    // Another restart, a day later: the last warehouse run is the catch-up above (2026-11-21 07:00).
    h.clock.set('2026-11-22T09:00:00Z');
    const config = await loadConfig(h.configFile, process.env);
    const lines: Record<string, unknown>[] = [];
    let finished!: () => void;
    const caughtUp = new Promise<void>((resolve) => {
      finished = resolve;
    });
    const daemon = runDaemon(config, {
      routing: await loadRouting(config.routing.file, process.env),
      now: () => h.clock.now(),
      resolveSettings: async (c) => emulatorSettings(h.emulator, c),
      logger: createLogger({
        level: 'debug',
        destination: new Writable({
          write(chunk: Buffer, _encoding, done) {
            for (const text of chunk.toString('utf8').split('\n')) if (text.trim() !== '') lines.push(JSON.parse(text) as Record<string, unknown>);
            // Each check of a recorded cycle is logged ("check ran" or "check failed"): the caught-up cycle is in.
            if (lines.some((l) => l['check'] === 'credits_by_warehouse')) finished();
            done();
          },
        }),
      }),
      http: false,
    });
    try {
      await daemon.ready;
      await caughtUp;
      const missed = lines.find((l) => l['msg'] === 'the warehouse loop missed a tick while no daemon ran: catching up once');
      expect(missed?.['missed']).toBe('2026-11-22T06:00:00.000Z');
      expect(missed?.['last_run']).toBe('2026-11-21T07:00:00.000Z');
    } finally {
      await daemon.stop('test over');
    }
  }, 120_000);
});
