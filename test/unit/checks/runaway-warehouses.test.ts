import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/sources/snowflake-client.js';
import { findRunawayWarehouses, type WarehouseSnapshot } from '../../../src/checks/runaway-warehouses.js';

const HOUR = 3_600_000;
const MIN = 60_000;

/** A SHOW WAREHOUSES row as the driver returns it. */
function wh(name: string, state: string, size: string, resumedOn: string | null, extra: Record<string, unknown> = {}): Row {
  return {
    name,
    state,
    type: 'STANDARD',
    size,
    min_cluster_count: 1,
    max_cluster_count: 1,
    started_clusters: state === 'SUSPENDED' ? 0 : 1,
    running: 1,
    queued: 0,
    auto_suspend: 600,
    auto_resume: 'true',
    resumed_on: resumedOn,
    resource_monitor: 'null',
    ...extra,
  };
}
const snap = (iso: string, ...rows: Row[]): WarehouseSnapshot => ({ at: new Date(iso), rows });
const base = { usdPerCredit: 3 };

describe('findRunawayWarehouses', () => {
  it('does flag a warehouse started longer than 3x its usual run and estimate credits from size x time', () => {
    const { running, findings } = findRunawayWarehouses([snap('2026-11-22T12:00:00Z', wh('ETL_WH', 'STARTED', 'Large', '2026-11-22 08:00:00.000 +0000'))], {
      ...base,
      usualRunMs: { ETL_WH: HOUR },
    });
    expect(running).toEqual([
      {
        warehouse: 'ETL_WH',
        runningSince: new Date('2026-11-22T08:00:00Z'),
        runningMs: 4 * HOUR,
        credits: 8 * 4,
        usualRunMs: HOUR,
        limitMs: 3 * HOUR,
        runaway: true,
      },
    ]);
    expect(findings).toEqual([
      {
        severity: 'warning',
        summary: 'warehouse ETL_WH has been running for 4 h since 2026-11-22T08:00:00.000Z, 4× its usual 1 h; about 32 credits so far, 8 credits/hour now',
        labels: { alert_type: 'cost_finding', finding: 'runaway_warehouse', warehouse: 'ETL_WH' },
        credits: 32,
        usd: 96,
        recommendation: expect.stringContaining('AUTO_SUSPEND (600 s)'),
      },
    ]);
  });

  it('does not flag a run under its limit and never flags before the one-hour floor', () => {
    const at = '2026-11-22T12:00:00Z';
    const { running, findings } = findRunawayWarehouses(
      [
        snap(
          at,
          wh('TWO_HOURS', 'STARTED', 'Small', '2026-11-22 10:00:00.000 +0000'),
          wh('SHORT_USUAL', 'STARTED', 'Small', '2026-11-22 11:10:00.000 +0000'),
          wh('PAST_FLOOR', 'STARTED', 'Small', '2026-11-22 10:50:00.000 +0000'),
        ),
      ],
      { ...base, usualRunMs: { TWO_HOURS: HOUR, SHORT_USUAL: 5 * MIN, PAST_FLOOR: 5 * MIN } },
    );
    expect(running.map((r) => [r.warehouse, r.limitMs, r.runaway])).toEqual([
      ['TWO_HOURS', 3 * HOUR, false],
      ['SHORT_USUAL', HOUR, false],
      ['PAST_FLOOR', HOUR, true],
    ]);
    expect(findings.map((f) => f.labels['warehouse'])).toEqual(['PAST_FLOOR']);
  });

  it('does estimate credits piecewise when the warehouse was resized between snapshots', () => {
    const resumed = '2026-11-22 07:00:00.000 +0000';
    const { running } = findRunawayWarehouses(
      [
        snap('2026-11-22T08:00:00Z', wh('BI_WH', 'STARTED', 'Medium', resumed)),
        snap('2026-11-22T09:00:00Z', wh('BI_WH', 'STARTED', 'Large', resumed)),
        snap('2026-11-22T10:00:00Z', wh('BI_WH', 'STARTED', 'Large', resumed)),
      ],
      { ...base, usualRunMs: { BI_WH: HOUR } },
    );
    // 07:00-08:00 Medium (4) + 08:00-09:00 Medium (4) + 09:00-10:00 Large (8).
    expect(running[0]).toMatchObject({ runningMs: 3 * HOUR, credits: 4 + 4 + 8, runaway: false });
  });

  it('does start the run at the new resume when the warehouse was resumed anew between snapshots', () => {
    const { running } = findRunawayWarehouses(
      [
        snap('2026-11-22T09:00:00Z', wh('ETL_WH', 'STARTED', 'X-Small', '2026-11-22 08:00:00.000 +0000')),
        snap('2026-11-22T12:00:00Z', wh('ETL_WH', 'STARTED', 'X-Small', '2026-11-22 11:00:00.000 +0000')),
      ],
      { ...base, usualRunMs: { ETL_WH: 10 * MIN } },
    );
    expect(running[0]).toMatchObject({ runningSince: new Date('2026-11-22T11:00:00Z'), runningMs: HOUR, credits: 1, runaway: false });
  });

  it('does date the run from the first snapshot of the trailing started stretch when resumed_on is missing', () => {
    const { running } = findRunawayWarehouses(
      [
        snap('2026-11-22T12:00:00Z', wh('WH', 'STARTED', 'X-Small', null)),
        snap('2026-11-22T08:00:00Z', wh('WH', 'STARTED', 'X-Small', null)),
        snap('2026-11-22T09:00:00Z', wh('WH', 'SUSPENDED', 'X-Small', null)),
        snap('2026-11-22T10:00:00Z', wh('WH', 'STARTED', 'X-Small', null)),
        snap('2026-11-22T11:00:00Z', wh('WH', 'RESIZING', 'X-Small', null)),
      ],
      { ...base, usualRunMs: { WH: 20 * MIN } },
    );
    expect(running[0]).toMatchObject({ runningSince: new Date('2026-11-22T10:00:00Z'), runningMs: 2 * HOUR, credits: 2, runaway: true });
  });

  it('does count started clusters and the Snowpark-optimized rate', () => {
    const { running, findings } = findRunawayWarehouses(
      [
        snap(
          '2026-11-22T12:00:00Z',
          wh('MULTI', 'STARTED', 'X-Small', '2026-11-22 10:00:00.000 +0000', { started_clusters: 3, max_cluster_count: 3 }),
          wh('SNOWPARK', 'STARTED', 'Medium', '2026-11-22 10:00:00.000 +0000', { type: 'SNOWPARK-OPTIMIZED' }),
        ),
      ],
      { ...base, usualRunMs: { MULTI: HOUR, SNOWPARK: HOUR } },
    );
    expect(running.map((r) => [r.warehouse, r.credits])).toEqual([
      ['MULTI', 3 * 2],
      ['SNOWPARK', 6 * 2],
    ]);
    expect(findings).toEqual([]); // 2 h is under the limit of 3 × 1 h
  });

  it('does list but not flag a warehouse with no usual run unless a default is given', () => {
    const snapshots = [
      snap('2026-11-22T12:00:00Z', wh('NEW_WH', 'STARTED', 'X-Small', '2026-11-21 12:00:00.000 +0000'), wh('IDLE', 'SUSPENDED', 'X-Small', null)),
    ];
    const unknown = findRunawayWarehouses(snapshots, { ...base, usualRunMs: {} });
    expect(unknown.running).toEqual([expect.objectContaining({ warehouse: 'NEW_WH', usualRunMs: null, limitMs: null, runaway: false })]);
    expect(unknown.findings).toEqual([]);
    const withDefault = findRunawayWarehouses(snapshots, { ...base, usualRunMs: {}, defaultUsualRunMs: 2 * HOUR });
    expect(withDefault.findings.map((f) => f.labels['warehouse'])).toEqual(['NEW_WH']);
    expect(withDefault.findings[0]!.credits).toBe(24);
  });

  it('does return nothing when given no snapshots', () => {
    expect(findRunawayWarehouses([], { ...base, usualRunMs: {} })).toEqual({ running: [], findings: [] });
  });
});
