/**
 * The emulator's clock: frozen at a settable instant unless told to follow real time. CURRENT_TIMESTAMP()
 * in emulated SQL, the billing model and the resource-monitor cycles all read it.
 */

export interface Clock {
  /** The current instant. */
  now(): Date;
}

/** A clock that only moves when told to. */
export class FrozenClock implements Clock {
  #ms: number;

  constructor(start: Date | string | number) {
    this.#ms = new Date(start).getTime();
    if (Number.isNaN(this.#ms)) throw new Error(`invalid clock start ${String(start)}`);
  }

  now(): Date {
    return new Date(this.#ms);
  }

  /** Moves to an instant (forwards or backwards). */
  set(at: Date | string | number): void {
    const ms = new Date(at).getTime();
    if (Number.isNaN(ms)) throw new Error(`invalid clock time ${String(at)}`);
    this.#ms = ms;
  }

  /** Moves forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.#ms += ms;
  }
}

/** The wall clock, for users who point snowmon at the emulator without a fixed date. */
export const systemClock: Clock = { now: () => new Date() };
