import { describe, expect, it } from 'vitest';
import { rendezvousOwner, rendezvousScore } from '../../../src/daemon/rendezvous-owner.js';

const ACCOUNTS = Array.from({ length: 200 }, (_, i) => `account-${i}`);
const spread = (replicas: readonly string[]): Map<string, number> => {
  const counts = new Map(replicas.map((r) => [r, 0]));
  for (const a of ACCOUNTS) {
    const owner = rendezvousOwner(a, replicas) ?? '';
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  return counts;
};

describe('rendezvousOwner', () => {
  it('does pick the same owner whatever order the replicas are listed in, and none from no replicas', () => {
    for (const a of ACCOUNTS.slice(0, 20)) expect(rendezvousOwner(a, ['r1', 'r2', 'r3'])).toBe(rendezvousOwner(a, ['r3', 'r1', 'r2']));
    expect(rendezvousOwner('prod', [])).toBeUndefined();
    expect(rendezvousScore('prod', 'r1')).not.toBe(rendezvousScore('prod', 'r2'));
  });

  it('does spread 200 accounts over 3 replicas within 20 % of even', () => {
    const counts = [...spread(['snowmon-0', 'snowmon-1', 'snowmon-2']).values()];
    expect(counts.reduce((s, n) => s + n, 0)).toBe(200);
    for (const n of counts) expect(Math.abs(n - 200 / 3)).toBeLessThan((200 / 3) * 0.2);
  });

  it('does move only the accounts the joining replica wins, and only the leaving replica’s accounts', () => {
    const three = ['snowmon-0', 'snowmon-1', 'snowmon-2'];
    const four = [...three, 'snowmon-3'];
    const moved = ACCOUNTS.filter((a) => rendezvousOwner(a, three) !== rendezvousOwner(a, four));
    expect(moved.every((a) => rendezvousOwner(a, four) === 'snowmon-3')).toBe(true);
    expect(Math.abs(moved.length - 50)).toBeLessThan(15);
    const two = ['snowmon-0', 'snowmon-2'];
    const left = ACCOUNTS.filter((a) => rendezvousOwner(a, three) !== rendezvousOwner(a, two));
    expect(left.every((a) => rendezvousOwner(a, three) === 'snowmon-1')).toBe(true);
  });
});
