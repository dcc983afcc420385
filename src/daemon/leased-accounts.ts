/**
 * Fleet mode on Postgres: replicas share the configured accounts through `account_leases`. Every ttl/3
 * a replica heartbeats (publishing its `accounts:` list), works out which accounts it is the desired owner
 * of (rendezvous hashing with bounded loads, rendezvous-owner.ts, over the live replicas that list the
 * account, listed-owners.ts), releases the ones it holds and is no longer desired for, renews the ones it
 * keeps and claims the desired ones that are free or lapsed. An account another replica still holds is left to that
 * replica to release, so no two replicas fight over one; but when the lease or heartbeat in the way lapses
 * before the next regular round, a round comes right then (next-lease-round.ts). When the store stops
 * answering, the accounts count as lost once their leases would have lapsed. When the live replicas' lists
 * differ (a rollout), it warns once per change. Storage is `AccountLeaseStore`'s.
 */

import { scrubSecrets } from '../config/scrub-secrets.js';
import type { AccountLeaseStore } from '../ledger/account-lease-store.js';
import type { AccountAssignment } from './account-assignment.js';
import { eligibility, listedOwners, listingDifferences } from './listed-owners.js';
import { nextLeaseRoundMs, regularRoundMs } from './next-lease-round.js';

export type LeasedAccountsStore = Pick<
  AccountLeaseStore,
  'heartbeat' | 'liveListings' | 'claimLeases' | 'renew' | 'release' | 'forgetReplica' | 'forgetStaleReplicas' | 'foreignLeases'
>;

/** How often a round also deletes the `replicas` rows of replicas long gone (killed: each restart is a new owner). */
export const PRUNE_EVERY_MS = 3_600_000;

/** A `replicas` row this long without a heartbeat is deleted: a day, or 10 × the ttl when that is longer. */
export function staleReplicaMs(ttlMs: number): number {
  return Math.max(86_400_000, 10 * ttlMs);
}

/** An account this replica took from another whose lease lapsed. */
export interface Takeover {
  readonly account: string;
  /** The replica that held it. */
  readonly from: string;
  /** How long before the claim its lease lapsed. */
  readonly lapsedMs: number;
}

/** `took account prod from r1 (lease lapsed 0.1 s ago)`. */
export function takeoverMessage(t: Takeover): string {
  return `took account ${t.account} from ${t.from} (lease lapsed ${(t.lapsedMs / 1000).toFixed(1)} s ago)`;
}

export interface LeasedAccountsOptions {
  readonly store: LeasedAccountsStore;
  /** Every configured account's name (a reload replaces the list with `setAccounts`). */
  readonly accounts: readonly string[];
  /** This replica's identity (host name + pid, a pod name); unique in the fleet. */
  readonly owner: string;
  /** How long a lease and a heartbeat last without renewal (`daemon.lease_ttl`); rounds come every ttl/3 (or sooner, to claim at a lapse). */
  readonly ttlMs: number;
  /** Default `() => new Date()`. */
  readonly now?: () => Date;
  /** Default true; false leaves rounds to `round()` (tests drive the clock). */
  readonly autoRenew?: boolean;
  /** A round that failed (secret-free message); the accounts are kept until their leases would lapse. */
  readonly onError?: (message: string) => void;
  /** The live replicas' `accounts:` lists differ (said once per change, not every round). */
  readonly onWarning?: (message: string) => void;
  /** This replica took an account whose lease another replica let lapse. */
  readonly onTakeover?: (takeover: Takeover) => void;
}

type Listener = (gained: string[], lost: string[]) => void;

export class LeasedAccounts implements AccountAssignment {
  readonly #o: LeasedAccountsOptions;
  readonly #now: () => Date;
  readonly #listeners: Listener[] = [];
  #accounts: readonly string[];
  #held: ReadonlyMap<string, bigint> = new Map();
  /** When the leases last renewed lapse (ms since epoch), measured from before the round. */
  #heldUntil = 0;
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> = Promise.resolve();
  /** When the next round is due (ms since epoch), as the last round worked it out. */
  #nextRoundAt = 0;
  /** The last differences between the live replicas' lists warned about ('' when they agreed). */
  #differences = '';
  /** When a round last deleted long-gone replicas' rows (ms since epoch). */
  #prunedAt = -Infinity;

  constructor(options: LeasedAccountsOptions) {
    if (!(options.ttlMs > 0)) throw new Error(`lease ttlMs must be positive, got ${options.ttlMs}`);
    this.#o = options;
    this.#accounts = [...options.accounts];
    this.#now = options.now ?? (() => new Date());
  }

  /** The accounts held, with their tokens; empty once the last renewal is older than the ttl. */
  held(): ReadonlyMap<string, bigint> {
    return this.#now().getTime() < this.#heldUntil ? this.#held : new Map();
  }

  onChange(listener: Listener): void {
    this.#listeners.push(listener);
  }

  /** When the next round is due: ttl/3 after the last, or just after a lapse that lets it claim an account. */
  nextRoundAt(): Date {
    return new Date(this.#nextRoundAt);
  }

  /** Runs a first round, then one every ttl/3 or sooner (`nextRoundAt`), unless `autoRenew` is false. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.round();
  }

  /** Stops the rounds, releases every account this replica holds and leaves the replicas list. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await withinMs(this.#round, this.#o.ttlMs).catch(() => undefined);
    try {
      const accounts = [...new Set([...this.#accounts, ...this.#held.keys()])];
      await withinMs(this.#o.store.release(this.#o.owner, accounts), this.#o.ttlMs);
      await withinMs(this.#o.store.forgetReplica(this.#o.owner), this.#o.ttlMs);
    } catch (error) {
      this.#o.onError?.(`could not release the accounts on stop (they lapse after the ttl): ${message(error)}`);
    } finally {
      this.#update(new Map(), 0);
    }
  }

  /**
   * Takes a new list of accounts (a reload): a round now gives up the accounts held that left the list
   * (listeners hear them lost) and claims the new ones this replica is desired for (heard as gained).
   */
  async setAccounts(accounts: readonly string[]): Promise<void> {
    this.#accounts = [...accounts];
    await this.#round; // a round in flight worked from the old list: the next one starts after it
    if (this.#running) await this.round();
  }

  /** One round now: heartbeat, release, renew, claim. The timer calls it; tests call it with their clock. */
  round(): Promise<void> {
    this.#round = (async () => {
      const asked = this.#now();
      let delay = regularRoundMs(this.#o.ttlMs);
      try {
        const next = await withinMs(this.#exchange(asked), delay);
        this.#update(next.held, asked.getTime() + this.#o.ttlMs);
        delay = next.delay;
      } catch (error) {
        this.#o.onError?.(`account leases not renewed: ${message(error)}`);
        if (this.#now().getTime() >= this.#heldUntil) this.#update(new Map(), 0);
      }
      this.#nextRoundAt = asked.getTime() + delay;
      this.#schedule(delay);
    })();
    return this.#round;
  }

  /** The store's side of a round; returns the accounts held after it and the delay to the next round. */
  async #exchange(now: Date): Promise<{ held: Map<string, bigint>; delay: number }> {
    const { store, owner, ttlMs } = this.#o;
    const accounts = this.#accounts;
    await store.heartbeat(owner, now, accounts);
    if (now.getTime() - this.#prunedAt >= PRUNE_EVERY_MS) {
      this.#prunedAt = now.getTime();
      await store.forgetStaleReplicas(new Date(now.getTime() - staleReplicaMs(ttlMs)));
    }
    const listings = (await store.liveListings(now, ttlMs)).set(owner, { heartbeatAt: now, accounts: new Set(accounts) });
    const heartbeats = new Map([...listings].map(([r, l]) => [r, l.heartbeatAt]));
    const owners = listedOwners(listings);
    this.#warnDifferences(listingDifferences(listings, owners));
    const desired = new Set(accounts.filter((a) => owners.get(a) === owner));
    // Those it is not desired for, and those held that are no longer configured.
    await store.release(owner, [...accounts.filter((a) => !desired.has(a)), ...[...this.#held.keys()].filter((a) => !accounts.includes(a))]);
    const keep = new Map([...this.#held].filter(([a]) => desired.has(a)));
    const renewed = await store.renew(owner, keep, ttlMs, now);
    const claimed = await this.#claim(
      [...desired].filter((a) => !renewed.has(a)),
      now,
    );
    const foreign = (await store.foreignLeases(owner, now)).flatMap((l) => (l.owner === null ? [] : [{ ...l, owner: l.owner }]));
    const delay = nextLeaseRoundMs({ owner, accounts, now: now.getTime(), ttlMs, heartbeats, foreign, listed: eligibility(listings) });
    return { held: new Map([...renewed, ...claimed]), delay };
  }

  /** Claims `accounts`; returns those taken with their tokens and tells of each taken from a replica that let it lapse. */
  async #claim(accounts: readonly string[], now: Date): Promise<Map<string, bigint>> {
    const claimed = new Map<string, bigint>();
    for (const [account, lease] of await this.#o.store.claimLeases(this.#o.owner, accounts, this.#o.ttlMs, now)) {
      claimed.set(account, lease.token);
      if (lease.previousOwner !== null && lease.lapsedAt !== undefined) {
        this.#o.onTakeover?.({ account, from: lease.previousOwner, lapsedMs: now.getTime() - lease.lapsedAt.getTime() });
      }
    }
    return claimed;
  }

  /** Warns when the lists' differences changed to some (not again while they stay the same). */
  #warnDifferences(lines: readonly string[]): void {
    const differences = lines.join('; ');
    if (differences !== '' && differences !== this.#differences) {
      this.#o.onWarning?.(`the live replicas' accounts: lists differ (a rollout, or a replica not yet reloaded): ${differences}`);
    }
    this.#differences = differences;
  }

  /** Replaces the held set and tells listeners what changed (a new token counts as lost then gained). */
  #update(next: ReadonlyMap<string, bigint>, heldUntil: number): void {
    const previous = this.#held;
    this.#held = next;
    this.#heldUntil = heldUntil;
    const lost = [...previous].filter(([a, token]) => next.get(a) !== token).map(([a]) => a);
    const gained = [...next].filter(([a, token]) => previous.get(a) !== token).map(([a]) => a);
    if (gained.length === 0 && lost.length === 0) return;
    for (const listener of this.#listeners) listener(gained, lost);
  }

  #schedule(delay: number): void {
    if (!this.#running || this.#o.autoRenew === false) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.round(), delay);
  }
}

/** `work`, or a rejection when it does not settle within `ms` (a hung store never stalls the rounds). */
async function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the store did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function message(error: unknown): string {
  return scrubSecrets(error instanceof Error ? error.message : String(error));
}
