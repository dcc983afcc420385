import { describe, expect, it } from 'vitest';
import { latestMissedTick, MAX_CATCH_UP_MS } from '../../../src/daemon/missed-tick.js';

const DAILY = '0 6 * * *';
const at = (iso: string): Date => new Date(iso);

describe('latestMissedTick', () => {
  it('does return the tick the daemon slept through when it restarts after it', () => {
    expect(latestMissedTick(DAILY, 'UTC', at('2026-11-19T06:00:04Z'), at('2026-11-20T07:30:00Z'))).toEqual(at('2026-11-20T06:00:00Z'));
  });

  it('does return nothing when the last run came after the latest tick', () => {
    expect(latestMissedTick(DAILY, 'UTC', at('2026-11-20T06:00:02Z'), at('2026-11-20T23:59:00Z'))).toBeUndefined();
  });

  it("does return nothing before the day's tick and when the job never ran", () => {
    expect(latestMissedTick(DAILY, 'UTC', at('2026-11-19T06:00:02Z'), at('2026-11-20T05:59:59Z'))).toBeUndefined();
    expect(latestMissedTick(DAILY, 'UTC', undefined, at('2026-11-20T07:00:00Z'))).toBeUndefined();
  });

  it('does return only the latest of several missed ticks (caught up once)', () => {
    expect(latestMissedTick('0 * * * *', 'UTC', at('2026-11-20T01:00:01Z'), at('2026-11-20T04:20:00Z'))).toEqual(at('2026-11-20T04:00:00Z'));
  });

  it("does read the expression in the daemon's zone", () => {
    // 06:00 in New York is 11:00 UTC in November.
    expect(latestMissedTick(DAILY, 'America/New_York', at('2026-11-19T11:00:05Z'), at('2026-11-20T10:59:00Z'))).toBeUndefined();
    expect(latestMissedTick(DAILY, 'America/New_York', at('2026-11-19T11:00:05Z'), at('2026-11-20T11:01:00Z'))).toEqual(at('2026-11-20T11:00:00Z'));
  });

  it('does not look back further than a week', () => {
    const now = at('2026-11-20T07:00:00Z');
    const monthly = '0 6 1 * *';
    expect(latestMissedTick(monthly, 'UTC', at('2026-10-01T06:00:05Z'), now)).toBeUndefined();
    expect(now.getTime() - at('2026-11-01T06:00:00Z').getTime()).toBeGreaterThan(MAX_CATCH_UP_MS);
  });
});
