/**
 * Evaluates `SHOW RESOURCE MONITORS` + `SHOW WAREHOUSES`: percent of quota this cycle, crossings of the
 * configured thresholds and of each monitor's own triggers, suspended warehouses, coverage gaps and the
 * cycle-end projection. Pure; the cycle math is in `monitor-cycle.ts`.
 */

import type { Finding } from './check.js';
import type { Row } from '../sources/snowflake-client.js';
import { money, threshold, type Evaluator } from './evaluator.js';
import { invisibleMonitors, invisibleMonitorsFinding } from './invisible-monitors.js';
import { projectPercent, type MonitorCycle, type Projection, type ProjectionRule } from './monitor-cycle.js';
import { cycleOfMonitor, describeSchedule, monitorSchedule, type MonitorCycleOverrides } from './monitor-schedule.js';
import { fmt, num, percentages, resultAt, str } from './row-values.js';

const RUNBOOK_WARN = 'Look at the top warehouses and queries this cycle; right-size or reschedule.';
const RUNBOOK_LIMIT = 'Review top queries, right-size the warehouse, or raise the quota; the suspended warehouses are named.';

type TriggerKind = 'threshold' | 'notify' | 'suspend' | 'suspend_immediate';

export const evaluateResourceMonitors: Evaluator = ({ results, thresholds, now, usdPerCredit, role, monitorCycles = {} }) => {
  const monitors = resultAt(results, 0);
  const warehouses = resultAt(results, 1);
  const findings: Finding[] = [];
  const rows: Row[] = [];
  const configured = ['warn_pct', 'high_pct', 'limit_pct'].map((key) => thresholds[key]).filter((t): t is number => typeof t === 'number');
  const projectedLimit = threshold(thresholds, 'projected_pct');
  const rule = {
    minElapsed: threshold(thresholds, 'min_elapsed_pct') / 100,
    minDataHours: threshold(thresholds, 'min_data_hours'),
  };

  for (const m of monitors) {
    const state = readMonitor(m, warehouses, now, monitorCycles, rule);
    rows.push(state.row);
    const unusable = unusableMonitorFinding(state);
    if (unusable !== undefined) {
      findings.push(unusable);
      continue;
    }
    if (!state.cycle.started || state.pct === undefined || state.quota === undefined) continue;
    const inCycle = { ...state, pct: state.pct, quota: state.quota };
    findings.push(...crossingFindings(inCycle, m, configured, usdPerCredit));
    const onCourse = projectionFinding(inCycle, projectedLimit, usdPerCredit);
    if (onCourse !== undefined) findings.push(onCourse);
  }

  const hasAccountMonitor = monitors.some((m) => str(m['level'])?.toUpperCase() === 'ACCOUNT');
  if (!hasAccountMonitor) findings.push(...unmonitoredWarehouseFindings(warehouses));
  const invisible = invisibleMonitorsFinding(invisibleMonitors(warehouses, monitors), role);
  if (invisible !== undefined) findings.push(invisible);
  return { rows, findings };
};

/** One monitor as SHOW RESOURCE MONITORS and SHOW WAREHOUSES describe it this cycle, and its report row. */
interface MonitorState {
  readonly name: string;
  readonly quota: number | undefined;
  readonly used: number;
  readonly level: string | undefined;
  readonly cycle: MonitorCycle;
  readonly cycleStart: string;
  /** The covered warehouses that are suspended. */
  readonly suspended: readonly string[];
  /** Percent of the quota used; undefined without a quota. */
  readonly pct: number | undefined;
  readonly projection: Projection | undefined;
  readonly row: Row;
}

function readMonitor(m: Row, warehouses: readonly Row[], now: Date, monitorCycles: MonitorCycleOverrides, rule: ProjectionRule): MonitorState {
  const name = str(m['name']) ?? '?';
  const quota = num(m['credit_quota']);
  const used = num(m['used_credits']) ?? 0;
  const level = str(m['level'])?.toUpperCase();
  const schedule = monitorSchedule(m, monitorCycles);
  const cycle = cycleOfMonitor(m, now, monitorCycles);
  const covered = warehouses.filter((w) => level === 'ACCOUNT' || str(w['resource_monitor']) === name);
  const suspended = covered.filter((w) => str(w['state'])?.toUpperCase() === 'SUSPENDED').map((w) => str(w['name']) ?? '?');
  const pct = quota !== undefined && quota > 0 ? (used / quota) * 100 : undefined;
  const projection = pct === undefined ? undefined : projectPercent(pct, cycle, now, rule);
  const projected = projection?.pct;
  const cycleStart = cycle.start.toISOString();
  const row: Row = {
    name,
    level: level ?? null,
    frequency: describeSchedule(schedule),
    credit_quota: quota ?? null,
    used_credits: used,
    pct: pct ?? null,
    projected_pct: projected ?? null,
    projection: projection === undefined ? null : projected === undefined ? projection.basis : `${fmt(projected)}% ${projection.basis}`,
    cycle_start: cycleStart,
    cycle_end: cycle.end?.toISOString() ?? null,
    warehouses: covered.map((w) => str(w['name'])).join(', '),
    suspended_warehouses: suspended.join(', '),
  };
  return { name, quota, used, level, cycle, cycleStart, suspended, pct, projection, row };
}

/** A monitor that can never fire: one without a quota, or one assigned to nothing. */
function unusableMonitorFinding({ name, quota, level }: MonitorState): Finding | undefined {
  if (quota === undefined) {
    return {
      severity: 'info',
      summary: `monitor ${name} has no credit quota, so it never reaches a threshold`,
      labels: { alert_type: 'cost_finding', monitor: name, finding: 'monitor_without_quota' },
      recommendation: `Set CREDIT_QUOTA on ${name} or drop it.`,
    };
  }
  if (level === undefined) {
    return {
      severity: 'warning',
      summary: `monitor ${name} is assigned to no warehouse and not to the account, so it monitors nothing`,
      labels: { alert_type: 'cost_finding', monitor: name, finding: 'monitor_unassigned' },
      recommendation: `Assign ${name} with ALTER WAREHOUSE ... SET RESOURCE_MONITOR = ${name}, or drop it.`,
    };
  }
  return undefined;
}

type InCycle = MonitorState & { readonly pct: number; readonly quota: number };

/** One finding per threshold passed, configured or the monitor's own trigger; a limit (100% or a suspend trigger) is critical. */
function crossingFindings(state: InCycle, m: Row, configured: readonly number[], usdPerCredit: number): Finding[] {
  const { name, pct, quota, used, suspended, cycleStart } = state;
  const triggers = new Map<number, Set<TriggerKind>>();
  const add = (t: number | undefined, kind: TriggerKind): void => {
    if (t === undefined) return;
    const kinds = triggers.get(t) ?? new Set<TriggerKind>();
    kinds.add(kind);
    triggers.set(t, kinds);
  };
  configured.forEach((t) => add(t, 'threshold'));
  percentages(m['notify_at']).forEach((t) => add(t, 'notify'));
  const suspendAt = percentages(m['suspend_at'])[0];
  const suspendImmediatelyAt = percentages(m['suspend_immediately_at'])[0];
  add(suspendAt, 'suspend');
  add(suspendImmediatelyAt, 'suspend_immediate');
  // Only a monitor past its own SUSPEND / SUSPEND_IMMEDIATE trigger has suspended anything.
  const suspendTriggers = [suspendAt, suspendImmediatelyAt].filter((t): t is number => t !== undefined);
  const hasSuspended = suspendTriggers.length > 0 && pct >= Math.min(...suspendTriggers);

  const findings: Finding[] = [];
  for (const t of [...triggers.keys()].sort((a, b) => a - b)) {
    if (pct < t) continue;
    const kinds = triggers.get(t) as Set<TriggerKind>;
    const suspends = kinds.has('suspend') || kinds.has('suspend_immediate');
    const limit = t >= 100 || suspends;
    const own = [...kinds]
      .filter((k) => k !== 'threshold')
      .map((k) => k.toUpperCase())
      .join('/');
    const named = limit && hasSuspended && suspended.length > 0 ? `; suspended warehouses: ${suspended.join(', ')}` : '';
    findings.push({
      severity: limit ? 'critical' : 'warning',
      summary: `monitor ${name} at ${fmt(pct)}% of ${fmt(quota)} credits (passed ${t}%${own ? `, its ${own} trigger` : ''})${named}`,
      labels: { alert_type: 'cost_monitor', monitor: name, threshold: String(t), cycle_start: cycleStart },
      ...money(used, usdPerCredit),
      recommendation: limit ? RUNBOOK_LIMIT : RUNBOOK_WARN,
    });
  }
  return findings;
}

/** A warning when the cycle's pace passes `projectedLimit` before the reset while spend is still below it. */
function projectionFinding(state: InCycle, projectedLimit: number, usdPerCredit: number): Finding | undefined {
  const { name, pct, quota, projection, cycle, cycleStart } = state;
  const projected = projection?.pct;
  if (projected === undefined || pct >= projectedLimit || projected < projectedLimit) return undefined;
  const overrun = (projected / 100) * quota - quota;
  return {
    severity: 'warning',
    summary: `monitor ${name} is on course for ${fmt(projected)}% of ${fmt(quota)} credits by ${cycle.end?.toISOString() ?? 'cycle end'} (now ${fmt(pct)}%, ${projection?.basis ?? ''})`,
    labels: { alert_type: 'cost_monitor', monitor: name, threshold: 'projected', cycle_start: cycleStart },
    ...money(Math.max(0, overrun), usdPerCredit),
    recommendation: `At this cycle's average pace (${projection?.basis ?? ''}) spend passes the quota by about ${fmt(overrun)} credits before the reset. ${RUNBOOK_WARN}`,
  };
}

/** Without an account monitor: each warehouse that names no monitor is unmonitored. */
function unmonitoredWarehouseFindings(warehouses: readonly Row[]): Finding[] {
  const findings: Finding[] = [];
  for (const w of warehouses) {
    // A named monitor covers the warehouse even when SHOW RESOURCE MONITORS hides it from snowmon's role.
    if (str(w['resource_monitor'])) continue;
    const warehouse = str(w['name']) ?? '?';
    findings.push({
      severity: 'warning',
      summary: `warehouse ${warehouse} is covered by no resource monitor and there is no account monitor`,
      labels: { alert_type: 'cost_finding', warehouse, finding: 'unmonitored_warehouse' },
      recommendation:
        `Assign a monitor: ALTER WAREHOUSE ${warehouse} SET RESOURCE_MONITOR = <monitor>, or create an account monitor ` +
        "(an account monitor snowmon's role holds no MONITOR on is invisible to it: grant MONITOR on it).",
    });
  }
  return findings;
}
