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
  const limits: Limits = {
    maxAutoSuspend: threshold(thresholds, 'max_auto_suspend_s'),
    recommended: threshold(thresholds, 'recommended_auto_suspend_s'),
    thrashPerHour: threshold(thresholds, 'resume_thrash_per_hour'),
    usdPerCredit,
  };
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
    const meter = metering.get(key);
    const resume = resumes.get(key);
    const facts: WarehouseFacts = {
      warehouse,
      size: str(w['size']),
      autoSuspend: num(w['auto_suspend']),
      monitor: str(w['resource_monitor']),
      // The metering window is 30 days, so these are per-30-day figures already (for a warehouse younger
      // than 30 days they cover less time and under-state the saving, which keeps the estimate conservative).
      idle: num0(meter?.['idle_credits_30d']),
      spent30d: num0(meter?.['credits_30d']),
      maxPerHour: num0(resume?.['max_resumes_per_hour']),
      resumes7d: num0(resume?.['resumes_7d']),
    };
    const suspend = autoSuspendFinding(facts, limits);
    const created = time(w['created_on']);
    const oldEnough = !created || now.getTime() - created.getTime() >= 30 * DAY_MS;
    const found = [
      suspend,
      // A named monitor covers the warehouse even when SHOW RESOURCE MONITORS hides it from snowmon's role.
      !hasAccountMonitor && !facts.monitor ? noMonitorFinding(facts) : undefined,
      thrashFinding(facts, limits, suspend?.claimsIdle === true),
      // Refused metering (a missing grant) says nothing about use: no "unused" claim from it.
      !meter && oldEnough && !refused?.has(2) ? unusedFinding(facts) : undefined,
    ].filter((f) => f !== undefined);
    findings.push(...found.map((f) => f.finding));
    rows.push({
      warehouse_name: warehouse,
      size: facts.size ?? null,
      state: str(w['state']) ?? null,
      auto_suspend: facts.autoSuspend ?? null,
      resource_monitor: facts.monitor ?? null,
      credits_30d: facts.spent30d,
      idle_credits_30d: facts.idle,
      resumes_7d: facts.resumes7d,
      max_resumes_per_hour: facts.maxPerHour,
      issues: found.map((f) => f.issue).join(','),
    });
  }
  return { rows, findings };
};

interface Limits {
  readonly maxAutoSuspend: number;
  readonly recommended: number;
  readonly thrashPerHour: number;
  readonly usdPerCredit: number;
}

/** One warehouse as SHOW WAREHOUSES, its 30 days of metering and 7 days of resumes describe it. */
interface WarehouseFacts {
  readonly warehouse: string;
  readonly size: string | undefined;
  readonly autoSuspend: number | undefined;
  readonly monitor: string | undefined;
  readonly idle: number;
  readonly spent30d: number;
  readonly maxPerHour: number;
  readonly resumes7d: number;
}

/** A finding and the word the report's `issues` column lists for it. */
interface Found {
  readonly issue: string;
  readonly finding: Finding;
  /** The finding claims the warehouse's idle credits as a saving. */
  readonly claimsIdle?: boolean;
}

const labels = (finding: string, warehouse: string): Record<string, string> => ({ alert_type: 'cost_finding', finding, warehouse });

/** AUTO_SUSPEND off or above the limit, with the idle credits a lower setting would save. */
function autoSuspendFinding({ warehouse, autoSuspend, idle }: WarehouseFacts, { maxAutoSuspend, recommended, usdPerCredit }: Limits): Found | undefined {
  const off = autoSuspend === undefined || autoSuspend <= 0;
  if (!off && autoSuspend <= maxAutoSuspend) return undefined;
  // A warehouse that never suspends is counted as if it already suspended after the limit: claiming
  // all its idle credits would ignore the AUTO_SUSPEND tail it keeps paying after each burst.
  const after = off ? maxAutoSuspend : autoSuspend;
  const saving = Math.max(0, idle * (1 - recommended / after));
  const issue = off ? 'auto_suspend_off' : 'auto_suspend_high';
  const idleText = `${fmt(idle)} idle credits in 30 days`;
  return {
    issue,
    claimsIdle: saving > 0,
    finding: {
      severity: 'warning',
      summary: off
        ? `warehouse ${warehouse} never auto-suspends; ${idleText}`
        : `warehouse ${warehouse} waits ${autoSuspend} s before suspending (limit ${maxAutoSuspend} s); ${idleText}`,
      labels: labels(issue, warehouse),
      ...money(off ? idle : saving, usdPerCredit),
      ...(saving > 0 ? savings(saving, usdPerCredit) : {}),
      recommendation:
        `ALTER WAREHOUSE ${warehouse} SET AUTO_SUSPEND = ${recommended}; estimated saving ${fmt(saving)} credits per 30 days ` +
        `(its ${fmt(idle)} idle credits × (1 − ${recommended}/${after} s)${off ? `, counted as if it suspended after the ${maxAutoSuspend} s limit` : ''}).`,
    },
  };
}

function noMonitorFinding({ warehouse }: WarehouseFacts): Found {
  return {
    issue: 'no_monitor',
    finding: {
      severity: 'warning',
      summary: `warehouse ${warehouse} has no resource monitor and there is no account monitor`,
      labels: labels('no_monitor', warehouse),
      recommendation: `ALTER WAREHOUSE ${warehouse} SET RESOURCE_MONITOR = <monitor>.`,
    },
  };
}

/** More resumes in one hour than the limit: each bills at least 60 s. */
function thrashFinding(facts: WarehouseFacts, { thrashPerHour, usdPerCredit }: Limits, idleSavingClaimed: boolean): Found | undefined {
  const { warehouse, size, maxPerHour, resumes7d, spent30d } = facts;
  if (maxPerHour <= thrashPerHour) return undefined;
  const exposure = resumes7d * (60 / 3600) * (creditsPerHour(size) ?? 1);
  // Half the 7-day minimum billing, scaled to 30 days and capped at the 30-day spend. Not claimed
  // when an auto_suspend saving is: the two recommendations pull AUTO_SUSPEND in opposite directions.
  const saving = idleSavingClaimed ? 0 : Math.min(exposure * THRASH_SAVED_SHARE * (30 / 7), spent30d);
  const estimate = saving > 0 ? ` Estimated saving ${fmt(saving)} credits per 30 days (half of that minimum billing, scaled from 7 to 30 days).` : '';
  return {
    issue: 'resume_thrash',
    finding: {
      severity: 'warning',
      summary: `warehouse ${warehouse} resumed up to ${maxPerHour} times in one hour (${resumes7d} in 7 days); each resume bills at least 60 s`,
      labels: labels('resume_thrash', warehouse),
      ...money(exposure, usdPerCredit),
      ...(saving > 0 ? savings(saving, usdPerCredit) : {}),
      recommendation: `Batch the jobs that wake ${warehouse}, or raise AUTO_SUSPEND a little so back-to-back queries share one resume; up to ${fmt(exposure)} credits of minimum billing per 7 days.${estimate}`,
    },
  };
}

/** No metering in 30 days. No savings: dropping it saves nothing now. */
function unusedFinding({ warehouse }: WarehouseFacts): Found {
  return {
    issue: 'unused',
    finding: {
      severity: 'info',
      summary: `warehouse ${warehouse} has not run in 30 days`,
      labels: labels('unused_warehouse', warehouse),
      recommendation: `Drop ${warehouse} if nothing needs it (DROP WAREHOUSE ${warehouse}); an unused warehouse costs nothing but is an open door for surprise spend.`,
    },
  };
}
