/**
 * The facts every renderer shows the same way: severity counts, failed checks, findings in reading order
 * with their dollars, and the recommendations list with its total. Pure derivations of an `AuditReport`;
 * no formatting here.
 */
import type { CheckOutcome, Finding, Severity } from '../checks/check.js';
import type { AuditReport } from './audit-report.js';

/** Severities from worst to mildest. */
export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, warning: 1, info: 2 };

/** A finding with its check's name and its dollars resolved (`usd`, else `credits` × price). */
export interface PricedFinding {
  readonly check: string;
  readonly finding: Finding;
  readonly usd: number | undefined;
}

export interface ReportSummary {
  readonly counts: Readonly<Record<Severity, number>>;
  readonly failedChecks: readonly CheckOutcome[];
  /** Findings that carry a recommendation and/or money, most dollars first (no money last). */
  readonly recommendations: readonly PricedFinding[];
  /** Sum of the dollars of `recommendations`. */
  readonly recommendationsUsd: number;
}

/** Compares severities so that sorting puts critical first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

/** A finding's dollars: its own `usd`, else its `credits` priced at `usdPerCredit`, else undefined. */
export function findingUsd(finding: Finding, usdPerCredit: number): number | undefined {
  if (finding.usd !== undefined && Number.isFinite(finding.usd)) return finding.usd;
  if (finding.credits !== undefined && Number.isFinite(finding.credits)) return finding.credits * usdPerCredit;
  return undefined;
}

/** One check's findings priced and sorted: critical first, then most dollars, then summary text. */
export function sortedFindings(check: CheckOutcome, usdPerCredit: number): readonly PricedFinding[] {
  return check.findings
    .map((finding) => ({ check: check.name, finding, usd: findingUsd(finding, usdPerCredit) }))
    .sort(
      (a, b) =>
        compareSeverity(a.finding.severity, b.finding.severity) ||
        (b.usd ?? -Infinity) - (a.usd ?? -Infinity) ||
        a.finding.summary.localeCompare(b.finding.summary),
    );
}

/** Derives the counts, failed checks and recommendations of a report. */
export function summarizeReport(report: AuditReport): ReportSummary {
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  const recommendations: PricedFinding[] = [];
  for (const check of report.checks) {
    for (const finding of check.findings) {
      counts[finding.severity] += 1;
      const usd = findingUsd(finding, report.usdPerCredit);
      if (finding.recommendation !== undefined || usd !== undefined) recommendations.push({ check: check.name, finding, usd });
    }
  }
  recommendations.sort(
    (a, b) =>
      (b.usd ?? -Infinity) - (a.usd ?? -Infinity) || compareSeverity(a.finding.severity, b.finding.severity),
  );
  return {
    counts,
    failedChecks: report.checks.filter((check) => check.status === 'failed'),
    recommendations,
    recommendationsUsd: recommendations.reduce((sum, item) => sum + (item.usd ?? 0), 0),
  };
}
