/**
 * Evaluates credits_by_warehouse: the per-warehouse spend table (month to date, 7 days, last day against
 * its 28-day baseline) with a finding per spiking warehouse, and billed against used credits for the
 * month. Pure.
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import { money, threshold, type Evaluator } from './evaluator.js';
import { fmt, num0, resultAt, str } from './row-values.js';

export const evaluateCreditsByWarehouse: Evaluator = ({ results, thresholds, usdPerCredit }) => {
  const spikeRatio = threshold(thresholds, 'spike_ratio');
  const minDaily = threshold(thresholds, 'min_daily_credits');
  const findings: Finding[] = [];
  const rows: Row[] = resultAt(results, 0).map((r) => {
    const warehouse = str(r['warehouse_name']) ?? '?';
    const credits = num0(r['credits']);
    const lastDay = num0(r['last_day_credits']);
    const baseline = num0(r['baseline_daily_credits']);
    const ratio = baseline > 0 ? lastDay / baseline : null;
    if (lastDay >= minDaily && (baseline === 0 || lastDay >= spikeRatio * baseline)) {
      const excess = lastDay - baseline;
      findings.push({
        severity: 'warning',
        summary:
          baseline > 0
            ? `warehouse ${warehouse} used ${fmt(lastDay)} credits yesterday, ${fmt(lastDay / baseline)}× its 28-day daily average of ${fmt(baseline)}`
            : `warehouse ${warehouse} used ${fmt(lastDay)} credits yesterday with no usage in the 28 days before`,
        labels: { alert_type: 'cost_finding', warehouse, finding: 'daily_spike' },
        ...money(excess, usdPerCredit),
        recommendation: `Look at yesterday's top queries on ${warehouse}; ${fmt(excess)} credits above baseline.`,
      });
    }
    return {
      warehouse_name: warehouse,
      credits,
      usd: credits * usdPerCredit,
      compute_credits: num0(r['compute_credits']),
      cloud_services_credits: num0(r['cloud_services_credits']),
      credits_7d: num0(r['credits_7d']),
      last_day_credits: lastDay,
      baseline_daily_credits: baseline,
      spike_ratio: ratio,
    };
  });

  const billed = resultAt(results, 1)[0];
  if (billed) {
    const used = num0(billed['credits_used']);
    const billedCredits = num0(billed['credits_billed']);
    const warehouseMetered = rows.reduce((sum, r) => sum + num0(r['credits']), 0);
    const warehouseBilled = num0(billed['warehouse_credits_billed']);
    const other = billedCredits - warehouseBilled;
    findings.push({
      severity: 'info',
      summary:
        `month to date: ${fmt(billedCredits)} credits billed of ${fmt(used)} used ` +
        `(cloud-services adjustment ${fmt(num0(billed['credits_adjustment']))}); warehouses metered ${fmt(warehouseMetered)}, ` +
        `serverless and other services billed ${fmt(other)}`,
      labels: { alert_type: 'cost_finding', finding: 'billed_month_to_date' },
      ...money(billedCredits, usdPerCredit),
    });
  }
  return { rows, findings };
};
