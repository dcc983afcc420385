/**
 * Evaluates storage_by_database: size per database with its growth over the window, the time-travel and
 * fail-safe share, and the permanent tables whose retention outweighs their data. Storage money is
 * USD per TB-month (`usd_per_tb_month`), not credits, so savings are set as `savingsUsd` only. Only the
 * table findings claim a saving; the database-level retention finding covers the same bytes and does not.
 * Pure.
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import { threshold, type Evaluator } from './evaluator.js';
import { bool, fmt, num0, resultAt, str } from './row-values.js';

export const evaluateStorageByDatabase: Evaluator = ({ results, thresholds }) => {
  const growthPct = threshold(thresholds, 'growth_pct');
  const minGrowthGb = threshold(thresholds, 'min_growth_gb');
  const overheadShare = threshold(thresholds, 'overhead_share');
  const minOverheadGb = threshold(thresholds, 'min_overhead_gb');
  const usdPerTb = threshold(thresholds, 'usd_per_tb_month');
  const usd = (gb: number): number => (gb / 1024) * usdPerTb;
  const findings: Finding[] = [];

  const rows: Row[] = resultAt(results, 0).map((r) => {
    const database = str(r['database_name']) ?? '?';
    const total = num0(r['total_gb']);
    const first = num0(r['first_total_gb']);
    const failsafe = num0(r['failsafe_gb']);
    const timeTravel = num0(r['time_travel_gb']);
    const overhead = failsafe + timeTravel;
    const growth = first > 0 ? ((total - first) / first) * 100 : null;
    if (growth !== null && growth >= growthPct && total - first >= minGrowthGb) {
      findings.push({
        severity: 'info',
        summary: `database ${database} grew ${fmt(growth)}% in the window, from ${fmt(first)} GB to ${fmt(total)} GB`,
        labels: { alert_type: 'cost_finding', finding: 'storage_growth', database },
        usd: usd(total - first),
        recommendation: `Check what loads into ${database}; the added ${fmt(total - first)} GB cost about $${fmt(usd(total - first))} a month.`,
      });
    }
    if (total > 0 && overhead / total >= overheadShare && overhead >= minOverheadGb) {
      findings.push({
        severity: 'warning',
        summary: `database ${database}: time travel and fail-safe hold ${fmt(overhead)} GB, ${fmt((overhead / total) * 100)}% of its ${fmt(total)} GB`,
        labels: { alert_type: 'cost_finding', finding: 'retention_overhead', database },
        usd: usd(overhead),
        recommendation: `Make high-churn tables in ${database} TRANSIENT or lower DATA_RETENTION_TIME_IN_DAYS; up to $${fmt(usd(overhead))} a month.`,
      });
    }
    return { ...r, database_name: database, total_gb: total, growth_pct: growth, retention_overhead_gb: overhead, usd_per_month: usd(total) };
  });

  for (const t of resultAt(results, 1)) {
    const transient = bool(t['is_transient']) ?? false;
    const active = num0(t['active_gb']);
    const timeTravel = num0(t['time_travel_gb']);
    const failsafe = num0(t['failsafe_gb']);
    const overhead = timeTravel + failsafe;
    if (transient || overhead <= active || overhead < minOverheadGb) continue;
    const table = [t['database_name'], t['schema_name'], t['table_name']].map((v) => str(v) ?? '?').join('.');
    const retention = num0(t['retention_time']);
    // TRANSIENT drops fail-safe entirely and keeps at most 1 day of time travel; time travel is assumed
    // to grow with the retention days (a table rebuilt daily keeps one copy per day).
    const savedGb = failsafe + timeTravel * (1 - 1 / Math.max(1, retention));
    findings.push({
      severity: 'info',
      summary: `table ${table} keeps ${fmt(overhead)} GB of time travel and fail-safe for ${fmt(active)} GB of data (retention ${retention} days)`,
      labels: { alert_type: 'cost_finding', finding: 'retention_review', database: str(t['database_name']) ?? '?', table },
      usd: usd(overhead),
      ...(savedGb > 0 ? { savingsUsd: usd(savedGb) } : {}),
      recommendation:
        `If ${table} is rebuilt by a pipeline, make it TRANSIENT or set DATA_RETENTION_TIME_IN_DAYS = 1; ` +
        `TRANSIENT saves an estimated $${fmt(usd(savedGb))} a month (its ${fmt(failsafe)} GB of fail-safe` +
        `${retention > 1 ? ` and ${retention - 1}/${retention} of its ${fmt(timeTravel)} GB of time travel` : ''}, at $${fmt(usdPerTb)} per TB-month).`,
    });
  }
  return { rows, findings };
};
