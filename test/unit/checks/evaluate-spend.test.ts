import { describe, expect, it } from 'vitest';
import { evaluateCreditsByWarehouse } from '../../../src/checks/evaluate-credits-by-warehouse.js';
import { evaluateTopQueries } from '../../../src/checks/evaluate-top-queries.js';
import { evaluateWarehouseUtilization } from '../../../src/checks/evaluate-warehouse-utilization.js';

const NOW = new Date('2026-11-20T12:00:00Z');

describe('evaluateCreditsByWarehouse', () => {
  const perWarehouse = [
    {
      warehouse_name: 'ETL_WH',
      credits: 400,
      compute_credits: 390,
      cloud_services_credits: 10,
      credits_7d: 150,
      last_day_credits: 30,
      baseline_daily_credits: 10,
    },
    { warehouse_name: 'BI_WH', credits: 40, compute_credits: 40, cloud_services_credits: 0, credits_7d: 8, last_day_credits: 4, baseline_daily_credits: 1 },
    { warehouse_name: 'NEW_WH', credits: 6, compute_credits: 6, cloud_services_credits: 0, credits_7d: 6, last_day_credits: 6, baseline_daily_credits: 0 },
    {
      warehouse_name: 'STEADY_WH',
      credits: 90,
      compute_credits: 90,
      cloud_services_credits: 0,
      credits_7d: 20,
      last_day_credits: 12,
      baseline_daily_credits: 10,
    },
  ];
  const billed = [{ credits_used: 560, credits_adjustment: -12, credits_billed: 548, warehouse_credits_billed: 520, service_days: 40 }];

  it('does flag a day at or above spike_ratio × its baseline and prices the excess', () => {
    const { findings, rows } = evaluateCreditsByWarehouse({
      results: [perWarehouse, billed],
      thresholds: { spike_ratio: 2, min_daily_credits: 5 },
      now: NOW,
      usdPerCredit: 3,
    });
    const spikes = findings.filter((f) => f.labels['finding'] === 'daily_spike');
    // BI_WH is 4× but under min_daily_credits; STEADY_WH is 1.2×.
    expect(spikes.map((f) => f.labels['warehouse'])).toEqual(['ETL_WH', 'NEW_WH']);
    expect(spikes[0]!.credits).toBe(20);
    expect(spikes[0]!.usd).toBe(60);
    expect(spikes[1]!.credits).toBe(6);
    expect(rows.map((r) => [r['warehouse_name'], r['credits'], r['usd']])).toEqual([
      ['ETL_WH', 400, 1200],
      ['BI_WH', 40, 120],
      ['NEW_WH', 6, 18],
      ['STEADY_WH', 90, 270],
    ]);
  });

  it('does report billed against used credits for the month', () => {
    const { findings } = evaluateCreditsByWarehouse({
      results: [perWarehouse, billed],
      thresholds: { spike_ratio: 2, min_daily_credits: 5 },
      now: NOW,
      usdPerCredit: 3,
    });
    const month = findings.find((f) => f.labels['finding'] === 'billed_month_to_date')!;
    expect(month.credits).toBe(548);
    expect(month.usd).toBe(548 * 3);
    expect(month.summary).toContain('548 credits billed of 560 used');
    expect(month.summary).toContain('serverless and other services billed 28');
  });
});

describe('evaluateTopQueries', () => {
  const row = (hash: string, credits: number, extra: Record<string, unknown> = {}) => ({
    query_hash: hash,
    sample_text: `select * from t_${hash}`,
    warehouse_name: 'ETL_WH',
    warehouse_size: 'Large',
    users: 'DBT',
    runs: 3,
    credits,
    exec_s: 100,
    bytes_scanned: 1,
    partitions_scanned: 10,
    partitions_total: 100,
    bytes_spilled_remote: 0,
    ...extra,
  });

  it('does use attribution when it has rows and grade by warn_credits', () => {
    const { rows, findings } = evaluateTopQueries({
      results: [[row('a', 25), row('b', 2), row('c', 0.5)], [row('x', 99)]],
      thresholds: { min_credits: 1, warn_credits: 20 },
      now: NOW,
      usdPerCredit: 3,
    });
    expect(rows.map((r) => [r['query_hash'], r['credit_source']])).toEqual([
      ['a', 'attribution'],
      ['b', 'attribution'],
      ['c', 'attribution'],
    ]);
    expect(findings.map((f) => [f.labels['query_hash'], f.severity, f.credits, f.usd])).toEqual([
      ['a', 'warning', 25, 75],
      ['b', 'info', 2, 6],
    ]);
    expect(findings.every((f) => f.savingsCredits === undefined)).toBe(true);
  });

  it('does fall back to the execution-time estimate when attribution is empty', () => {
    const { rows, findings } = evaluateTopQueries({
      results: [[], [row('x', 4, { partitions_scanned: 95, partitions_total: 100, bytes_spilled_remote: 10 })]],
      thresholds: { min_credits: 1, warn_credits: 20 },
      now: NOW,
      usdPerCredit: 2,
    });
    expect(rows[0]!['credit_source']).toBe('estimate');
    expect(findings[0]!.summary).toContain('(estimated)');
    expect(findings[0]!.usd).toBe(8);
    expect(findings[0]!.recommendation).toContain('scans nearly every partition');
    expect(findings[0]!.recommendation).toContain('spills to remote storage');
  });
});

describe('evaluateWarehouseUtilization', () => {
  it('does fill the 7 × 24 grid and report the idle share', () => {
    const { rows, findings } = evaluateWarehouseUtilization({
      results: [
        [
          { iso_dow: 1, hour_utc: 9, credits: 10, busy_credits: 2, utilization: 0.2 },
          { iso_dow: 3, hour_utc: 14, credits: 10, busy_credits: 8, utilization: 0.8 },
          { iso_dow: 7, hour_utc: 23, credits: 4, busy_credits: 0, utilization: 0 },
        ],
        [
          { warehouse_name: 'BI_WH', compute_credits: 14, busy_credits: 2, idle_credits: 12 },
          { warehouse_name: 'ETL_WH', compute_credits: 10, busy_credits: 8, idle_credits: 2 },
        ],
      ],
      thresholds: { idle_share: 0.5, low_utilization: 0.2, min_idle_credits: 10 },
      now: NOW,
      usdPerCredit: 3,
    });
    expect(rows).toHaveLength(168);
    expect(rows.every((r) => Number(r['iso_dow']) >= 1 && Number(r['iso_dow']) <= 7 && Number(r['hour_utc']) >= 0 && Number(r['hour_utc']) <= 23)).toBe(true);
    expect(rows.find((r) => r['iso_dow'] === 1 && r['hour_utc'] === 9)).toEqual({ iso_dow: 1, hour_utc: 9, credits: 10, busy_credits: 2, utilization: 0.2 });
    expect(rows.find((r) => r['iso_dow'] === 2 && r['hour_utc'] === 0)).toEqual({ iso_dow: 2, hour_utc: 0, credits: 0, busy_credits: 0, utilization: 0 });
    // 24 credits, 10 busy → 14 idle = 58 %; only the Sunday 23h slot is below 20 % utilization.
    const overall = findings.find((f) => f.labels['finding'] === 'idle_share')!;
    expect(overall.credits).toBe(14);
    expect(overall.usd).toBe(42);
    expect(overall.summary).toContain('1 of 168 weekly hour slots');
    expect(findings.filter((f) => f.labels['finding'] === 'idle_warehouse').map((f) => [f.labels['warehouse'], f.credits])).toEqual([['BI_WH', 12]]);
    // warehouse_config owns the savings estimate for idle time; utilization never claims it.
    expect(findings.every((f) => f.savingsCredits === undefined && f.savingsUsd === undefined)).toBe(true);
  });

  it('does stay quiet when the warehouses are busy', () => {
    const { findings } = evaluateWarehouseUtilization({
      results: [[{ iso_dow: 2, hour_utc: 10, credits: 100, busy_credits: 90, utilization: 0.9 }], []],
      thresholds: { idle_share: 0.5, low_utilization: 0.2, min_idle_credits: 10 },
      now: NOW,
      usdPerCredit: 3,
    });
    expect(findings).toEqual([]);
  });
});
