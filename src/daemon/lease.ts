/**
 * Leader election for several daemons on one store: a `Leader` tries to take the named lease, renews it
 * every ttl/3 while it holds it, and steps down at once when a renewal fails, is refused or gets no answer
 * within ttl/3, well before the lease lapses and another daemon may take it. Storage is `LeaseStore`'s;
 * what the leader does with its lead is the caller's.
 */

import type { LeaseStore } from '../ledger/lease-store.js';
import { scrubSecrets } from '../config/scrub-secrets.js';

export type LeaderEvent = { readonly type: 'gained'; readonly at: Date } | { readonly type: 'lost'; readonly at: Date; readonly reason: string };

export interface LeaderOptions {
  readonly store: Pick<LeaseStore, 'acquire' | 'release'>;
  /** The lease's name; default `snowmon-daemon`. */
  readonly name?: string;
  /** This daemon's identity (host name + pid, a pod name). */
  readonly owner: string;
  /** How long a lease lasts without renewal; renewals come every ttl/3. */
  readonly ttlMs: number;
  readonly onEvent?: (event: LeaderEvent) => void;
  /** Default `() => new Date()`. */
  readonly now?: () => Date;
}

export class Leader {
  readonly #store: LeaderOptions['store'];
  readonly #name: string;
  readonly #owner: string;
  readonly #ttlMs: number;
  readonly #onEvent: (event: LeaderEvent) => void;
  readonly #now: () => Date;
  #leading = false;
  /** When the lease we last took lapses if not renewed (measured from before the acquire call). */
  #heldUntil = 0;
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #tick: Promise<void> = Promise.resolve();

  constructor(options: LeaderOptions) {
    if (!(options.ttlMs > 0)) throw new Error(`lease ttlMs must be positive, got ${options.ttlMs}`);
    this.#store = options.store;
    this.#name = options.name ?? 'snowmon-daemon';
    this.#owner = options.owner;
    this.#ttlMs = options.ttlMs;
    this.#onEvent = options.onEvent ?? (() => undefined);
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * True while this daemon holds the lease: its last renewal succeeded and has not lapsed yet (a renewal
   * stuck in the store past the ttl does not leave a stale leader believing it leads).
   */
  isLeader(): boolean {
    return this.#leading && this.#now().getTime() < this.#heldUntil;
  }

  /** Tries at once, then every ttl/3. Resolves after the first attempt. */
  async start(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    await this.#attempt();
  }

  /** Stops renewing and, if leading, releases the lease so another daemon can take over at once. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    // Let a renewal in flight land first (else it could re-take the lease after the release), but never
    // wait on a hung store for longer than the lease would last anyway.
    let wait: NodeJS.Timeout | undefined;
    await Promise.race([
      this.#tick,
      new Promise<void>((resolve) => {
        wait = setTimeout(resolve, this.#ttlMs);
      }),
    ]);
    clearTimeout(wait);
    if (this.#leading) {
      this.#leading = false;
      try {
        await this.#store.release(this.#name, this.#owner);
      } finally {
        this.#onEvent({ type: 'lost', at: this.#now(), reason: 'stopped' });
      }
    }
  }

  #schedule(): void {
    if (!this.#running) return;
    this.#timer = setTimeout(
      () => {
        void this.#attempt();
      },
      Math.max(1, Math.floor(this.#ttlMs / 3)),
    );
  }

  #attempt(): Promise<void> {
    this.#tick = (async () => {
      let held: boolean;
      let reason = 'the lease is held by another daemon';
      const asked = this.#now();
      // A store that does not answer within a renewal period counts as a failure, so a hung call never
      // stalls the loop (a late success only means we under-claim until the next renewal).
      const limitMs = Math.max(1, Math.floor(this.#ttlMs / 3));
      let limit: NodeJS.Timeout | undefined;
      try {
        held = await Promise.race([
          this.#store.acquire(this.#name, this.#owner, this.#ttlMs, asked),
          new Promise<never>((_, reject) => {
            limit = setTimeout(() => reject(new Error(`the store did not answer within ${limitMs} ms`)), limitMs);
          }),
        ]);
      } catch (error) {
        held = false;
        reason = `renewal failed: ${scrubSecrets(error instanceof Error ? error.message : String(error))}`;
      } finally {
        clearTimeout(limit);
      }
      if (held) this.#heldUntil = asked.getTime() + this.#ttlMs;
      if (!this.#running) return;
      if (held && !this.#leading) {
        this.#leading = true;
        this.#onEvent({ type: 'gained', at: this.#now() });
      } else if (!held && this.#leading) {
        this.#leading = false;
        this.#onEvent({ type: 'lost', at: this.#now(), reason });
      }
      this.#schedule();
    })();
    return this.#tick;
  }
}
