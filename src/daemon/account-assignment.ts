/**
 * Which Snowflake accounts this daemon watches, and the fencing token of each: the one boundary between
 * the per-account daemon and how work is shared. With SQLite one process watches every account
 * (`AllAccounts`, token 0, no leases); with Postgres replicas share them (`LeasedAccounts`, in
 * leased-accounts.ts). It decides nothing about checks or notifications.
 */

/** The accounts a daemon holds, and the changes to that set. */
export interface AccountAssignment {
  /** Starts taking accounts; `onChange` listeners hear of the first ones before it resolves. */
  start(): Promise<void>;
  /** Gives every account up (listeners hear them as lost) and stops. */
  stop(): Promise<void>;
  /** The accounts held now, by name, with their fencing token (0 where nothing is fenced). */
  held(): ReadonlyMap<string, bigint>;
  /** Adds a listener for accounts gained and lost; it must not throw. */
  onChange(listener: (gained: string[], lost: string[]) => void): void;
}

/** SQLite: every configured account, always held, token 0. */
export class AllAccounts implements AccountAssignment {
  readonly #accounts: readonly string[];
  readonly #listeners: ((gained: string[], lost: string[]) => void)[] = [];
  #held: ReadonlyMap<string, bigint> = new Map();

  constructor(accounts: readonly string[]) {
    this.#accounts = [...accounts];
  }

  start(): Promise<void> {
    if (this.#held.size === 0 && this.#accounts.length > 0) {
      this.#held = new Map(this.#accounts.map((a) => [a, 0n]));
      for (const listener of this.#listeners) listener([...this.#accounts], []);
    }
    return Promise.resolve();
  }

  stop(): Promise<void> {
    const lost = [...this.#held.keys()];
    this.#held = new Map();
    if (lost.length > 0) for (const listener of this.#listeners) listener([], lost);
    return Promise.resolve();
  }

  held(): ReadonlyMap<string, bigint> {
    return this.#held;
  }

  onChange(listener: (gained: string[], lost: string[]) => void): void {
    this.#listeners.push(listener);
  }
}
