/**
 * Evaluates self_cost: what snowmon itself spent over 30 days, from its warehouse's metering (whose
 * CREDITS_USED includes cloud services; idle compute from settled hours only) and its tagged statements
 * per check over 7 days (QUERY_TAG `{"app":"snowmon","check":"<name>"}`). Pure.
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import { money, threshold, type Evaluator } from './evaluator.js';
import { fmt, num0, resultAt, str } from './row-values.js';

/** The `check` of a snowmon query tag, or the raw tag when it is not JSON. */
function checkOf(tag: string): string {
  try {
    const parsed = JSON.parse(tag) as { check?: unknown };
    return typeof parsed.check === 'string' ? parsed.check : '(none)';
  } catch {
    return tag;
  }
}

export const evaluateSelfCost: Evaluator = ({ results, thresholds, usdPerCredit, warehouse }) => {
  const maxPerDay = threshold(thresholds, 'max_credits_per_day');
  const perCheck = new Map<string, { statements: number; exec_s: number; cloud_services_credits: number }>();
  for (const r of resultAt(results, 0)) {
    const check = checkOf(str(r['query_tag']) ?? '');
    const entry = perCheck.get(check) ?? { statements: 0, exec_s: 0, cloud_services_credits: 0 };
    entry.statements += num0(r['statements']);
    entry.exec_s += num0(r['exec_s']);
    entry.cloud_services_credits += num0(r['cloud_services_credits']);
    perCheck.set(check, entry);
  }
  const rows: Row[] = [...perCheck].sort(([a], [b]) => a.localeCompare(b)).map(([check, v]) => ({ check, ...v }));

  // WAREHOUSE_METERING_HISTORY.CREDITS_USED already holds the warehouse's cloud services
  // (CREDITS_USED_COMPUTE + CREDITS_USED_CLOUD_SERVICES): the total is that, never plus the statements'.
  const metering = resultAt(results, 1)[0];
  const name = str(metering?.['warehouse_name']) ?? warehouse?.toUpperCase() ?? '?';
  const credits30d = num0(metering?.['credits_30d']);
  const compute30d = num0(metering?.['compute_credits_30d']);
  const cloudServices30d = num0(metering?.['cloud_services_credits_30d']);
  const credits1d = num0(metering?.['credits_1d']);
  const settledCompute = num0(metering?.['settled_compute_credits']);
  const idle = Math.max(0, num0(metering?.['idle_credits']));
  const statements = rows.reduce((sum, r) => sum + num0(r['statements']), 0);
  const execS = rows.reduce((sum, r) => sum + num0(r['exec_s']), 0);
  const perDay = credits30d / 30;
  const idleShare = settledCompute > 0 ? `${Math.round((idle / settledCompute) * 100)} % of compute, ` : '';
  const findings: Finding[] = [
    {
      severity: perDay > maxPerDay ? 'warning' : 'info',
      summary:
        `snowmon spent ${fmt(credits30d)} credits on warehouse ${name} in 30 days (${fmt(perDay)} a day; ${fmt(credits1d)} in the 24 h ending 6 h ago) ` +
        `with ${statements} tagged statements in the last 7 days: ${fmt(compute30d)} compute, ${fmt(cloudServices30d)} cloud services; ` +
        `idle ${fmt(idle)} (${idleShare}hours that ended 6 h ago or earlier)`,
      labels: { alert_type: 'cost_finding', finding: 'self_cost', warehouse: name },
      ...money(credits30d, usdPerCredit),
      ...(perDay > maxPerDay
        ? { recommendation: `Above ${maxPerDay} credits a day: run warehouse checks less often and keep ${name} at X-Small with AUTO_SUSPEND = 60.` }
        : {}),
    },
  ];
  rows.push({
    check: '(warehouse total)',
    statements,
    exec_s: execS,
    cloud_services_credits: cloudServices30d,
    warehouse_name: name,
    credits_30d: credits30d,
    compute_credits_30d: compute30d,
    credits_1d: credits1d,
    idle_credits: idle,
    settled_compute_credits: settledCompute,
  });
  return { rows, findings };
};
