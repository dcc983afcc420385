/**
 * Faults a test or benchmark injects into a running emulator: added latency, failing statements,
 * expired session tokens, dropped connections and an outage, emulator-wide or for one served account
 * (`faults.account(name)`: that account's logins, requests and statements only, on top of the emulator-wide
 * ones). It holds the switches; server.ts obeys them.
 */

export interface StatementFailure {
  /** Snowflake error code, e.g. `000603`. */
  readonly code: string;
  readonly sqlState: string;
  readonly message: string;
}

export interface FailNextOptions extends StatementFailure {
  /** Only statements whose SQL matches fail (and count); others run normally. */
  readonly match?: RegExp;
}

/** `503`: answer every request with HTTP 503; `refuse`: close every connection without answering. */
export type OutageMode = 'off' | '503' | 'refuse';

/** The switches one request meets: the emulator-wide faults joined with its account's own. */
export interface ActiveFaults {
  readonly latencyMs: number;
  readonly outage: OutageMode;
  readonly tokenGeneration: number;
  takeStatementFailure(sql: string): StatementFailure | null;
  takeDrop(): boolean;
  takeResponseDrop(): boolean;
}

export class Faults implements ActiveFaults {
  /** Upper-cased account name → that account's own faults. */
  readonly #accounts = new Map<string, Faults>();
  readonly #serves: ((name: string) => boolean) | undefined;
  #latencyMs = 0;
  #failures: { remaining: number; options: FailNextOptions }[] = [];
  #tokenGeneration = 0;
  #drops = 0;
  #responseDrops = 0;
  #outage: OutageMode = 'off';

  /** `serves`: whether the emulator serves an account name (for `account()`); absent, no account has faults of its own. */
  constructor(serves?: (name: string) => boolean) {
    this.#serves = serves;
  }

  /**
   * The faults of the served account `name` alone (case-insensitive): set them to take one account down
   * (an outage, drops, failing statements, latency, expired tokens) while the others answer. Throws for a
   * name the emulator does not serve (and in single-account mode, where the emulator-wide faults are the account's).
   */
  account(name: string): Faults {
    if (this.#serves === undefined || !this.#serves(name)) throw new Error(`the emulator does not serve account "${name}": no faults of its own`);
    let own = this.#accounts.get(name.toUpperCase());
    if (own === undefined) {
      own = new Faults();
      this.#accounts.set(name.toUpperCase(), own);
    }
    return own;
  }

  /** What a request for account `name` meets: these faults, then that account's own (these alone for undefined). */
  for(name: string | undefined): ActiveFaults {
    const own = name === undefined ? undefined : this.#accounts.get(name.toUpperCase());
    return own === undefined ? this : joined(this, own);
  }

  /** Adds `ms` of delay before every request is answered (0 to stop). */
  setLatency(ms: number): void {
    if (!(ms >= 0)) throw new Error(`invalid latency ${ms}`);
    this.#latencyMs = ms;
  }

  get latencyMs(): number {
    return this.#latencyMs;
  }

  /** Fails the next `count` statements (matching `options.match`, when given) with a Snowflake error. */
  failNext(count: number, options: FailNextOptions): void {
    if (!(count > 0)) throw new Error(`invalid count ${count}`);
    this.#failures.push({ remaining: count, options });
  }

  /** The failure the next statement must get, consuming one; null when it should run. */
  takeStatementFailure(sql: string): StatementFailure | null {
    for (const f of this.#failures) {
      if (f.remaining <= 0) continue;
      if (f.options.match && !f.options.match.test(sql)) continue;
      f.remaining -= 1;
      this.#failures = this.#failures.filter((x) => x.remaining > 0);
      return { code: f.options.code, sqlState: f.options.sqlState, message: f.options.message };
    }
    return null;
  }

  /** Expires every session token issued so far; the driver renews with its master token (390112). */
  expireAllTokens(): void {
    this.#tokenGeneration += 1;
  }

  /** Tokens issued in an older generation are expired. */
  get tokenGeneration(): number {
    return this.#tokenGeneration;
  }

  /** Destroys the socket of the next `count` requests (telemetry excepted) without answering. */
  dropConnections(count: number): void {
    if (!(count >= 0)) throw new Error(`invalid count ${count}`);
    this.#drops = count;
  }

  /** True when this request must be dropped, consuming one. */
  takeDrop(): boolean {
    if (this.#drops <= 0) return false;
    this.#drops -= 1;
    return true;
  }

  get pendingDrops(): number {
    return this.#drops;
  }

  /** Runs the next `count` query-requests but destroys the socket instead of answering (a lost reply). */
  dropResponses(count: number): void {
    if (!(count >= 0)) throw new Error(`invalid count ${count}`);
    this.#responseDrops = count;
  }

  /** True when this query-request's reply must be lost, consuming one. */
  takeResponseDrop(): boolean {
    if (this.#responseDrops <= 0) return false;
    this.#responseDrops -= 1;
    return true;
  }

  setOutage(mode: OutageMode): void {
    this.#outage = mode;
  }

  get outage(): OutageMode {
    return this.#outage;
  }

  /** Clears every fault (each account's too) except token expiry already applied. */
  reset(): void {
    for (const own of this.#accounts.values()) own.reset();
    this.#latencyMs = 0;
    this.#failures = [];
    this.#drops = 0;
    this.#responseDrops = 0;
    this.#outage = 'off';
  }
}

/** The emulator-wide faults first, then the account's: latencies add up, either outage holds, token generations add up. */
function joined(shared: Faults, own: Faults): ActiveFaults {
  return {
    get latencyMs() {
      return shared.latencyMs + own.latencyMs;
    },
    get outage() {
      return shared.outage === 'off' ? own.outage : shared.outage;
    },
    // Both only grow, so the sum changes exactly when either expires its tokens.
    get tokenGeneration() {
      return shared.tokenGeneration + own.tokenGeneration;
    },
    takeStatementFailure: (sql) => shared.takeStatementFailure(sql) ?? own.takeStatementFailure(sql),
    takeDrop: () => shared.takeDrop() || own.takeDrop(),
    takeResponseDrop: () => shared.takeResponseDrop() || own.takeResponseDrop(),
  };
}
