/**
 * Faults a test or benchmark injects into a running emulator: added latency, failing statements,
 * expired session tokens, dropped connections and an outage. It holds the switches; server.ts obeys them.
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

export class Faults {
  #latencyMs = 0;
  #failures: { remaining: number; options: FailNextOptions }[] = [];
  #tokenGeneration = 0;
  #drops = 0;
  #responseDrops = 0;
  #outage: OutageMode = 'off';

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

  /** Clears every fault except token expiry already applied. */
  reset(): void {
    this.#latencyMs = 0;
    this.#failures = [];
    this.#drops = 0;
    this.#responseDrops = 0;
    this.#outage = 'off';
  }
}
