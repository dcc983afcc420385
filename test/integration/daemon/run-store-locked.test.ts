/**
 * The store held locked by another writer: the daemon's cycle cannot be stored, says so loudly (a fatal
 * log line), sends its monitor_health alert about the store straight to the receivers it routes to (it
 * cannot be stored), and the next cycle after the lock is released is stored as usual, the missed alerts
 * included, and resolves that alert.
 */

import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { startHarness, type Harness } from './run-harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('snowmon run with the store locked', () => {
  it('does log and announce that the store is unwritable, then store the next cycle and resolve it once the lock is gone', async () => {
    const file = join(h.folder, 'alerts.db');
    const locker = new BetterSqlite3(file);
    locker.pragma('busy_timeout = 0');
    locker.exec('BEGIN IMMEDIATE'); // holds the write lock
    let record;
    try {
      record = await h.daemon.runFreeCycle(h.clock.now());
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect(record).toBeUndefined();
    const fatal = h.logs.find((l) => l['level'] === 60);
    expect(fatal?.['msg']).toMatch(/the store is unwritable: .*the monitor_health alert about the store goes to its receivers directly/);
    expect(fatal?.['component']).toBe('store');
    expect(String(fatal?.['error'])).toMatch(/locked|busy/i);
    // The health route's console receiver got the outage, sent directly (nothing could be stored).
    const outage = h.console.filter((text) => text.includes('snowmon cannot write its alert store'));
    expect(outage).toHaveLength(1);
    expect(outage[0]).toContain('[CRITICAL]');
    const sentBefore = h.console.length;

    h.clock.advance(60_000);
    const next = await h.daemon.runFreeCycle(h.clock.now());
    expect(next?.outcomes.find((o) => o.name === 'resource_monitors')?.status).toBe('ok');
    const resolved = h.console.slice(sentBefore).filter((text) => text.includes('snowmon cannot write its alert store'));
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toContain('[RESOLVED]');
    const db = await openDatabase(`sqlite:${file}`);
    try {
      const ledger = new AlertLedger(db);
      expect((await ledger.active()).some((a) => a.check === 'resource_monitors')).toBe(true);
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
