import { describe, expect, it } from 'vitest';
import { decideReadiness } from '../../../src/daemon/readiness.js';

const now = new Date('2026-11-22T12:00:00Z');
const startedAt = new Date('2026-11-22T11:00:00Z');
const base = { store: { ok: true as const }, startedAt, maxCycleAgeMs: 3 * 60_000 };

describe('decideReadiness', () => {
  it('does report ready when the store answers and the last cycle is recent', () => {
    expect(decideReadiness({ ...base, lastCycleAt: new Date('2026-11-22T11:58:30Z') }, now)).toEqual({
      ready: true,
      details: { last_cycle_at: '2026-11-22T11:58:30.000Z' },
    });
  });

  it('does report not ready with the age when the last cycle is stale', () => {
    expect(decideReadiness({ ...base, lastCycleAt: new Date('2026-11-22T11:46:00Z') }, now)).toMatchObject({
      ready: false,
      reason: 'last cycle finished 14 min ago (limit 3 min)',
    });
  });

  it('does report not ready when the store is unreachable, whatever the cycles', () => {
    expect(decideReadiness({ ...base, store: { ok: false, error: 'connect ECONNREFUSED 127.0.0.1:5432' }, lastCycleAt: now }, now)).toMatchObject({
      ready: false,
      reason: 'store unreachable: connect ECONNREFUSED 127.0.0.1:5432',
    });
  });

  it('does give a new daemon until the limit for its first cycle, then report it missing', () => {
    expect(decideReadiness({ ...base, lastCycleAt: undefined, startedAt: new Date('2026-11-22T11:58:00Z') }, now).ready).toBe(true);
    expect(decideReadiness({ ...base, lastCycleAt: undefined }, now)).toMatchObject({
      ready: false,
      reason: 'no cycle has finished in the 60 min since start (limit 3 min)',
    });
  });

  it('does report a standby ready without cycles when the store answers', () => {
    expect(decideReadiness({ ...base, lastCycleAt: undefined, leader: false }, now)).toEqual({
      ready: true,
      details: { last_cycle_at: null, role: 'standby' },
    });
  });

  it('does report a fleet replica holding no account ready without cycles, and one holding some by its cycles', () => {
    expect(decideReadiness({ ...base, lastCycleAt: undefined, accountsHeld: 0 }, now)).toEqual({
      ready: true,
      details: { last_cycle_at: null, accounts_held: 0 },
    });
    expect(decideReadiness({ ...base, lastCycleAt: undefined, accountsHeld: 3 }, now)).toMatchObject({ ready: false, details: { accounts_held: 3 } });
  });
});
