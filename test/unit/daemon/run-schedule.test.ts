/**
 * The daemon's cron wiring under fake timers: `runDaemon` with schedules on runs a free cycle at start and
 * on every minute, and the warehouse loop at 06:00, each recorded in the (temp SQLite) store. Snowflake is
 * a connection factory that refuses, so every cycle is cheap and recorded as failed; the test reads the
 * check runs back from the store, and the console receiver shows the delivery timer at work.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../../src/cli/load-config.js';
import { Secret } from '../../../src/config/secret.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { tickOffsetMs } from '../../../src/daemon/tick-offset.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { SnowflakeError } from '../../../src/sources/snowflake-client.js';
import type { RunConfig } from '../../../src/daemon/run-config.js';

const T0 = new Date('2026-11-22T05:57:30.000Z');

afterEach(() => {
  vi.useRealTimers();
});

/**
 * Runs the daemon under fake timers from T0 for three minutes with `accounts` (none: the single-account
 * form), every login refused; each login is recorded in `connects` by `stamp`. Returns the config.
 */
async function runThreeMinutes(
  accounts: readonly string[],
  stamp: (account: string) => string,
  connects: string[],
  printed: string[] = [],
): Promise<{ config: RunConfig; folder: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'snowmon-schedule-'));
  writeFileSync(join(folder, 'routing.yaml'), 'version: 1\ntimezone: UTC\nreceivers:\n  out: { type: console }\nroutes:\n  - name: all\n    notify: [out]\n');
  const entries = accounts.length === 0 ? [] : ['accounts:', ...accounts.map((a) => `  - { name: ${a}, account: ${a}-acct }`)];
  writeFileSync(join(folder, 'snowmon.yaml'), [...entries, 'store:\n  url: sqlite:./s.db\nrouting:\n  file: ./routing.yaml\n'].join('\n'));
  const config = await loadConfig(join(folder, 'snowmon.yaml'), {});
  const routing = await loadRouting(config.routing.file, {});
  vi.useFakeTimers({ now: T0, toFake: ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate'] });
  const daemon = runDaemon(config, {
    routing,
    resolveSettings: async (_, account) => ({
      account: account.name,
      user: 'SNOWMON',
      authenticator: 'SNOWFLAKE',
      password: new Secret('p'),
      warehouse: 'SNOWMON_WH',
      statementTimeoutMs: 1000,
      loginTimeoutMs: 1000,
    }),
    connect: async (settings) => {
      connects.push(stamp(settings.account));
      throw new SnowflakeError('cannot reach snowflake: connection refused', undefined, undefined, 'network');
    },
    logger: createLogger({ level: 'silent' }),
    notifierDeps: { out: { write: (text: string) => printed.push(text) } },
    http: false,
  });
  await daemon.ready;
  await vi.advanceTimersByTimeAsync(100);
  await vi.advanceTimersByTimeAsync(3 * 60_000);
  const stopping = daemon.stop('test');
  await vi.advanceTimersByTimeAsync(1_000);
  await stopping;
  vi.useRealTimers();
  return { config, folder };
}

describe('runDaemon schedules', () => {
  it('does run the free loop at start and every minute and the warehouse loop at 06:00 when scheduled', async () => {
    const connects: string[] = [];
    const printed: string[] = [];
    const { folder } = await runThreeMinutes([], () => new Date().toISOString().slice(11, 19), connects, printed);

    // Start, 05:58, 05:59, 06:00 for the free loop; 06:00 once for the warehouse loop.
    expect(connects).toEqual(['05:57:30', '05:58:00', '05:59:00', '06:00:00', '06:00:00']);
    // The monitor_health alert fires at the second failed attempt (05:58), and the delivery timer (not
    // cron) sent it once its group_wait (30 s default) passed.
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/^── out · firing · Sun 22 Nov 05:58 UTC ──/);
    expect(printed[0]).toContain('snowmon cannot reach Snowflake since Sun 22 Nov 05:57 UTC (2 attempts)');
    const db = await openDatabase(`sqlite:${join(folder, 's.db')}`);
    try {
      const ledger = new AlertLedger(db);
      expect((await ledger.checkRuns('resource_monitors')).map((r) => r.status)).toEqual(['failed', 'failed', 'failed', 'failed']);
      expect((await ledger.checkRuns('credits_by_warehouse')).length).toBe(1);
      const health = (await ledger.active()).filter((a) => a.labels['alert_type'] === 'monitor_health');
      expect(health.map((a) => a.labels['component'])).toEqual(['snowflake']);
    } finally {
      await db.destroy();
    }
  });

  it('does run each of several accounts’ loops at its own offset after the tick, the same every minute', async () => {
    const connects: string[] = [];
    const { config } = await runThreeMinutes(['prod', 'dev'], (account) => `${account} ${new Date().toISOString().slice(11, 23)}`, connects);
    const { freeLoop, warehouseLoop } = config.daemon;
    const at = (name: string, minute: string): string => {
      const offset = tickOffsetMs(name, 2, [freeLoop, warehouseLoop], 'UTC');
      return `${name} ${new Date(Date.parse(`2026-11-22T${minute}:00.000Z`) + offset).toISOString().slice(11, 23)}`;
    };
    const offsets = ['prod', 'dev'].map((name) => tickOffsetMs(name, 2, [freeLoop, warehouseLoop], 'UTC'));
    expect(offsets[0]).not.toBe(offsets[1]);
    // The first cycle of each at start, then each minute (and the warehouse loop at 06:00) at its offset.
    const expected = ['prod', 'dev'].flatMap((name) => [
      `${name} 05:57:30.000`,
      ...['05:58', '05:59', '06:00', '06:00'].map((m) => at(name, m)).filter((line) => line.slice(-12) <= '06:00:30.100'),
    ]);
    console.log(`two accounts' connects: ${connects.join(', ')}`);
    expect([...connects].sort()).toEqual(expected.sort());
  });
});
