/**
 * stop() bounded by daemon.shutdown_grace against the emulator: a store whose close never returns (an
 * injected wrapper over the real SQLite store) is abandoned at the end of the grace, logged, and stop()
 * still resolves. Without the bound this test would hang until vitest's timeout.
 */

import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/ledger/database.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { startHarness, type Harness } from './run-harness.js';

let h: Harness;
let real: Kysely<Database> | undefined;

/** The real store, except that destroy() never settles. */
function hangingClose(db: Kysely<Database>): Kysely<Database> {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'destroy') return () => new Promise<void>(() => undefined);
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

beforeAll(async () => {
  h = await startHarness({
    daemonLines: ['  shutdown_grace: 300ms'],
    daemon: { openStore: async (url) => hangingClose((real = await openDatabase(url))) },
  });
}, 120_000);

afterAll(async () => {
  await h?.close();
  await real?.destroy();
});

describe('snowmon run stop with a hung store', () => {
  it('does resolve stop() at the end of the grace and log the store close as abandoned when it hangs', async () => {
    const record = await h.daemon.runFreeCycle(h.clock.now());
    expect(record?.outcomes.find((o) => o.name === 'resource_monitors')?.status).toBe('ok');
    await h.daemon.stop('test');
    const line = h.logs.find((l) => l['msg'] === 'still closing at the end of the grace period: abandoned');
    expect(line?.['abandoned']).toEqual(['store']);
    expect(line?.['grace_ms']).toBe(300);
    expect(h.logs.some((l) => l['msg'] === 'stopped')).toBe(true);
  }, 60_000);
});
