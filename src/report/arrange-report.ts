/**
 * Decides where each finding of a report is shown, so every renderer tells the story in the same order and
 * lists each finding once: criticals first, then the spend story (month to date, monitors with their
 * crossings and projections), then the recommendations with estimated savings, then per check the rest.
 * A monitor's threshold crossings in one cycle become one item. Pure; no formatting here.
 */
import type { CheckOutcome, Finding } from '../checks/check.js';
import type { AuditReport } from './audit-report.js';
import { spendStory, type SpendStory } from './spend-story.js';
import { compareSeverity, sortedFindings, summarizeReport, type PricedFinding, type ReportSummary } from './summarize-report.js';

export interface CheckDetails {
  readonly check: CheckOutcome;
  /** The check's findings not shown above, critical first. */
  readonly items: readonly PricedFinding[];
  /** How many of its findings (after grouping crossings) are shown above instead. */
  readonly shownAbove: number;
}

export interface ArrangedReport {
  readonly summary: ReportSummary;
  readonly spend: SpendStory;
  /** Every critical item, most dollars first. */
  readonly criticals: readonly PricedFinding[];
  /** Items with estimated savings that are not critical, most savings first. */
  readonly recommendations: readonly PricedFinding[];
  readonly details: readonly CheckDetails[];
}

/** Arranges `report` for reading; see the module comment. */
export function arrangeReport(report: AuditReport): ArrangedReport {
  const summary = summarizeReport(report);
  const spend = spendStory(report);
  const inSpend = new Set<Finding>();
  if (spend.monthToDate?.finding !== undefined) inSpend.add(spend.monthToDate.finding);
  const charted = new Set(spend.monitors.map((m) => m.name));

  const criticals: PricedFinding[] = [];
  const recommendations: PricedFinding[] = [];
  const rest = new Map<CheckOutcome, PricedFinding[]>();
  const above = new Map<CheckOutcome, number>();
  for (const check of report.checks) {
    const items = groupCrossings(sortedFindings(check, report.usdPerCredit));
    const kept: PricedFinding[] = [];
    let shown = 0;
    for (const item of items) {
      if (item.finding.severity === 'critical') criticals.push(item);
      else if (item.savingsUsd !== undefined) recommendations.push(item);
      else if (inSpend.has(item.finding) || isMonitorSpend(item.finding, charted)) {
        /* told by the spend story */
      } else {
        kept.push(item);
        continue;
      }
      shown += 1;
    }
    rest.set(check, kept);
    above.set(check, shown);
  }
  criticals.sort((a, b) => (b.usd ?? -Infinity) - (a.usd ?? -Infinity) || a.finding.summary.localeCompare(b.finding.summary));
  recommendations.sort(
    (a, b) =>
      (b.savingsUsd ?? 0) - (a.savingsUsd ?? 0) ||
      compareSeverity(a.finding.severity, b.finding.severity) ||
      a.finding.summary.localeCompare(b.finding.summary),
  );
  return {
    summary,
    spend,
    criticals,
    recommendations,
    details: report.checks.map((check) => ({ check, items: rest.get(check) ?? [], shownAbove: above.get(check) ?? 0 })),
  };
}

/** A monitor's crossing or projection, which the spend story's monitor line shows. */
function isMonitorSpend(finding: Finding, charted: ReadonlySet<string>): boolean {
  const threshold = finding.labels['threshold'];
  return (
    finding.labels['alert_type'] === 'cost_monitor' &&
    charted.has(finding.labels['monitor'] ?? '') &&
    threshold !== undefined &&
    (threshold === 'projected' || Number.isFinite(Number(threshold)))
  );
}

/**
 * One item per monitor and cycle for its threshold crossings: the highest crossing's finding, its summary
 * followed by the lower thresholds it also passed, at the worst severity among them.
 */
export function groupCrossings(items: readonly PricedFinding[]): PricedFinding[] {
  const groups = new Map<string, PricedFinding[]>();
  const out: (PricedFinding | string)[] = [];
  for (const item of items) {
    const { labels } = item.finding;
    const threshold = Number(labels['threshold']);
    if (labels['alert_type'] !== 'cost_monitor' || labels['monitor'] === undefined || labels['threshold'] === undefined || !Number.isFinite(threshold)) {
      out.push(item);
      continue;
    }
    const key = `${labels['monitor']}\u0000${labels['cycle_start'] ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(item);
    else {
      groups.set(key, [item]);
      out.push(key);
    }
  }
  return out.map((entry) => (typeof entry === 'string' ? mergeCrossings(groups.get(entry)!) : entry));
}

function mergeCrossings(group: readonly PricedFinding[]): PricedFinding {
  if (group.length === 1) return group[0]!;
  const byThreshold = [...group].sort((a, b) => Number(b.finding.labels['threshold']) - Number(a.finding.labels['threshold']));
  const top = byThreshold[0]!;
  const lower = byThreshold
    .slice(1)
    .map((item) => `${item.finding.labels['threshold']}%`)
    .reverse();
  const worst = group.map((item) => item.finding.severity).sort(compareSeverity)[0]!;
  return { ...top, finding: { ...top.finding, severity: worst, summary: `${top.finding.summary}; also passed ${lower.join(', ')}` } };
}
