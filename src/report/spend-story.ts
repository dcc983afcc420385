/**
 * The spend story every report opens with: month to date in credits and dollars, each visible resource
 * monitor's cycle spend against its quota with the projection and its basis and the thresholds it passed,
 * the billed credits of the last 30 days (the daily_credits check), and the warehouses that drive the month. Pure derivations of an
 * `AuditReport`'s rows and findings; no formatting here.
 */
import type { Finding } from '../checks/check.js';
import { time } from '../checks/row-values.js';
import type { Row } from '../sources/snowflake-client.js';
import type { AuditReport } from './audit-report.js';

export interface MonthToDate {
  readonly credits: number;
  readonly usd: number;
  /** `billed` (METERING_DAILY_HISTORY, every service) or `warehouses` (warehouse metering only, when billing is unknown). */
  readonly basis: 'billed' | 'warehouses';
  /** The finding the figure comes from (billed against used), shown with it rather than again below. */
  readonly finding?: Finding;
}

export interface MonitorSpend {
  readonly name: string;
  /** ACCOUNT, WAREHOUSE, or undefined for a monitor assigned to nothing. */
  readonly level: string | undefined;
  readonly usedCredits: number;
  /** Undefined for a monitor without a quota: it never reaches a threshold. */
  readonly quotaCredits: number | undefined;
  /** Used against the quota, in percent. */
  readonly pct: number | undefined;
  /** Where the cycle ends at the current pace, in percent of the quota. */
  readonly projectedPct: number | undefined;
  /** What the projection rests on, e.g. `from 15.0 days of data`. */
  readonly basis: string | undefined;
  /** ISO-8601 end of the current cycle, when the monitor resets. */
  readonly cycleEnd: string | undefined;
  /** Thresholds (percent) this cycle's spend passed, ascending, from the check's findings. */
  readonly passed: readonly number[];
  readonly suspended: string | undefined;
}

export interface DayCredits {
  /** `2026-11-15` (UTC). */
  readonly day: string;
  readonly credits: number;
}

export interface SpendDriver {
  readonly warehouse: string;
  readonly credits: number;
  readonly usd: number;
  /** Of the warehouses' month-to-date total, 0–1. */
  readonly share: number;
}

export interface SpendStory {
  readonly monthToDate: MonthToDate | undefined;
  /** Monitors with a quota, fullest first; those without one are in `unquotaed`. */
  readonly monitors: readonly MonitorSpend[];
  readonly unquotaed: readonly MonitorSpend[];
  /** Billed credits per day, oldest first; empty when unknown. */
  readonly trend: readonly DayCredits[];
  /** Warehouses by credits this month, most first. */
  readonly drivers: readonly SpendDriver[];
}

const CREDITS_CHECK = 'credits_by_warehouse';
const MONITORS_CHECK = 'resource_monitors';
const TREND_CHECK = 'daily_credits';

/** The spend story of `report`; parts whose check failed or did not run are empty. */
export function spendStory(report: AuditReport): SpendStory {
  const credits = okCheck(report, CREDITS_CHECK);
  const monitorsCheck = okCheck(report, MONITORS_CHECK);
  const warehouseRows = (credits?.rows ?? []).filter((row) => typeof row['warehouse_name'] === 'string');
  const warehouseTotal = warehouseRows.reduce((sum, row) => sum + number(row['credits']), 0);

  const billed = credits?.findings.find((f) => f.labels['finding'] === 'billed_month_to_date');
  const monthToDate: MonthToDate | undefined =
    billed?.credits !== undefined
      ? { credits: billed.credits, usd: billed.usd ?? billed.credits * report.usdPerCredit, basis: 'billed', finding: billed }
      : warehouseRows.length > 0
        ? { credits: warehouseTotal, usd: warehouseTotal * report.usdPerCredit, basis: 'warehouses' }
        : undefined;

  const monitors = (monitorsCheck?.rows ?? []).filter((row) => typeof row['name'] === 'string').map((row) => monitorSpend(row, monitorsCheck?.findings ?? []));
  const trend = (okCheck(report, TREND_CHECK)?.rows ?? [])
    .flatMap((row) => {
      const day = time(row['usage_date'])?.toISOString().slice(0, 10);
      return day === undefined ? [] : [{ day, credits: number(row['credits_billed'] ?? row['credits_used']) }];
    })
    .sort((a, b) => a.day.localeCompare(b.day));
  const drivers = warehouseRows
    .map((row) => {
      const c = number(row['credits']);
      return { warehouse: String(row['warehouse_name']), credits: c, usd: c * report.usdPerCredit, share: warehouseTotal > 0 ? c / warehouseTotal : 0 };
    })
    .sort((a, b) => b.credits - a.credits || a.warehouse.localeCompare(b.warehouse));
  return {
    monthToDate,
    monitors: monitors.filter((m) => m.quotaCredits !== undefined).sort((a, b) => (b.pct ?? 0) - (a.pct ?? 0) || a.name.localeCompare(b.name)),
    unquotaed: monitors.filter((m) => m.quotaCredits === undefined),
    trend,
    drivers,
  };
}

function monitorSpend(row: Row, findings: readonly Finding[]): MonitorSpend {
  const name = String(row['name']);
  const projection = typeof row['projection'] === 'string' ? row['projection'] : undefined;
  const basis = projection === undefined ? undefined : /\bfrom .*$/.exec(projection)?.[0];
  const passed = findings
    .filter((f) => f.labels['alert_type'] === 'cost_monitor' && f.labels['monitor'] === name)
    .map((f) => Number(f.labels['threshold']))
    .filter((t) => Number.isFinite(t))
    .sort((a, b) => a - b);
  const used = number(row['used_credits']);
  const quota = optionalNumber(row['credit_quota']);
  return {
    name,
    level: optionalString(row['level']),
    usedCredits: used,
    quotaCredits: quota,
    pct: optionalNumber(row['pct']) ?? (quota !== undefined && quota > 0 ? (used / quota) * 100 : undefined),
    projectedPct: optionalNumber(row['projected_pct']),
    basis,
    cycleEnd: optionalString(row['cycle_end']),
    passed: [...new Set(passed)],
    suspended: optionalString(row['suspended_warehouses']),
  };
}

function okCheck(report: AuditReport, name: string) {
  return report.checks.find((c) => c.name === name && c.status !== 'failed');
}

function number(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

function optionalNumber(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A day of daily_credits: drawn as the spend story's trend, so the details do not list it again. */
export function isTrendRow(check: string, row: Row): boolean {
  return check === TREND_CHECK && row['usage_date'] !== undefined;
}
