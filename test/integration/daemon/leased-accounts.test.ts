import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeasedAccounts, PRUNE_EVERY_MS, takeoverMessage, type Takeover } from '../../../src/daemon/leased-accounts.js';
import { claimMarginMs } from '../../../src/daemon/next-lease-round.js';
import { desiredOwners } from '../../../src/daemon/rendezvous-owner.js';
import { AccountLeaseStore, type AccountLease } from '../../../src/ledger/account-lease-store.js';
import type { Database } from '../../../src/ledger/database.js';
import { DIALECTS, type TestStore } from '../ledger/dialects.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres');
const sqlite = DIALECTS.find((d) => d.name === 'sqlite');
const TTL = 30_000;
const ROUND = TTL / 3;
const ACCOUNTS = Array.from({ length: 200 }, (_, i) => `acct-${String(i).padStart(3, '0')}`);

/** Several replicas on one store, each with its own handle, all reading one fake clock. */
class Fleet {
  clock = new Date('2026-12-04T10:00:00.000Z');
  readonly replicas = new Map<string, LeasedAccounts>();
  readonly handles = new Map<string, Kysely<Database>>();
  readonly errors: string[] = [];
  /** What each replica said it took from another (`owner` took it). */
  readonly takeovers: (Takeover & { readonly by: string })[] = [];
  /** Every (account, owner, token) the store showed after a round, in order. */
  readonly history = new Map<string, { owner: string | null; token: bigint }[]>();
  constructor(
    private readonly store: TestStore,
    private readonly accounts: readonly string[],
  ) {}

  async add(owner: string): Promise<LeasedAccounts> {
    const db: Kysely<Database> = await this.store.openAnother();
    this.handles.set(owner, db);
    const replica = new LeasedAccounts({
      store: new AccountLeaseStore(db),
      accounts: this.accounts,
      owner,
      ttlMs: TTL,
      now: () => this.clock,
      autoRenew: false,
      onError: (m) => this.errors.push(`${owner}: ${m}`),
      onTakeover: (t) => this.takeovers.push({ ...t, by: owner }),
    });
    this.replicas.set(owner, replica);
    await replica.start();
    return replica;
  }

  advance(ms: number): void {
    this.clock = new Date(this.clock.getTime() + ms);
  }

  /** One round of each named replica (default all), in order, then the clock moves one round on. */
  async round(owners: readonly string[] = [...this.replicas.keys()]): Promise<void> {
    for (const owner of owners) await this.replicas.get(owner)?.round();
    await this.record();
    this.advance(ROUND);
  }

  async leases(): Promise<AccountLease[]> {
    return new AccountLeaseStore(this.store.db).list();
  }

  /** Who holds each account now, by the store, counting a lapsed lease as nobody's. */
  async owners(): Promise<Map<string, string | null>> {
    return new Map((await this.leases()).map((l) => [l.account, l.expiresAt > this.clock ? l.owner : null]));
  }

  async record(): Promise<void> {
    for (const lease of await this.leases()) {
      const seen = this.history.get(lease.account) ?? [];
      const last = seen.at(-1);
      if (last?.owner !== lease.owner || last.token !== lease.token) seen.push({ owner: lease.owner, token: lease.token });
      this.history.set(lease.account, seen);
    }
  }

  /** Held sets by replica, from each replica's own view. */
  held(): Map<string, ReadonlyMap<string, bigint>> {
    return new Map([...this.replicas].map(([owner, r]) => [owner, r.held()]));
  }
}

function expectTokensGrowOnEveryNewOwner(fleet: Fleet): void {
  for (const [account, seen] of fleet.history) {
    for (let i = 1; i < seen.length; i++) {
      const [before, after] = [seen[i - 1], seen[i]];
      if (before === undefined || after === undefined) continue;
      expect(after.token >= before.token, `${account}: token went from ${before.token} to ${after.token}`).toBe(true);
      if (after.owner !== null && after.owner !== before.owner) expect(after.token > before.token, `${account}: new owner, same token`).toBe(true);
    }
  }
}

function moved(before: ReadonlyMap<string, string | null>, after: ReadonlyMap<string, string | null>): string[] {
  return [...after].filter(([a, owner]) => before.get(a) !== owner).map(([a]) => a);
}

describe('LeasedAccounts on Postgres (several replicas, one store, a fake clock)', () => {
  if (postgres === undefined || postgres.skip !== undefined) {
    it.skip(postgres?.skip ?? 'no Postgres dialect', () => {});
    return;
  }
  let store: TestStore;
  let fleet: Fleet;
  beforeEach(async () => {
    store = await postgres.open();
    fleet = new Fleet(store, ACCOUNTS);
  });
  afterEach(async () => {
    await store.close();
  });

  const startThree = async (): Promise<void> => {
    for (const owner of ['snowmon-0', 'snowmon-1', 'snowmon-2']) await fleet.add(owner);
    await fleet.round();
    await fleet.round();
  };

  it('does spread 200 accounts over 3 replicas evenly, each held by its desired owner and by nobody else', async () => {
    await startThree();
    const owners = await fleet.owners();
    const counts = new Map<string, number>();
    const desired = desiredOwners(ACCOUNTS, ['snowmon-0', 'snowmon-1', 'snowmon-2']);
    for (const [account, owner] of owners) {
      expect(owner).toBe(desired.get(account));
      counts.set(owner ?? '', (counts.get(owner ?? '') ?? 0) + 1);
    }
    console.log(`spread of 200 accounts over 3 replicas: ${JSON.stringify(Object.fromEntries(counts))}`);
    expect([...counts.values()].sort()).toEqual([66, 67, 67]); // plain rendezvous: 58/78/64 in the bench
    const held = fleet.held();
    expect([...held.values()].reduce((s, h) => s + h.size, 0)).toBe(200);
    for (const [owner, h] of held) expect(h.size).toBe(counts.get(owner));
    expect(fleet.errors).toEqual([]);
    expectTokensGrowOnEveryNewOwner(fleet);
  });

  it('does hand the accounts of a replica that stopped heartbeating to the others within the ttl and one round', async () => {
    await startThree();
    const before = await fleet.owners();
    const orphaned = [...before].filter(([, o]) => o === 'snowmon-2').map(([a]) => a);
    const diedAt = fleet.clock.getTime() - ROUND; // its last round
    let watchedAgainAt: number | undefined;
    for (let i = 0; i < 6 && watchedAgainAt === undefined; i++) {
      await fleet.round(['snowmon-0', 'snowmon-1']);
      const owners = await fleet.owners();
      if (orphaned.every((a) => owners.get(a) === 'snowmon-0' || owners.get(a) === 'snowmon-1')) watchedAgainAt = fleet.clock.getTime() - ROUND;
    }
    expect(watchedAgainAt).toBeDefined();
    const gap = (watchedAgainAt ?? 0) - diedAt;
    console.log(`${orphaned.length} accounts of a stopped replica watched again after ${gap / 1000} s (ttl ${TTL / 1000} s, round ${ROUND / 1000} s)`);
    expect(gap).toBeLessThanOrEqual(TTL + ROUND);
    const after = await fleet.owners();
    // Loads bounded, a few of the survivors' accounts may move between them too: all end at their desired owner.
    expect(moved(before, after)).toEqual(expect.arrayContaining(orphaned));
    const desired = desiredOwners(ACCOUNTS, ['snowmon-0', 'snowmon-1']);
    for (const [a, o] of after) expect(o).toBe(desired.get(a));
    expectTokensGrowOnEveryNewOwner(fleet);
  });

  it('does claim a killed replica’s accounts right when its heartbeat and leases lapse, not at the next regular round', async () => {
    await startThree();
    // snowmon-2's last round comes half a round after the others', then it is killed: nothing released.
    fleet.advance(-ROUND / 2);
    await fleet.replicas.get('snowmon-2')?.round();
    const diedAt = fleet.clock.getTime();
    fleet.replicas.delete('snowmon-2');
    const before = await fleet.owners();
    const orphaned = [...before].filter(([, o]) => o === 'snowmon-2').map(([a]) => a);
    const survivors = [...fleet.replicas.values()];
    const desired = desiredOwners(ACCOUNTS, ['snowmon-0', 'snowmon-1']);
    let watchedAgainAt: number | undefined;
    const rounds: number[] = [];
    for (let i = 0; i < 12 && watchedAgainAt === undefined; i++) {
      // The clock jumps to the earliest round any survivor asked for; those due run it.
      const due = Math.min(...survivors.map((r) => r.nextRoundAt().getTime()));
      fleet.clock = new Date(due);
      for (const r of survivors) if (r.nextRoundAt().getTime() <= due) await r.round();
      rounds.push(due - diedAt);
      const owners = await fleet.owners();
      if (orphaned.every((a) => owners.get(a) === desired.get(a))) watchedAgainAt = due;
    }
    const gap = (watchedAgainAt ?? Infinity) - diedAt;
    console.log(`${orphaned.length} accounts of a killed replica claimed ${gap} ms after its last renewal (ttl ${TTL} ms); rounds at ${rounds.join(', ')} ms`);
    expect(gap).toBe(TTL + claimMarginMs(TTL)); // the regular rounds came at 5 s, 15 s, 25 s, 35 s: 35 s without claim-at-expiry
    expect(rounds.slice(0, 3)).toEqual([ROUND / 2, ROUND * 1.5, ROUND * 2.5]);
    expect(moved(before, await fleet.owners())).toEqual(expect.arrayContaining(orphaned));
    expect(fleet.errors).toEqual([]);
    expectTokensGrowOnEveryNewOwner(fleet);
  });

  it('does tell, for each account of a killed replica it takes, whose lease it was and how long ago it lapsed', async () => {
    await startThree();
    expect(fleet.takeovers).toEqual([]); // free accounts at start: taken from nobody
    const lastRenewal = fleet.clock.getTime() - ROUND;
    fleet.replicas.delete('snowmon-2');
    const orphaned = [...(await fleet.owners())].filter(([, o]) => o === 'snowmon-2').map(([a]) => a);
    for (let i = 0; i < 5; i++) await fleet.round(['snowmon-0', 'snowmon-1']);
    const taken = fleet.takeovers.filter((t) => t.from === 'snowmon-2');
    expect(taken.map((t) => t.account).sort()).toEqual([...orphaned].sort());
    // Taken at the first round past the lapse (last renewal + ttl): rounds every ttl/3 here, so within one.
    for (const t of taken) expect(t.lapsedMs).toBeGreaterThanOrEqual(0);
    for (const t of taken) expect(t.lapsedMs).toBeLessThan(ROUND);
    expect(new Set(taken.map((t) => t.lapsedMs)).size).toBe(1);
    const first = taken[0] as Takeover;
    expect(lastRenewal + TTL + first.lapsedMs).toBeLessThanOrEqual(fleet.clock.getTime());
    expect(takeoverMessage({ account: 'prod', from: 'r1', lapsedMs: 120 })).toBe('took account prod from r1 (lease lapsed 0.1 s ago)');
    // Accounts moving between live replicas are released first: taken from nobody.
    expect(fleet.takeovers.filter((t) => t.from !== 'snowmon-2')).toEqual([]);
  });

  it('does delete replicas rows a day without heartbeat at its first round, then at most once an hour', async () => {
    const leases = new AccountLeaseStore(store.db);
    const hour = 3_600_000;
    await leases.heartbeat('killed-2-days-ago', new Date(fleet.clock.getTime() - 48 * hour));
    await leases.heartbeat('killed-an-hour-ago', new Date(fleet.clock.getTime() - hour));
    const rows = async () => (await store.db.selectFrom('replicas').select('owner').orderBy('owner').execute()).map((r) => r.owner);
    await fleet.add('snowmon-0');
    expect(await rows()).toEqual(['killed-an-hour-ago', 'snowmon-0']);
    await leases.heartbeat('killed-3-days-ago', new Date(fleet.clock.getTime() - 72 * hour));
    fleet.advance(PRUNE_EVERY_MS - 1);
    await fleet.round();
    expect(await rows()).toEqual(['killed-3-days-ago', 'killed-an-hour-ago', 'snowmon-0']);
    fleet.advance(1 - ROUND);
    await fleet.round();
    expect(await rows()).toEqual(['killed-an-hour-ago', 'snowmon-0']);
    expect(fleet.errors).toEqual([]);
  });

  it('does move to a joining replica a quarter of the accounts, and few others between the rest', async () => {
    await startThree();
    const before = await fleet.owners();
    await fleet.add('snowmon-3');
    await fleet.round();
    await fleet.round();
    const after = await fleet.owners();
    const shifted = moved(before, after);
    const joined = shifted.filter((a) => after.get(a) === 'snowmon-3');
    console.log(`a 4th replica joining 3 took ${joined.length} of 200 accounts; ${shifted.length - joined.length} moved between the others`);
    expect(joined.length).toBe(50);
    expect(shifted.length - joined.length).toBeLessThan(15);
    const desired = desiredOwners(ACCOUNTS, ['snowmon-0', 'snowmon-1', 'snowmon-2', 'snowmon-3']);
    for (const [a, o] of after) expect(o).toBe(desired.get(a));
    expect([...after.values()].every((o) => o !== null)).toBe(true);
    expectTokensGrowOnEveryNewOwner(fleet);
  });

  it('does tell a replica whose accounts were taken while it was cut off that it lost them, then give back what it is desired for', async () => {
    const few = ACCOUNTS.slice(0, 12);
    fleet = new Fleet(store, few);
    const a = await fleet.add('a');
    const b = await fleet.add('b');
    const changes: string[] = [];
    a.onChange((gained, lost) => changes.push(`+${gained.length} -${lost.length}`));
    await fleet.round();
    await fleet.round();
    changes.length = 0;
    const ofA = [...a.held().keys()];
    expect(ofA.length).toBeGreaterThan(0);
    for (let i = 0; i < 4; i++) await fleet.round(['b']); // a cut off for 40 s
    expect(a.held().size).toBe(0); // its renewal is older than the ttl: it no longer counts them as held
    expect([...b.held().keys()].sort()).toEqual([...few].sort());
    await fleet.round();
    await fleet.round();
    expect([...a.held().keys()].sort()).toEqual([...ofA].sort());
    expect(changes).toEqual([`+0 -${ofA.length}`, `+${ofA.length} -0`]);
    expectTokensGrowOnEveryNewOwner(fleet);
  });

  it('does keep its accounts while the store fails until their leases would lapse, then count them lost', async () => {
    const a = await fleet.add('a');
    const lost: string[] = [];
    a.onChange((_, l) => lost.push(...l));
    await fleet.round();
    await fleet.handles.get('a')?.destroy(); // its connection to the store is gone
    await fleet.round(); // 10 s after the last renewal
    expect(a.held().size).toBe(200);
    expect(fleet.errors[0]).toMatch(/^a: account leases not renewed: /);
    expect(lost).toHaveLength(0);
    await fleet.round(); // 20 s; the clock is now at the leases' end
    expect(a.held().size).toBe(0);
    await fleet.round(); // 30 s: the failed round reports them lost
    expect(lost).toHaveLength(200);
    expect(fleet.errors).toHaveLength(3);
  });

  it('does give up an account removed from its list and take one added, keeping the others as they were', async () => {
    const few = ACCOUNTS.slice(0, 6);
    fleet = new Fleet(store, few);
    const a = await fleet.add('a');
    const changes: string[] = [];
    a.onChange((gained, lost) => changes.push(`+${gained.join(',')} -${lost.join(',')}`));
    const tokens = new Map(a.held());
    expect(tokens.size).toBe(6);
    await a.setAccounts([...few.slice(1), 'acct-new']);
    expect(changes).toEqual([`+acct-new -${few[0]}`]);
    const leases = new Map((await fleet.leases()).map((l) => [l.account, l]));
    expect(leases.get(few[0] ?? '')?.owner).toBeNull(); // free at once for whoever still has it configured
    expect(leases.get('acct-new')?.owner).toBe('a');
    for (const account of few.slice(1)) expect(a.held().get(account)).toBe(tokens.get(account));
    await a.stop();
    expect((await fleet.leases()).filter((l) => l.owner !== null)).toEqual([]);
  });

  it('does release every account it holds on stop, so the others take them at their next round', async () => {
    await startThree();
    const lost: string[] = [];
    const two = fleet.replicas.get('snowmon-2');
    two?.onChange((_, l) => lost.push(...l));
    const count = two?.held().size ?? 0;
    await two?.stop();
    fleet.replicas.delete('snowmon-2');
    expect(lost).toHaveLength(count);
    await fleet.round();
    expect([...(await fleet.owners()).values()].filter((o) => o === null || o === 'snowmon-2')).toEqual([]);
  });
});

describe('LeasedAccounts on its own timer (SQLite, fake timers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does run its next round right after a silent replica’s leases lapse, then go back to every ttl/3', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-04T10:00:00.000Z'), toFake: ['Date', 'setTimeout', 'clearTimeout'] });
    const store = await (sqlite as NonNullable<typeof sqlite>).open();
    const few = ACCOUNTS.slice(0, 30);
    const replica = (owner: string, autoRenew: boolean): LeasedAccounts =>
      new LeasedAccounts({ store: new AccountLeaseStore(store.db), accounts: few, owner, ttlMs: TTL, autoRenew });
    try {
      const a = replica('a', true);
      const b = replica('b', false); // rounds only when the test says: silent after its second
      await a.start();
      await b.start();
      await vi.advanceTimersByTimeAsync(ROUND * 1.5); // a's round at 10 s gave up the accounts b is desired for
      await b.round(); // b takes them, 15 s into the run: its last renewal
      const ofB = [...b.held().keys()];
      expect(ofB.length).toBeGreaterThan(0);
      const silentAt = Date.now();
      const gained: number[] = [];
      a.onChange((g) => {
        if (g.length > 0) gained.push(Date.now() - silentAt);
      });
      await vi.advanceTimersByTimeAsync(TTL + claimMarginMs(TTL) - 1);
      expect([...a.held().keys()].filter((k) => ofB.includes(k))).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(gained).toEqual([TTL + claimMarginMs(TTL)]);
      expect(a.held().size).toBe(few.length);
      expect(a.nextRoundAt().getTime() - Date.now()).toBe(ROUND);
      await a.stop();
    } finally {
      await store.close();
    }
  });
});
