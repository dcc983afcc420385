import { describe, expect, it } from 'vitest';
import { evaluateFullTableScans } from '../../../src/checks/evaluate-full-table-scans.js';
import { evaluateStorageByDatabase } from '../../../src/checks/evaluate-storage-by-database.js';
import { evaluateWarehouseConfig } from '../../../src/checks/evaluate-warehouse-config.js';

const NOW = new Date('2026-11-20T12:00:00Z');

describe('evaluateWarehouseConfig', () => {
  const show = (name: string, over: Record<string, unknown>) => ({
    name,
    state: 'SUSPENDED',
    size: 'X-Small',
    auto_suspend: '60',
    auto_resume: 'true',
    resource_monitor: 'null',
    created_on: '2025-01-01 00:00:00.000 -0800',
    ...over,
  });
  const warehouses = [
    show('OFF_WH', { auto_suspend: '0', resource_monitor: 'M1' }),
    show('SLOW_WH', { auto_suspend: '3600', size: 'Medium' }),
    show('THRASH_WH', { size: 'Small', resource_monitor: 'M1' }),
    show('OLD_WH', { resource_monitor: 'M1' }),
    show('NEW_WH', { resource_monitor: 'M1', created_on: '2026-11-15 00:00:00.000 +0000' }),
  ];
  const monitors = [{ name: 'M1', level: 'WAREHOUSE', credit_quota: '100' }];
  const metering = [
    { warehouse_name: 'OFF_WH', credits_30d: 100, idle_credits_30d: 20, metered_hours: 300 },
    { warehouse_name: 'SLOW_WH', credits_30d: 200, idle_credits_30d: 50, metered_hours: 300 },
    { warehouse_name: 'THRASH_WH', credits_30d: 30, idle_credits_30d: 1, metered_hours: 100 },
  ];
  const resumes = [{ warehouse_name: 'THRASH_WH', resumes_7d: 100, max_resumes_per_hour: 25 }];
  const thresholds = { max_auto_suspend_s: 600, recommended_auto_suspend_s: 60, resume_thrash_per_hour: 20 };

  it('does find each misconfiguration with its savings estimate', () => {
    const { findings, rows } = evaluateWarehouseConfig({
      results: [warehouses, monitors, metering, resumes],
      thresholds,
      now: NOW,
      usdPerCredit: 3,
    });
    const by = (finding: string) => findings.filter((f) => f.labels['finding'] === finding);
    expect(by('auto_suspend_off').map((f) => [f.labels['warehouse'], f.credits])).toEqual([['OFF_WH', 20]]);
    const slow = by('auto_suspend_high');
    expect(slow.map((f) => f.labels['warehouse'])).toEqual(['SLOW_WH']);
    expect(slow[0]!.credits).toBeCloseTo(50 * (1 - 60 / 3600), 9);
    expect(slow[0]!.usd).toBeCloseTo(50 * (1 - 60 / 3600) * 3, 9);
    expect(by('no_monitor').map((f) => f.labels['warehouse'])).toEqual(['SLOW_WH']);
    const thrash = by('resume_thrash');
    expect(thrash.map((f) => f.labels['warehouse'])).toEqual(['THRASH_WH']);
    expect(thrash[0]!.credits).toBeCloseTo(100 * (60 / 3600) * 2, 9); // Small = 2 credits/h, 60 s minimum each
    expect(by('unused_warehouse').map((f) => f.labels['warehouse'])).toEqual(['OLD_WH']);
    expect(findings.every((f) => f.labels['alert_type'] === 'cost_finding')).toBe(true);
    // Credits/usd stay what the finding is about; the estimated 30-day saving is separate.
    const off = by('auto_suspend_off')[0]!;
    expect(off.usd).toBe(60);
    expect(off.savingsCredits).toBeCloseTo(20 * (1 - 60 / 600), 9); // counted as if it suspended at the 600 s limit
    expect(off.savingsUsd).toBeCloseTo(20 * (1 - 60 / 600) * 3, 9);
    expect(off.recommendation).toContain('estimated saving 18 credits per 30 days');
    expect(slow[0]!.savingsCredits).toBeCloseTo(50 * (1 - 60 / 3600), 9);
    expect(slow[0]!.savingsUsd).toBeCloseTo(50 * (1 - 60 / 3600) * 3, 9);
    // Half the 7-day minimum billing, scaled to 30 days.
    expect(thrash[0]!.savingsCredits).toBeCloseTo(100 * (60 / 3600) * 2 * 0.5 * (30 / 7), 9);
    expect(thrash[0]!.recommendation).toContain('per 30 days');
    for (const f of [...by('no_monitor'), ...by('unused_warehouse')]) {
      expect(f.savingsCredits).toBeUndefined();
      expect(f.savingsUsd).toBeUndefined();
    }
    expect(rows.map((r) => [r['warehouse_name'], r['issues']])).toEqual([
      ['OFF_WH', 'auto_suspend_off'],
      ['SLOW_WH', 'auto_suspend_high,no_monitor'],
      ['THRASH_WH', 'resume_thrash'],
      ['OLD_WH', 'unused'],
      ['NEW_WH', ''],
    ]);
  });

  it('does treat every warehouse as covered when an account monitor exists', () => {
    const { findings } = evaluateWarehouseConfig({
      results: [warehouses, [{ name: 'ACCT', level: 'ACCOUNT' }], metering, resumes],
      thresholds,
      now: NOW,
      usdPerCredit: 3,
    });
    expect(findings.filter((f) => f.labels['finding'] === 'no_monitor')).toEqual([]);
  });

  it('does cap the resume-thrash saving at the 30-day spend and skip it when an auto-suspend saving is claimed', () => {
    const { findings } = evaluateWarehouseConfig({
      results: [
        [show('CHEAP_WH', { size: 'Small', resource_monitor: 'M1' }), show('BOTH_WH', { size: 'Small', auto_suspend: '3600', resource_monitor: 'M1' })],
        monitors,
        [
          { warehouse_name: 'CHEAP_WH', credits_30d: 1, idle_credits_30d: 0.1 },
          { warehouse_name: 'BOTH_WH', credits_30d: 90, idle_credits_30d: 30 },
        ],
        [
          { warehouse_name: 'CHEAP_WH', resumes_7d: 500, max_resumes_per_hour: 40 },
          { warehouse_name: 'BOTH_WH', resumes_7d: 500, max_resumes_per_hour: 40 },
        ],
      ],
      thresholds,
      now: NOW,
      usdPerCredit: 3,
    });
    const thrash = (w: string) => findings.find((f) => f.labels['finding'] === 'resume_thrash' && f.labels['warehouse'] === w)!;
    expect(thrash('CHEAP_WH').savingsCredits).toBe(1);
    expect(thrash('BOTH_WH').credits).toBeCloseTo(500 * (60 / 3600) * 2, 9);
    expect(thrash('BOTH_WH').savingsCredits).toBeUndefined();
    expect(findings.find((f) => f.labels['finding'] === 'auto_suspend_high')!.savingsCredits).toBeCloseTo(30 * (1 - 60 / 3600), 9);
  });
});

describe('evaluateFullTableScans', () => {
  it('does keep repeated scans of large tables above the ratio', () => {
    const base = { sample_text: 'select * from big', warehouse_name: 'ETL_WH', users: 'DBT', exec_s: 100, bytes_scanned: 1 };
    const { rows, findings } = evaluateFullTableScans({
      results: [
        [
          { ...base, query_hash: 'full', runs: 4, max_partitions_total: 5000, avg_scan_ratio: 0.97, est_credits: 2.5 },
          { ...base, query_hash: 'once', runs: 1, max_partitions_total: 5000, avg_scan_ratio: 1, est_credits: 9 },
          { ...base, query_hash: 'small', runs: 9, max_partitions_total: 500, avg_scan_ratio: 1, est_credits: 9 },
          { ...base, query_hash: 'pruned', runs: 9, max_partitions_total: 5000, avg_scan_ratio: 0.6, est_credits: 9 },
        ],
      ],
      thresholds: { min_scan_ratio: 0.9, min_partitions: 1000, min_runs: 2 },
      now: NOW,
      usdPerCredit: 3,
    });
    expect(rows.map((r) => r['query_hash'])).toEqual(['full']);
    expect(findings).toHaveLength(1);
    expect(findings[0]!.labels).toEqual({ alert_type: 'cost_finding', finding: 'full_table_scan', query_hash: 'full', warehouse: 'ETL_WH' });
    expect(findings[0]!.credits).toBe(2.5);
    expect(findings[0]!.usd).toBe(7.5);
    expect(findings[0]!.savingsCredits).toBeUndefined(); // no defensible estimate for a filter's selectivity
  });
});

describe('evaluateStorageByDatabase', () => {
  it('does report growth, retention overhead and tables worth a retention review, priced per TB-month', () => {
    const { rows, findings } = evaluateStorageByDatabase({
      results: [
        [
          { database_name: 'RAW', total_gb: 2048, database_gb: 1800, failsafe_gb: 248, time_travel_gb: 900, active_gb: 900, first_total_gb: 1024 },
          { database_name: 'MARTS', total_gb: 100, database_gb: 95, failsafe_gb: 5, time_travel_gb: 1, active_gb: 94, first_total_gb: 99 },
        ],
        [
          {
            database_name: 'RAW',
            schema_name: 'EVENTS',
            table_name: 'CLICKS',
            is_transient: 'NO',
            retention_time: 7,
            active_gb: 100,
            time_travel_gb: 300,
            failsafe_gb: 150,
          },
          {
            database_name: 'RAW',
            schema_name: 'EVENTS',
            table_name: 'TMP',
            is_transient: 'YES',
            retention_time: 1,
            active_gb: 1,
            time_travel_gb: 50,
            failsafe_gb: 0,
          },
        ],
      ],
      thresholds: { growth_pct: 50, min_growth_gb: 100, overhead_share: 0.5, min_overhead_gb: 10, usd_per_tb_month: 23 },
      now: NOW,
      usdPerCredit: 3,
    });
    expect(rows.map((r) => [r['database_name'], r['total_gb']])).toEqual([
      ['RAW', 2048],
      ['MARTS', 100],
    ]);
    const growth = findings.find((f) => f.labels['finding'] === 'storage_growth')!;
    expect(growth.labels['database']).toBe('RAW');
    expect(growth.usd).toBeCloseTo((1024 / 1024) * 23, 9);
    const overhead = findings.find((f) => f.labels['finding'] === 'retention_overhead')!;
    expect(overhead.usd).toBeCloseTo(((248 + 900) / 1024) * 23, 9);
    const review = findings.filter((f) => f.labels['finding'] === 'retention_review');
    expect(review.map((f) => f.labels['table'])).toEqual(['RAW.EVENTS.CLICKS']);
    expect(review[0]!.usd).toBeCloseTo((450 / 1024) * 23, 9);
    // TRANSIENT drops the 150 GB of fail-safe and 6/7 of the 300 GB of time travel (7-day retention); money, not credits.
    expect(review[0]!.savingsUsd).toBeCloseTo(((150 + 300 * (6 / 7)) / 1024) * 23, 9);
    expect(review[0]!.savingsCredits).toBeUndefined();
    expect(review[0]!.recommendation).toContain('6/7 of its 300 GB of time travel');
    // The database-level findings cover the same bytes and claim nothing.
    expect(growth.savingsUsd).toBeUndefined();
    expect(overhead.savingsUsd).toBeUndefined();
    expect(findings.some((f) => f.labels['database'] === 'MARTS')).toBe(false);
  });
});
