/**
 * Evaluates warehouse_config: SHOW WAREHOUSES + SHOW RESOURCE MONITORS + 30 days of metering + 7 days
 * of resume events → auto_suspend off or too high, no monitor, resume thrash and unused warehouses,
 * each with a savings estimate in credits where one can be made. Pure.
 *
 * This check owns the savings claim for a warehouse's idle time; warehouse_utilization reports the same
 * idle credits without `savingsCredits`, so the report never counts them twice.
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import { money, threshold, type Evaluator } from './evaluator.js';
import { creditsPerHour, fmt, num, num0, resultAt, str, time } from './row-values.js';

const DAY_MS = 86_400_000;

/** Share of the 60 s minimum billing per resume counted as saved: batching removes some resumes, not all. */
const THRASH_SAVED_SHARE = 0.5;

/** `savingsCredits` and `savingsUsd` for a compute saving, never negative. */
function savings(credits: number, usdPerCredit: number): { savingsCredits: number; savingsUsd: number } {
  const c = Math.max(0, credits);
  return { savingsCredits: c, savingsUsd: c * usdPerCredit };
}

export const evaluateWarehouseConfig: Evaluator = ({ results, thresholds, now, usdPerCredit, refused }) => {
  const maxAutoSuspend = threshold(thresholds, 'max_auto_suspend_s');
  const recommended = threshold(thresholds, 'recommended_auto_suspend_s');
  const thrashPerHour = threshold(thresholds, 'resume_thrash_per_hour');
  const warehouses = resultAt(results, 0);
  const monitors = resultAt(results, 1);
  const metering = new Map(resultAt(results, 2).map((r) => [str(r['warehouse_name'])?.toUpperCase(), r]));
  const resumes = new Map(resultAt(results, 3).map((r) => [str(r['warehouse_name'])?.toUpperCase(), r]));
  const hasAccountMonitor = monitors.some((m) => str(m['level'])?.toUpperCase() === 'ACCOUNT');

  const findings: Finding[] = [];
  const rows: Row[] = [];
  for (const w of warehouses) {
    const warehouse = str(w['name']) ?? '?';
    const key = warehouse.toUpperCase();
    const size = str(w['size']);
    const autoSuspend = num(w['auto_suspend']);
    const monitor = str(w['resource_monitor']);
    const meter = metering.get(key);
    // The metering window is 30 days, so these are per-30-day figures already (for a warehouse younger
    // than 30 days they cover less time and under-state the saving, which keeps the estimate conservative).
    const idle = num0(meter?.['idle_credits_30d']);
    const spent30d = num0(meter?.['credits_30d']);
    let idleSavingClaimed = false;
    const resume = resumes.get(key);
    const issues: string[] = [];
    const labels = (finding: string): Record<string, string> => ({ alert_type: 'cost_finding', finding, warehouse });

    if (autoSuspend === undefined || autoSuspend <= 0) {
      // A warehouse that never suspends is counted as if it already suspended after the limit: claiming
      // all its idle credits would ignore the AUTO_SUSPEND tail it keeps paying after each burst.
      const saving = Math.max(0, idle * (1 - recommended / maxAutoSuspend));
      idleSavingClaimed = saving > 0;
      issues.push('auto_suspend_off');
      findings.push({
        severity: 'warning',
        summary: `warehouse ${warehouse} never auto-suspends; ${fmt(idle)} idle credits in 30 days`,
        labels: labels('auto_suspend_off'),
        ...money(idle, usdPerCredit),
        ...(saving > 0 ? savings(saving, usdPerCredit) : {}),
        recommendation:
          `ALTER WAREHOUSE ${warehouse} SET AUTO_SUSPEND = ${recommended}; estimated saving ${fmt(saving)} credits per 30 days ` +
          `(its ${fmt(idle)} idle credits × (1 − ${recommended}/${maxAutoSuspend} s), counted as if it suspended after the ${maxAutoSuspend} s limit).`,
      });
    } else if (autoSuspend > maxAutoSuspend) {
      const saving = Math.max(0, idle * (1 - recommended / autoSuspend));
      idleSavingClaimed = saving > 0;
      issues.push('auto_suspend_high');
      findings.push({
        severity: 'warning',
        summary: `warehouse ${warehouse} waits ${autoSuspend} s before suspending (limit ${maxAutoSuspend} s); ${fmt(idle)} idle credits in 30 days`,
        labels: labels('auto_suspend_high'),
        ...money(saving, usdPerCredit),
        ...(saving > 0 ? savings(saving, usdPerCredit) : {}),
        recommendation:
          `ALTER WAREHOUSE ${warehouse} SET AUTO_SUSPEND = ${recommended}; estimated saving ${fmt(saving)} credits per 30 days ` +
          `(its ${fmt(idle)} idle credits × (1 − ${recommended}/${autoSuspend} s)).`,
      });
    }

    // A named monitor covers the warehouse even when SHOW RESOURCE MONITORS hides it from snowmon's role.
    if (!hasAccountMonitor && !monitor) {
      issues.push('no_monitor');
      findings.push({
        severity: 'warning',
        summary: `warehouse ${warehouse} has no resource monitor and there is no account monitor`,
        labels: labels('no_monitor'),
        recommendation: `ALTER WAREHOUSE ${warehouse} SET RESOURCE_MONITOR = <monitor>.`,
      });
    }

    const maxPerHour = num0(resume?.['max_resumes_per_hour']);
    const resumes7d = num0(resume?.['resumes_7d']);
    if (maxPerHour > thrashPerHour) {
      const exposure = resumes7d * (60 / 3600) * (creditsPerHour(size) ?? 1);
      // Half the 7-day minimum billing, scaled to 30 days and capped at the 30-day spend. Not claimed
      // when an auto_suspend saving is: the two recommendations pull AUTO_SUSPEND in opposite directions.
      const saving = idleSavingClaimed ? 0 : Math.min(exposure * THRASH_SAVED_SHARE * (30 / 7), spent30d);
      const estimate = saving > 0 ? ` Estimated saving ${fmt(saving)} credits per 30 days (half of that minimum billing, scaled from 7 to 30 days).` : '';
      issues.push('resume_thrash');
      findings.push({
        severity: 'warning',
        summary: `warehouse ${warehouse} resumed up to ${maxPerHour} times in one hour (${resumes7d} in 7 days); each resume bills at least 60 s`,
        labels: labels('resume_thrash'),
        ...money(exposure, usdPerCredit),
        ...(saving > 0 ? savings(saving, usdPerCredit) : {}),
        recommendation: `Batch the jobs that wake ${warehouse}, or raise AUTO_SUSPEND a little so back-to-back queries share one resume; up to ${fmt(exposure)} credits of minimum billing per 7 days.${estimate}`,
      });
    }

    const created = time(w['created_on']);
    const oldEnough = !created || now.getTime() - created.getTime() >= 30 * DAY_MS;
    // No savings on an unused warehouse: it has no metering in 30 days, so dropping it saves nothing now.
    // Refused metering (a missing grant) says nothing about use: no "unused" claim from it.
    if (!meter && oldEnough && !refused?.has(2)) {
      issues.push('unused');
      findings.push({
        severity: 'info',
        summary: `warehouse ${warehouse} has not run in 30 days`,
        labels: labels('unused_warehouse'),
        recommendation: `Drop ${warehouse} if nothing needs it (DROP WAREHOUSE ${warehouse}); an unused warehouse costs nothing but is an open door for surprise spend.`,
      });
    }

    rows.push({
      warehouse_name: warehouse,
      size: size ?? null,
      state: str(w['state']) ?? null,
      auto_suspend: autoSuspend ?? null,
      resource_monitor: monitor ?? null,
      credits_30d: num0(meter?.['credits_30d']),
      idle_credits_30d: idle,
      resumes_7d: resumes7d,
      max_resumes_per_hour: maxPerHour,
      issues: issues.join(','),
    });
  }
  return { rows, findings };
};
