/**
 * Burn rate after SHOW RESOURCE MONITORS fails from the daemon's start: its `monitor_health` alert clears
 * on the first cycle Snowflake answers again, although no rate exists until a snapshot is 10 minutes old,
 * and the missing rate resolves none of the burn-rate alerts an earlier process left firing.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { join } from 'node:path';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import type { Database } from '../../../src/ledger/database.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { startHarness, T0, type Harness } from './run-harness.js';

let h: Harness;
let db: Kysely<Database>;
let ledger: AlertLedger;

beforeAll(async () => {
  h = await startHarness();
  db = await openDatabase(`sqlite:${join(h.folder, 'alerts.db')}`);
  ledger = new AlertLedger(db);
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  await h?.close();
});

const FAILURE = { code: '000603', sqlState: '57P03', message: 'Snowflake is undergoing maintenance (emulated)', match: /SHOW RESOURCE MONITORS/i };
const burnHealth = async () => (await ledger.active()).filter((a) => a.labels['alert_type'] === 'monitor_health' && a.labels['failing_check'] === 'burn_rate');

describe('snowmon run burn rate recovery', () => {
  it('does clear the burn_rate monitor_health alert once SHOW RESOURCE MONITORS answers, before any rate, resolving no burn-rate alert', async () => {
    // A burn-rate alert an earlier snowmon process left firing.
    const earlier = { labels: { alert_type: 'cost_monitor', monitor: 'EARLIER_MONITOR', reason: 'burn_rate' }, annotations: { summary: 'burning fast' } };
    await ledger.ingest('burn_rate', { status: 'ok', alerts: [earlier] }, T0);
    const [seeded] = await ledger.active();

    for (let i = 0; i < 3; i++) {
      h.emulator.faults.failNext(2, FAILURE); // the resource_monitors check's SHOW and burn_rate's retry
      const record = await h.daemon.runFreeCycle(h.clock.now());
      expect(record?.outcomes.find((o) => o.name === 'burn_rate')?.status).toBe('failed');
      h.clock.advance(60_000);
    }
    expect((await burnHealth()).length).toBe(1);

    const recovered = await h.daemon.runFreeCycle(h.clock.now());
    expect(recovered?.outcomes.map((o) => o.name)).not.toContain('burn_rate'); // no snapshot 10 min old yet
    expect(await burnHealth()).toEqual([]);
    expect((await ledger.get(seeded!.fingerprint))?.status).toBe('firing');
    expect((await ledger.checkRuns('burn_rate', 1))[0]?.status).toBe('ok');
  }, 120_000);
});
