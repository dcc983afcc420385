/**
 * The accounts one emulator serves, found by the account name a login carries. Without a list it is the
 * single default account, which any name reaches (as before fleet mode); with a list each named account
 * is seeded on first use, one at a time, into its own DuckDB engine with its own clock and billing.
 * Not the HTTP layer: server.ts asks it at login and refuses a name it does not know.
 */

import type { EmulatedAccount } from './account-model.js';
import type { Clock } from './clock.js';
import type { Engine } from './engine.js';

/** One served account: its engine (ACCOUNT_USAGE data), live model, clock and billing. */
export interface Tenant<B> {
  /** The name as configured (`--accounts`), or the scenario's locator for the single default account. */
  readonly name: string;
  readonly engine: Engine;
  readonly account: EmulatedAccount;
  readonly clock: Clock;
  readonly billing: B;
  /** The organization account's: rebuilds its ORGANIZATION_USAGE before a statement reading it, when the accounts' metering moved. */
  readonly refresh?: (sql: string) => Promise<void>;
}

/** Creates one tenant; `name` is undefined for the single default account. */
export type CreateTenant<B> = (name: string | undefined) => Promise<Tenant<B>>;

/** The scenario seed of a named account: FNV-1a of its upper-cased name mixed with the base seed, so it is reproducible. */
export function seedForAccount(name: string, baseSeed: number): number {
  let hash = 0x811c9dc5;
  for (const char of name.toUpperCase()) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return ((hash ^ baseSeed) >>> 0) >>> 1;
}

/** Accounts seeded at once: the machines this runs on have two cores, and each seed keeps one busy. */
const SEED_SLOTS = 2;

/** The locator the organization views give a named account: EMU and five digits from its name. */
export function locatorForAccount(name: string): string {
  return `EMU${String(seedForAccount(name, 0) % 100_000).padStart(5, '0')}`;
}

export class AccountDirectory<B> {
  readonly #create: CreateTenant<B>;
  /** Upper-cased name → name as configured; null in single-account mode. */
  readonly #names: ReadonlyMap<string, string> | null;
  readonly #tenants = new Map<string, Promise<Tenant<B>>>();
  /** At most SEED_SLOTS accounts seed at once, so a burst of first logins does not seed 200 engines together. */
  #freeSlots = SEED_SLOTS;
  readonly #waiting: (() => void)[] = [];
  #closed = false;

  /** `names` undefined: the single default account. Names are matched case-insensitively and must be unique. */
  constructor(create: CreateTenant<B>, names?: readonly string[]) {
    this.#create = create;
    if (names === undefined) {
      this.#names = null;
      return;
    }
    if (names.length === 0) throw new Error('the emulator needs at least one account name');
    const byUpper = new Map<string, string>();
    for (const name of names) {
      if (!/^\w+([-]\w+)*$/.test(name)) throw new Error(`invalid emulated account name "${name}": letters, digits, _ and - only`);
      if (byUpper.has(name.toUpperCase())) throw new Error(`duplicate emulated account name "${name}"`);
      byUpper.set(name.toUpperCase(), name);
    }
    this.#names = byUpper;
  }

  /** The configured names, in order; empty in single-account mode. */
  names(): readonly string[] {
    return this.#names === null ? [] : [...this.#names.values()];
  }

  /**
   * The tenant a login for `accountName` reaches, seeding it on first use; undefined when the emulator
   * serves a list of accounts and this name is not in it.
   */
  find(accountName: string): Promise<Tenant<B>> | undefined {
    if (this.#names === null) return this.#tenant('', undefined);
    const name = this.#names.get(accountName.toUpperCase());
    return name === undefined ? undefined : this.#tenant(name.toUpperCase(), name);
  }

  /**
   * Seeds every named account not yet seeded, one after another (a login meanwhile takes the other seed
   * slot rather than waiting for them all). Rejects with the first seed failure.
   */
  async seedAll(): Promise<void> {
    for (const name of this.names()) if (!this.#closed) await this.find(name);
  }

  /** Seeds nothing more (the emulator is stopping); a login for an account not yet seeded fails. */
  close(): void {
    this.#closed = true;
  }

  /** The tenants created so far (seeded or seeding). */
  created(): Promise<Tenant<B>>[] {
    return [...this.#tenants.values()];
  }

  #tenant(key: string, name: string | undefined): Promise<Tenant<B>> {
    let tenant = this.#tenants.get(key);
    if (tenant === undefined) {
      tenant = this.#inSlot(() => (this.#closed ? Promise.reject(new Error('the emulator is stopping')) : this.#create(name)));
      this.#tenants.set(key, tenant);
      // A failed seed is not cached: the next login tries again (and reports the error again).
      tenant.catch(() => this.#tenants.delete(key));
    }
    return tenant;
  }

  async #inSlot<T>(work: () => Promise<T>): Promise<T> {
    if (this.#freeSlots > 0) this.#freeSlots -= 1;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next === undefined) this.#freeSlots += 1;
      else next();
    }
  }
}
