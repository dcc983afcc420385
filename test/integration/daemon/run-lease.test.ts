/**
 * Two daemons on one store with the lease on (as with Postgres; here on one SQLite file): only the holder
 * runs cycles, and when it stops (releasing the lease) the other takes over at its next renewal and runs
 * them; a standby's deliverDue sends nothing. Postgres itself is covered by the lease tests when DATABASE_URL is set.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorSettings } from '../../../src/cli/emulator-settings.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import type { DaemonHandle } from '../../../src/daemon/daemon-handle.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { startHarness, type Harness } from './run-harness.js';

let h: Harness;
let standby: DaemonHandle | undefined;

beforeAll(async () => {
  h = await startHarness({ daemonLines: ['  lease_ttl: 600ms'], daemon: { lease: true } });
}, 120_000);

afterAll(async () => {
  await standby?.stop('test over');
  await h?.close();
});

/** Waits (bounded) until `condition` holds; the lease renews every ttl/3 = 200 ms. */
async function until(condition: () => boolean): Promise<boolean> {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}

describe('snowmon run with a lease', () => {
  it('does let only the lease holder run cycles and hand over when it stops', async () => {
    const config = await loadConfig(h.configFile, process.env);
    standby = runDaemon(config, {
      routing: await loadRouting(config.routing.file, process.env),
      now: () => h.clock.now(),
      resolveSettings: async (c) => emulatorSettings(h.emulator, c),
      logger: createLogger({ level: 'silent' }),
      notifierDeps: { out: { write: () => true } },
      schedule: false,
      http: false,
      lease: true,
    });
    await standby.ready;
    expect(h.daemon.leading()).toBe(true);
    expect(standby.leading()).toBe(false);
    expect(await standby.runFreeCycle(h.clock.now())).toBeUndefined();
    expect((await h.daemon.runFreeCycle(h.clock.now()))?.outcomes.length).toBeGreaterThan(0);
    // The alerts just ingested wait in the outbox: the standby's deliverDue sends none, the leader's sends them.
    expect((await standby.deliverDue(h.clock.now())).claimed).toBe(0);
    expect((await h.daemon.deliverDue(h.clock.now())).sent).toBeGreaterThan(0);

    await h.daemon.stop('hand over');
    expect(await until(() => standby!.leading())).toBe(true);
    h.clock.advance(60_000);
    const record = await standby.runFreeCycle(h.clock.now());
    expect(record?.outcomes.find((o) => o.name === 'resource_monitors')?.status).toBe('ok');
  }, 60_000);
});
