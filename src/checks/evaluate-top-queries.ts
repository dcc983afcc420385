/**
 * Evaluates top_queries: takes Snowflake's attribution when it has rows, else the execution-time
 * estimate, and turns the recurring expensive statements into findings with a hint at the cause. No
 * `savingsCredits`: whether caching, a filter or another size helps depends on data the check cannot
 * see (does the result change between runs, how selective a filter would be). Pure.
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import { money, threshold, type Evaluator } from './evaluator.js';
import { fmt, num, num0, resultAt, str } from './row-values.js';

export const evaluateTopQueries: Evaluator = ({ results, thresholds, usdPerCredit }) => {
  const minCredits = threshold(thresholds, 'min_credits');
  const warnCredits = threshold(thresholds, 'warn_credits');
  const attributed = resultAt(results, 0);
  const source = attributed.length > 0 ? attributed : resultAt(results, 1);
  const estimated = attributed.length === 0;
  const rows: Row[] = source.slice(0, 20).map((r) => ({
    ...r,
    credits: num0(r['credits']),
    usd: num0(r['credits']) * usdPerCredit,
    credit_source: estimated ? 'estimate' : 'attribution',
  }));
  const findings: Finding[] = [];
  for (const r of rows) {
    const credits = num0(r['credits']);
    if (credits < minCredits) continue;
    const hash = str(r['query_hash']) ?? '?';
    const warehouse = str(r['warehouse_name']) ?? '?';
    const runs = num0(r['runs']);
    const scanned = num(r['partitions_scanned']);
    const total = num(r['partitions_total']);
    const hints: string[] = [];
    if (scanned !== undefined && total !== undefined && total > 0 && scanned / total >= 0.9)
      hints.push('it scans nearly every partition: add a selective filter or a clustering key');
    if (num0(r['bytes_spilled_remote']) > 0) hints.push('it spills to remote storage: a larger warehouse or a smaller working set will be cheaper');
    if (runs > 1) hints.push(`it ran ${runs} times: cache or materialise the result if it does not change`);
    const text = (str(r['sample_text']) ?? '').replace(/\s+/g, ' ').slice(0, 80);
    findings.push({
      severity: credits >= warnCredits ? 'warning' : 'info',
      summary: `query ${hash} on ${warehouse} cost ${fmt(credits)} credits over ${runs} runs in 7 days${estimated ? ' (estimated)' : ''}: ${text}`,
      labels: { alert_type: 'cost_finding', finding: 'expensive_query', query_hash: hash, warehouse },
      ...money(credits, usdPerCredit),
      recommendation: hints.length > 0 ? `${hints.join('; ')}.` : 'Review the query plan for pruning and join order; right-size its warehouse.',
    });
  }
  return { rows, findings };
};
