/**
 * The daemon's delivery loop: one timer, armed for when alerting next has something due (bounded by
 * `maxDelayMs`), that runs a pass (flush + deliver) and re-arms itself. Not cron: retries, group waits and
 * delivery windows fall at arbitrary instants. What a pass does is the caller's.
 */

export interface DeliveryLoopOptions {
  /** One pass; resolves with when the next one is due (undefined: nothing known due). */
  readonly pass: () => Promise<Date | undefined>;
  readonly now: () => Date;
  /** Never sleep longer than this; default 30 s. */
  readonly maxDelayMs?: number;
  /** Never spin faster than this; default 1 s. */
  readonly minDelayMs?: number;
  readonly onError: (error: unknown) => void;
}

export class DeliveryLoop {
  readonly #options: DeliveryLoopOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(options: DeliveryLoopOptions) {
    this.#options = options;
  }

  /** Runs a pass as soon as possible (after the current one, if one runs). */
  poke(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#arm(0);
  }

  /** Whether a timer is armed for the next pass. */
  armed(): boolean {
    return this.#timer !== undefined;
  }

  /** No more passes; waits for the one in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  #arm(delayMs: number): void {
    clearTimeout(this.#timer);
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#running = this.#tick().finally(() => {
        this.#running = undefined;
      });
    }, delayMs);
  }

  async #tick(): Promise<void> {
    const max = this.#options.maxDelayMs ?? 30_000;
    const min = this.#options.minDelayMs ?? 1_000;
    let delay = max;
    try {
      const next = await this.#options.pass();
      if (next !== undefined) delay = Math.min(max, Math.max(min, next.getTime() - this.#options.now().getTime()));
    } catch (error) {
      this.#options.onError(error);
    }
    if (this.#again) {
      this.#again = false;
      delay = 0;
    }
    this.#arm(delay);
  }
}
