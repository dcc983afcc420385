/**
 * Reload and stop of the daemon against the emulator: an invalid config on reload keeps the old one and
 * logs why, a valid one is applied; stop() while a cycle is in flight lets it finish, then closes HTTP,
 * Snowflake and the store (the test process finishing is the open-handles check).
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configText, startHarness, type Harness } from './run-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('snowmon run reload and stop', () => {
  it('does keep the old config and log why when the reloaded one is invalid', async () => {
    const before = h.daemon.config();
    writeFileSync(h.configFile, configText(h.emulator, ['  free_loop: "every minute please"', '  run_timeot: 5m']));
    expect(await h.daemon.reload()).toBe(false);
    expect(h.daemon.config()).toBe(before);
    const line = h.logs.find((l) => l['msg'] === 'reload failed: keeping the current config');
    expect(String(line?.['error'])).toContain('daemon.free_loop: invalid cron expression "every minute please"');
    expect(String(line?.['error'])).toContain('daemon.run_timeot: unknown key, did you mean "run_timeout"?');
    // The daemon still works with the old config.
    const record = await h.daemon.runFreeCycle(h.clock.now());
    expect(record?.outcomes.find((o) => o.name === 'resource_monitors')?.status).toBe('ok');
  }, 60_000);

  it('does keep the old config and log one line when the reloaded file is an alias bomb', async () => {
    const before = h.daemon.config();
    const good = configText(h.emulator, []);
    const bomb = readFileSync('test/fixtures/config/alias-bomb.yaml', 'utf8');
    writeFileSync(h.configFile, `${good}${bomb}`);
    expect(await h.daemon.reload()).toBe(false);
    expect(h.daemon.config()).toBe(before);
    const line = h.logs.filter((l) => l['msg'] === 'reload failed: keeping the current config').at(-1);
    const bombLine = good.split('\n').length - 1 + 7;
    expect(line?.['error']).toBe(`${h.configFile}:${bombLine}: aliases expand to more than 100000 values (SM113)`);
  }, 60_000);

  it('does apply a valid reloaded config', async () => {
    writeFileSync(h.configFile, configText(h.emulator, ['  check_failure_threshold: 5', '  warehouse_loop: "0 * * * *"']));
    expect(await h.daemon.reload()).toBe(true);
    expect(h.daemon.config().daemon.checkFailureThreshold).toBe(5);
    expect(h.daemon.config().daemon.warehouseLoop).toBe('0 * * * *');
    expect(h.logs.some((l) => l['msg'] === 'config reloaded')).toBe(true);
  });

  it('does finish the cycle in flight, then close HTTP and the store on stop', async () => {
    const port = h.daemon.httpPort();
    h.clock.advance(60_000);
    h.emulator.faults.setLatency(200); // every statement slower: the cycle is still running when stop() comes
    const inFlight = h.daemon.runFreeCycle(h.clock.now());
    await new Promise((resolve) => setImmediate(resolve)); // the cycle has started
    const stopped = h.daemon.stop('test');
    const record = await inFlight;
    await stopped;
    h.emulator.faults.setLatency(0);
    expect(record?.outcomes.map((o) => `${o.name} ${o.status}`)).toEqual(expect.arrayContaining(['resource_monitors ok', 'runaway_warehouses ok']));
    expect(await h.daemon.runFreeCycle(h.clock.now())).toBeUndefined(); // no cycle starts once stopped
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
    expect(h.logs.some((l) => l['msg'] === 'stopped')).toBe(true);
    // Stopping twice is the same stop.
    await h.daemon.stop('again');
  }, 60_000);
});
