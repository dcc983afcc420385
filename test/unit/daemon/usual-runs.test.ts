/**
 * Usual warehouse runs learned from hand-made SHOW WAREHOUSES snapshots (UsualRuns), and the free loop
 * using them for runaway warehouses instead of the assumed 1 h once 5 runs are seen.
 */

import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/sources/snowflake-client.js';
import { FreeLoop, RUNAWAY_CHECK } from '../../../src/daemon/free-loop.js';
import { UsualRuns } from '../../../src/daemon/usual-runs.js';
import type { SnowflakeClient } from '../../../src/sources/snowflake-client.js';

const T0 = Date.parse('2026-11-20T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

function row(name: string, state: 'STARTED' | 'SUSPENDED', resumedOn: number): Row {
  return {
    name,
    state,
    size: 'X-Small',
    type: 'STANDARD',
    started_clusters: state === 'STARTED' ? 1 : 0,
    resumed_on: new Date(resumedOn).toISOString(),
    auto_suspend: 600,
  };
}

/** Feeds runs of the given lengths (ms) of warehouse WH, polled every `pollMs`, one hour apart; returns the next free instant. */
function feedRuns(observe: (at: number, rows: Row[]) => void, lengths: readonly number[], start: number, pollMs = 10 * MIN): number {
  let t = start;
  for (const length of lengths) {
    for (let at = t; at < t + length; at += pollMs) observe(at, [row('WH', 'STARTED', t)]);
    observe(t + length, [row('WH', 'SUSPENDED', t)]);
    t += length + HOUR;
  }
  return t;
}

function tracker(): { usual: UsualRuns; observe: (at: number, rows: Row[]) => void } {
  const usual = new UsualRuns();
  return { usual, observe: (at, rows) => usual.observe({ at: new Date(at), rows }) };
}

describe('UsualRuns', () => {
  it('does give no usual run before 5 runs and the p90 of the runs seen after', () => {
    const { usual, observe } = tracker();
    const t = feedRuns(
      observe,
      [10, 20, 30, 40].map((m) => m * MIN),
      T0,
    );
    expect(usual.runsSeen('WH')).toBe(4);
    expect(usual.usualRunMs()).toEqual({});
    feedRuns(
      observe,
      [50, 60, 70, 80, 90, 100].map((m) => m * MIN),
      t,
    );
    expect(usual.usualRunMs()).toEqual({ WH: 90 * MIN }); // nearest rank: the 9th of 10
  });

  it('does keep only the last 50 runs of a warehouse', () => {
    const { usual, observe } = tracker();
    const t = feedRuns(
      observe,
      Array.from({ length: 10 }, () => 100 * MIN),
      T0,
    );
    feedRuns(
      observe,
      Array.from({ length: 50 }, () => 20 * MIN),
      t,
    );
    expect(usual.runsSeen('WH')).toBe(50);
    expect(usual.usualRunMs()).toEqual({ WH: 20 * MIN });
  });

  it('does count a run from resumed_on and end one resumed again between two polls at its last sighting', () => {
    const { usual, observe } = tracker();
    // Already running at the first poll, since 3 h before it.
    observe(T0, [row('WH', 'STARTED', T0 - 3 * HOUR)]);
    observe(T0 + 10 * MIN, [row('WH', 'STARTED', T0 - 3 * HOUR)]);
    // Suspended and resumed again between polls: the first run lasted at least until T0 + 10 min.
    observe(T0 + 30 * MIN, [row('WH', 'STARTED', T0 + 25 * MIN)]);
    observe(T0 + 45 * MIN, [row('WH', 'SUSPENDED', T0 + 25 * MIN)]);
    // Out-of-order and stale polls are ignored.
    observe(T0 + 40 * MIN, [row('WH', 'STARTED', T0 + 40 * MIN)]);
    feedRuns(observe, [5 * MIN, 5 * MIN, 5 * MIN], T0 + HOUR);
    expect(usual.runsSeen('WH')).toBe(5);
    expect(usual.usualRunMs()).toEqual({ WH: 3 * HOUR + 10 * MIN });
  });
});

describe('FreeLoop runaway warehouses', () => {
  /** A free loop whose SHOW WAREHOUSES answers the rows set last. */
  function loop(): { free: FreeLoop; cycle: (at: number, rows: Row[]) => Promise<Row[]> } {
    let current: Row[] = [];
    const client: SnowflakeClient = {
      async query(sql) {
        const rows = sql.toUpperCase().includes('WAREHOUSES') ? current : [];
        return { columns: Object.keys(rows[0] ?? {}), rows, queryId: 'q' };
      },
      async close() {},
    };
    const free = new FreeLoop({ connect: async () => client, onStatement: () => undefined });
    return {
      free,
      cycle: async (at, rows) => {
        current = rows;
        const result = await free.cycle({ checks: [], run: { usdPerCredit: 3 } }, new Date(at));
        return [...(result.outcomes.find((o) => o.name === RUNAWAY_CHECK)?.rows ?? [])];
      },
    };
  }

  /** Feeds `runs` two-hour runs through the loop, then a run now 4 h long; its runaway row. */
  async function fourHourRunAfter(runs: number): Promise<Row | undefined> {
    const { cycle } = loop();
    let t = T0;
    for (let i = 0; i < runs; i++) {
      for (let at = t; at < t + 2 * HOUR; at += 30 * MIN) await cycle(at, [row('WH', 'STARTED', t)]);
      await cycle(t + 2 * HOUR, [row('WH', 'SUSPENDED', t)]);
      t += 3 * HOUR;
    }
    let last: Row[] = [];
    for (let at = t; at <= t + 4 * HOUR; at += 30 * MIN) last = await cycle(at, [row('WH', 'STARTED', t)]);
    return last.find((r) => r['warehouse'] === 'WH');
  }

  it('does flag a 4 h run against the assumed 1 h usual run when fewer than 5 runs were seen', async () => {
    const wh = await fourHourRunAfter(4);
    expect(wh?.['usual_run_ms']).toBe(HOUR);
    expect(wh?.['runaway']).toBe(true); // past max(3 × 1 h, 1 h)
  });

  it('does not flag a 4 h run once 5 two-hour runs taught its usual run', async () => {
    const wh = await fourHourRunAfter(5);
    expect(wh?.['usual_run_ms']).toBe(2 * HOUR);
    expect(wh?.['running_ms']).toBe(4 * HOUR);
    expect(wh?.['runaway']).toBe(false); // under 3 × 2 h
  });
});
