/**
 * Evaluates full_table_scans: keeps the statements that scan at least `min_scan_ratio` of a table with
 * at least `min_partitions` partitions and ran at least `min_runs` times, with their estimated credits.
 * No `savingsCredits`: what a filter or clustering key saves depends on a selectivity the check cannot
 * see, so no defensible estimate exists. Pure.
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import { money, threshold, type Evaluator } from './evaluator.js';
import { fmt, num0, resultAt, str } from './row-values.js';

export const evaluateFullTableScans: Evaluator = ({ results, thresholds, usdPerCredit }) => {
  const minRatio = threshold(thresholds, 'min_scan_ratio');
  const minPartitions = threshold(thresholds, 'min_partitions');
  const minRuns = threshold(thresholds, 'min_runs');
  const rows: Row[] = resultAt(results, 0).filter(
    (r) => num0(r['avg_scan_ratio']) >= minRatio && num0(r['max_partitions_total']) >= minPartitions && num0(r['runs']) >= minRuns,
  );
  const findings: Finding[] = rows.map((r) => {
    const hash = str(r['query_hash']) ?? '?';
    const warehouse = str(r['warehouse_name']) ?? '?';
    const credits = num0(r['est_credits']);
    const text = (str(r['sample_text']) ?? '').replace(/\s+/g, ' ').slice(0, 80);
    return {
      severity: 'warning',
      summary:
        `query ${hash} scanned ${fmt(num0(r['avg_scan_ratio']) * 100)}% of ${num0(r['max_partitions_total'])} partitions ` +
        `${num0(r['runs'])} times in 24 h on ${warehouse} (~${fmt(credits)} credits): ${text}`,
      labels: { alert_type: 'cost_finding', finding: 'full_table_scan', query_hash: hash, warehouse },
      ...money(credits, usdPerCredit),
      recommendation:
        'Add a selective filter on a clustered column or a clustering key; most of these credits go to reading partitions the query does not need.',
    };
  });
  return { rows, findings };
};
