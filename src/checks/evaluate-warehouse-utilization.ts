/**
 * Evaluates warehouse_utilization: fills the 7 × 24 hour-by-ISO-weekday heatmap (missing cells are zero)
 * and reports the share of compute credits spent idle, overall and per warehouse. Pure.
 *
 * Its findings never set `savingsCredits`: warehouse_config owns the savings estimate for a warehouse's
 * idle time (it knows the AUTO_SUSPEND setting the estimate depends on), so the report counts it once.
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import { money, threshold, type Evaluator } from './evaluator.js';
import { fmt, num0, resultAt, str } from './row-values.js';

export const evaluateWarehouseUtilization: Evaluator = ({ results, thresholds, usdPerCredit }) => {
  const idleShare = threshold(thresholds, 'idle_share');
  const lowUtilization = threshold(thresholds, 'low_utilization');
  const minIdle = threshold(thresholds, 'min_idle_credits');
  const cells = new Map<string, Row>();
  for (const r of resultAt(results, 0)) cells.set(`${num0(r['iso_dow'])}:${num0(r['hour_utc'])}`, r);

  const rows: Row[] = [];
  let credits = 0;
  let busy = 0;
  let lowHours = 0;
  let lowCredits = 0;
  for (let dow = 1; dow <= 7; dow++) {
    for (let hour = 0; hour < 24; hour++) {
      const cell = cells.get(`${dow}:${hour}`);
      const c = num0(cell?.['credits']);
      const b = num0(cell?.['busy_credits']);
      const utilization = c > 0 ? b / c : 0;
      credits += c;
      busy += b;
      if (c > 0 && utilization < lowUtilization) {
        lowHours++;
        lowCredits += c;
      }
      rows.push({ iso_dow: dow, hour_utc: hour, credits: c, busy_credits: b, utilization });
    }
  }

  const findings: Finding[] = [];
  const idle = credits - busy;
  if (credits > 0 && idle / credits >= idleShare && idle >= minIdle) {
    findings.push({
      severity: 'warning',
      summary:
        `${fmt((idle / credits) * 100)}% of warehouse compute over 28 days was idle (${fmt(idle)} of ${fmt(credits)} credits); ` +
        `${lowHours} of 168 weekly hour slots run below ${fmt(lowUtilization * 100)}% utilization (${fmt(lowCredits)} credits)`,
      labels: { alert_type: 'cost_finding', finding: 'idle_share' },
      ...money(idle, usdPerCredit),
      recommendation: 'Lower AUTO_SUSPEND on the idle-heavy warehouses listed below and move quiet-hour jobs onto one warehouse.',
    });
  }
  for (const w of resultAt(results, 1)) {
    const compute = num0(w['compute_credits']);
    const wIdle = num0(w['idle_credits']);
    if (compute <= 0 || wIdle < minIdle || wIdle / compute < idleShare) continue;
    const warehouse = str(w['warehouse_name']) ?? '?';
    findings.push({
      severity: 'info',
      summary: `warehouse ${warehouse} spent ${fmt((wIdle / compute) * 100)}% of its compute idle over 28 days (${fmt(wIdle)} credits)`,
      labels: { alert_type: 'cost_finding', finding: 'idle_warehouse', warehouse },
      ...money(wIdle, usdPerCredit),
      recommendation:
        `Lower AUTO_SUSPEND on ${warehouse} (e.g. 60 s); most of the idle credits are the time it stays up after the last query. ` +
        'The savings estimate, when AUTO_SUSPEND is above its limit, is on the warehouse_config finding.',
    });
  }
  return { rows, findings };
};
