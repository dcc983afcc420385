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
  /**
   * Takes a new list of accounts (a reload): those held that left it are given up and heard as lost, the
   * new ones may be taken (heard as gained); the others stay held as they are.
   */
  setAccounts(accounts: readonly string[]): Promise<void>;
}

/** SQLite: every configured account, always held, token 0. */
export class AllAccounts implements AccountAssignment {
  #accounts: readonly string[];
  readonly #listeners: ((gained: string[], lost: string[]) => void)[] = [];
  #held: ReadonlyMap<string, bigint> = new Map();
  #started = false;

  constructor(accounts: readonly string[]) {
    this.#accounts = [...accounts];
  }

  start(): Promise<void> {
    this.#started = true;
    this.#hold(this.#accounts);
    return Promise.resolve();
  }

  stop(): Promise<void> {
    this.#started = false;
    this.#hold([]);
    return Promise.resolve();
  }

  setAccounts(accounts: readonly string[]): Promise<void> {
    this.#accounts = [...accounts];
    if (this.#started) this.#hold(this.#accounts);
    return Promise.resolve();
  }

  /** Holds exactly `accounts` and tells listeners the difference, if any. */
  #hold(accounts: readonly string[]): void {
    const gained = accounts.filter((a) => !this.#held.has(a));
    const lost = [...this.#held.keys()].filter((a) => !accounts.includes(a));
    this.#held = new Map(accounts.map((a) => [a, 0n]));
    if (gained.length > 0 || lost.length > 0) for (const listener of this.#listeners) listener(gained, lost);
  }

  held(): ReadonlyMap<string, bigint> {
    return this.#held;
  }

  onChange(listener: (gained: string[], lost: string[]) => void): void {
    this.#listeners.push(listener);
  }
}
