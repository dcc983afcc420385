/**
 * Faults aimed at one served account (`faults.account(name)`), with the real snowflake-sdk: that account's
 * logins, requests and statements meet them while the other accounts answer as usual.
 */
import type { Connection } from 'snowflake-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator } from '../../../src/emulator/start-emulator.js';
import type { RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { connect, connectionOptions, destroy, execute } from './driver.js';

let emu: RunningEmulator;
let prod: Connection;
let staging: Connection;
const to = (accountName: string) => connectionOptions({ url: emu.url, accountName });

beforeAll(async () => {
  emu = await startEmulator({ clock: new FrozenClock('2026-11-20T15:00:00Z'), scenario: { days: 30, queryHistoryRows: 1000 }, accounts: ['prod', 'staging'] });
  prod = await connect(to('prod'));
  staging = await connect(to('staging'));
});
afterEach(() => emu.faults.reset());
afterAll(async () => {
  for (const c of [prod, staging]) if (c) await destroy(c);
  await emu?.stop();
});

describe('faults of one account', () => {
  it('does take one account down (refused logins and requests) while the other answers, and bring it back', async () => {
    emu.faults.account('STAGING').setOutage('refuse');
    await expect(connect(to('staging'))).rejects.toMatchObject({ name: 'NetworkError' });
    expect((await execute(prod, 'SELECT CURRENT_ACCOUNT() AS a')).rows).toEqual([{ A: 'PROD' }]);
    const fresh = await connect(to('prod'));
    await destroy(fresh);
    const pending = execute(staging, 'SELECT 1 AS during_outage');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(emu.statements.filter((s) => s.sql === 'SELECT 1 AS during_outage')).toHaveLength(0);
    emu.faults.account('staging').setOutage('off');
    expect((await pending).rows).toEqual([{ DURING_OUTAGE: 1 }]);
  });

  it('does fail the account statements only, leaving the same statement elsewhere alone', async () => {
    emu.faults.account('prod').failNext(1, { code: '000625', sqlState: '57014', message: 'injected in prod' });
    expect((await execute(staging, 'SELECT 1 AS one')).rows).toEqual([{ ONE: 1 }]);
    await expect(execute(prod, 'SELECT 1 AS one')).rejects.toMatchObject({ code: '000625', message: 'injected in prod' });
    expect((await execute(prod, 'SELECT 1 AS one')).rows).toEqual([{ ONE: 1 }]);
  });

  it('does expire the account sessions only (the driver renews them) and drop its requests only', async () => {
    emu.faults.account('staging').expireAllTokens();
    expect((await execute(staging, 'SELECT 2 AS renewed')).rows).toEqual([{ RENEWED: 2 }]);
    emu.faults.account('staging').dropConnections(1);
    expect((await execute(prod, 'SELECT 3 AS untouched')).rows).toEqual([{ UNTOUCHED: 3 }]);
    expect(emu.faults.account('staging').pendingDrops).toBe(1);
    expect((await execute(staging, 'SELECT 4 AS retried')).rows).toEqual([{ RETRIED: 4 }]);
    expect(emu.faults.account('staging').pendingDrops).toBe(0);
  });

  it('does add both the emulator-wide and the account latency, and clear the account faults on reset', async () => {
    emu.faults.account('staging').setLatency(250);
    emu.faults.setLatency(100);
    expect(emu.faults.for('prod').latencyMs).toBe(100);
    const started = performance.now();
    await execute(staging, 'SELECT 1 AS slow');
    expect(performance.now() - started).toBeGreaterThanOrEqual(340);
    emu.faults.reset();
    expect(emu.faults.for('staging').latencyMs).toBe(0);
  });

  it('does refuse faults for an account the emulator does not serve', () => {
    expect(() => emu.faults.account('dev')).toThrow('the emulator does not serve account "dev"');
  });
});
