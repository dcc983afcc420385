import { describe, expect, it } from 'vitest';
import { decomposeTakeover, describeTakeover, firstClaimAfter, worstParts, type LeaseSnapshots } from '../../../bench/fleet/takeover.js';

const TTL = 30_000;
const CYCLE = 60_000;
const KILL = 1_000_000;

describe('firstClaimAfter', () => {
  it('does take the first snapshot after the kill where another owner holds the account, its claim at expiry less the TTL', () => {
    const snapshots: LeaseSnapshots = [
      [KILL - 1000, new Map([['a', { owner: 'h:1:x', token: 1, expiresAt: KILL + 25_000 }]])],
      [KILL + 20_000, new Map([['a', { owner: 'h:1:x', token: 1, expiresAt: KILL + 25_000 }]])],
      [KILL + 29_000, new Map([['a', { owner: 'h:2:y', token: 2, expiresAt: KILL + 28_000 + TTL }]])],
      [KILL + 40_000, new Map([['a', { owner: 'h:2:y', token: 2, expiresAt: KILL + 38_000 + TTL }]])],
    ];
    expect(firstClaimAfter(snapshots, 'a', 'h:1:x', KILL, TTL)).toEqual({ at: KILL + 28_000, owner: 'h:2:y' });
    expect(firstClaimAfter(snapshots, 'b', 'h:1:x', KILL, TTL)).toBeUndefined();
    expect(firstClaimAfter(snapshots.slice(0, 2), 'a', 'h:1:x', KILL, TTL)).toBeUndefined();
  });
});

describe('decomposeTakeover', () => {
  it('does cut the gap into before the kill, TTL wait, notice and start, which add up to it', () => {
    // Last stored run 75 s before the kill (one tick unstored), last renewal 4 s before it, claimed 6 s after the lapse.
    const gap = { account: 'a', from: KILL - 75_000, to: KILL + 32_500, ms: 107_500, open: false };
    const t = decomposeTakeover({
      gap,
      killAt: KILL,
      cycleMs: CYCLE,
      ttlMs: TTL,
      leaseAtKill: { owner: 'h:1:x', token: 1, expiresAt: KILL + 26_000 },
      heartbeatAtKill: KILL - 4000,
      claimed: { at: KILL + 32_000, owner: 'r2' },
    });
    expect(t).toMatchObject({ beforeKillMs: 75_000, storageLagMs: 15_000, lastRenewal: KILL - 4000, ttlWaitMs: 26_000, noticeMs: 6000, startMs: 500 });
    expect((t.beforeKillMs ?? 0) + (t.ttlWaitMs ?? 0) + (t.noticeMs ?? 0) + (t.startMs ?? 0)).toBe(gap.ms);
    expect(describeTakeover(t)).toEqual([
      "a: last stored run −75.0 s, kill 0, dead replica's last lease renewal −4.0 s (heartbeat −4.0 s), lease lapsed +26.0 s, claimed by r2 +32.0 s, first run +32.5 s",
      'gap 107.5 s = 75.0 s before the kill (storage lag beyond one cycle 15.0 s) + 26.0 s TTL wait + 6.0 s notice + 0.5 s to the first run',
    ]);
  });

  it('does leave unknown what the leases or an open gap do not tell, and take the largest part over several', () => {
    const open = decomposeTakeover({
      gap: { account: 'b', from: KILL - 10_000, to: KILL + 90_000, ms: 100_000, open: true },
      killAt: KILL,
      cycleMs: CYCLE,
      ttlMs: TTL,
    });
    expect(open).toMatchObject({ beforeKillMs: 10_000, storageLagMs: 0 });
    expect(open.noticeMs).toBeUndefined();
    expect(open.firstRun).toBeUndefined();
    expect(describeTakeover(open)[1]).toBe(
      'gap 100.0 s (still open) = 10.0 s before the kill (storage lag beyond one cycle 0.0 s) + ? TTL wait + ? notice + ? to the first run',
    );
    const closed = decomposeTakeover({
      gap: { account: 'c', from: KILL - 70_000, to: KILL + 31_000, ms: 101_000, open: false },
      killAt: KILL,
      cycleMs: CYCLE,
      ttlMs: TTL,
      leaseAtKill: { owner: 'h:1:x', token: 1, expiresAt: KILL + 20_000 },
      claimed: { at: KILL + 30_000, owner: 'r3' },
    });
    expect(worstParts([open, closed])).toEqual({ storageLagMs: 10_000, ttlWaitMs: 20_000, noticeMs: 10_000, startMs: 1000 });
  });
});
