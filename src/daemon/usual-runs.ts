/**
 * Learns each warehouse's usual run length from the free loop's own `SHOW WAREHOUSES` snapshots, for the
 * runaway check: a run starts at `resumed_on` (or the first poll seeing it STARTED) and ends at the first
 * poll seeing it suspended; the last 50 runs per warehouse are kept and their p90 is the usual run, once
 * at least 5 were seen (before that the caller's default applies). Derived from SHOW, not from the
 * warehouse loop: warehouse_config's rows carry resume counts and metered hours, not run lengths. No I/O.
 */

import type { Row } from '../sources/snowflake-client.js';
import { isRunning, type WarehouseSnapshot } from '../checks/runaway-warehouses.js';
import { str, time } from '../checks/row-values.js';

/** Runs kept per warehouse (the oldest dropped first). */
export const USUAL_RUN_HISTORY = 50;
/** Fewer runs seen than this: no usual run yet (the caller's default applies). */
export const USUAL_RUN_MIN_RUNS = 5;

interface OpenRun {
  readonly since: number;
  readonly resumedOn: number | undefined;
  lastSeen: number;
}

/** The p90 (nearest rank) of non-empty `values`. */
function p90(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(0.9 * sorted.length) - 1)] as number;
}

export class UsualRuns {
  readonly #open = new Map<string, OpenRun>();
  readonly #runs = new Map<string, number[]>();
  #lastAt = Number.NEGATIVE_INFINITY;

  /** Takes in one poll; polls older than one already seen are ignored. */
  observe(snapshot: WarehouseSnapshot): void {
    const at = snapshot.at.getTime();
    if (at <= this.#lastAt) return;
    this.#lastAt = at;
    const present = new Set<string>();
    for (const row of snapshot.rows) {
      const name = str(row['name']);
      if (name === undefined) continue;
      present.add(name);
      this.#observeRow(name, row, at);
    }
    // A warehouse gone from SHOW (dropped, or no longer visible): its open run is forgotten, not counted.
    for (const name of [...this.#open.keys()]) if (!present.has(name)) this.#open.delete(name);
  }

  /** The usual run (p90, ms) of each warehouse with enough runs seen. */
  usualRunMs(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, runs] of this.#runs) if (runs.length >= USUAL_RUN_MIN_RUNS) out[name] = p90(runs);
    return out;
  }

  /** How many finished runs are kept for `warehouse`. */
  runsSeen(warehouse: string): number {
    return this.#runs.get(warehouse)?.length ?? 0;
  }

  #observeRow(name: string, row: Row, at: number): void {
    let open = this.#open.get(name);
    if (!isRunning(row)) {
      // Suspended at this poll: the run ended since the last one (this poll's time, an upper bound).
      if (open) this.#finish(name, at - open.since);
      this.#open.delete(name);
      return;
    }
    const resumedOn = time(row['resumed_on'])?.getTime();
    if (open && resumedOn !== undefined && open.resumedOn !== undefined && resumedOn !== open.resumedOn) {
      // Suspended and resumed between two polls: the old run lasted at least until it was last seen.
      this.#finish(name, open.lastSeen - open.since);
      open = undefined;
    }
    if (open) {
      open.lastSeen = at;
      return;
    }
    const since = resumedOn !== undefined && resumedOn <= at ? resumedOn : at;
    this.#open.set(name, { since, resumedOn, lastSeen: at });
  }

  #finish(name: string, ms: number): void {
    const runs = this.#runs.get(name) ?? [];
    runs.push(Math.max(0, ms));
    if (runs.length > USUAL_RUN_HISTORY) runs.splice(0, runs.length - USUAL_RUN_HISTORY);
    this.#runs.set(name, runs);
  }
}
