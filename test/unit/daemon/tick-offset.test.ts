import { describe, expect, it } from 'vitest';
import { DEFAULT_DAEMON_CONFIG } from '../../../src/daemon/daemon-config.js';
import { accountPhase, tickOffsetMs } from '../../../src/daemon/tick-offset.js';

const ACCOUNTS = Array.from({ length: 200 }, (_, i) => `acct-${String(i).padStart(3, '0')}`);
const EVERY_15S = '*/15 * * * * *';
const DAILY = DEFAULT_DAEMON_CONFIG.warehouseLoop;

describe('tickOffsetMs', () => {
  it('does keep the ticks exactly (offset 0) when the daemon watches one account', () => {
    expect(tickOffsetMs('prod', 1, [EVERY_15S, DAILY], 'UTC')).toBe(0);
  });

  it('does give each account the same offset every time, under the shortest gap of its loops', () => {
    const offsets = ACCOUNTS.map((a) => tickOffsetMs(a, ACCOUNTS.length, [EVERY_15S, DAILY], 'UTC'));
    expect(ACCOUNTS.map((a) => tickOffsetMs(a, ACCOUNTS.length, [EVERY_15S, DAILY], 'UTC'))).toEqual(offsets);
    expect(offsets.every((o) => Number.isInteger(o) && o >= 0 && o < 15_000)).toBe(true);
    expect(tickOffsetMs('prod', 2, [DEFAULT_DAEMON_CONFIG.freeLoop, DAILY], 'UTC')).toBe(Math.floor(accountPhase('prod') * 60_000));
    // A loop with uneven gaps (9:00 to 17:00 hourly on weekdays): under the shortest, an hour.
    expect(tickOffsetMs('prod', 2, ['0 9-17 * * 1-5'], 'UTC')).toBe(Math.floor(accountPhase('prod') * 3_600_000));
  });

  it('does spread 200 accounts over a 15 s cycle: no second of it starts more than twice its share', () => {
    const perSecond = new Array<number>(15).fill(0);
    for (const a of ACCOUNTS) {
      const second = Math.floor(tickOffsetMs(a, ACCOUNTS.length, [EVERY_15S, DAILY], 'UTC') / 1000);
      perSecond[second] = (perSecond[second] ?? 0) + 1;
    }
    console.log(`200 accounts' free-loop starts per second of a 15 s cycle: ${perSecond.join(' ')}`);
    expect(Math.max(...perSecond)).toBeLessThanOrEqual(Math.ceil((2 * 200) / 15));
    expect(Math.min(...perSecond)).toBeGreaterThan(0);
  });
});
