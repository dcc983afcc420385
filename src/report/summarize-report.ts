/**
 * The facts every renderer shows the same way: severity counts, failed checks, findings in reading order
 * with their dollars, and the recommendations with their estimated savings per 30 days. Pure derivations
 * of an `AuditReport`; no formatting here.
 */
import type { CheckOutcome, Finding, Severity } from '../checks/check.js';
import type { AuditReport } from './audit-report.js';

/** Severities from worst to mildest. */
export const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, warning: 1, info: 2 };

/**
 * A finding with its check's name, its dollars resolved (`usd`, else `credits` × price: what the finding is
 * about) and its estimated savings per 30 days resolved (`savingsUsd`, else `savingsCredits` × price).
 */
export interface PricedFinding {
  readonly check: string;
  readonly finding: Finding;
  readonly usd: number | undefined;
  readonly savingsUsd: number | undefined;
}

export interface ReportSummary {
  readonly counts: Readonly<Record<Severity, number>>;
  readonly failedChecks: readonly CheckOutcome[];
  /** Checks that ran with a statement refused for a missing grant: their findings stand, their alerts do not resolve. */
  readonly partialChecks: readonly CheckOutcome[];
  /**
   * Findings that carry a recommendation: those with estimated savings first, most savings first; then
   * the rest, critical first, then most dollars.
   */
  readonly recommendations: readonly PricedFinding[];
  /** Sum of the estimated savings per 30 days of `recommendations` (findings without savings add nothing). */
  readonly estimatedSavingsUsd: number;
  /** How many of `recommendations` carry a savings estimate. */
  readonly recommendationsWithSavings: number;
}

/** Compares severities so that sorting puts critical first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

/** A finding's dollars: its own `usd`, else its `credits` priced at `usdPerCredit`, else undefined. */
export function findingUsd(finding: Finding, usdPerCredit: number): number | undefined {
  return resolveUsd(finding.usd, finding.credits, usdPerCredit);
}

/** A finding's estimated savings per 30 days in USD: `savingsUsd`, else `savingsCredits` × price, else undefined. */
export function findingSavingsUsd(finding: Finding, usdPerCredit: number): number | undefined {
  return resolveUsd(finding.savingsUsd, finding.savingsCredits, usdPerCredit);
}

function resolveUsd(usd: number | undefined, credits: number | undefined, usdPerCredit: number): number | undefined {
  if (usd !== undefined && Number.isFinite(usd)) return usd;
  if (credits !== undefined && Number.isFinite(credits)) return credits * usdPerCredit;
  return undefined;
}

function priced(check: string, finding: Finding, usdPerCredit: number): PricedFinding {
  return { check, finding, usd: findingUsd(finding, usdPerCredit), savingsUsd: findingSavingsUsd(finding, usdPerCredit) };
}

/** One check's findings priced and sorted: critical first, then most dollars, then summary text. */
export function sortedFindings(check: CheckOutcome, usdPerCredit: number): readonly PricedFinding[] {
  return check.findings
    .map((finding) => priced(check.name, finding, usdPerCredit))
    .sort(
      (a, b) =>
        compareSeverity(a.finding.severity, b.finding.severity) ||
        (b.usd ?? -Infinity) - (a.usd ?? -Infinity) ||
        a.finding.summary.localeCompare(b.finding.summary),
    );
}

/** Derives the counts, failed checks, recommendations and their estimated savings of a report. */
export function summarizeReport(report: AuditReport): ReportSummary {
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  const recommendations: PricedFinding[] = [];
  for (const check of report.checks) {
    for (const finding of check.findings) {
      counts[finding.severity] += 1;
      if (finding.recommendation !== undefined) recommendations.push(priced(check.name, finding, report.usdPerCredit));
    }
  }
  recommendations.sort(
    (a, b) =>
      (b.savingsUsd ?? -Infinity) - (a.savingsUsd ?? -Infinity) ||
      compareSeverity(a.finding.severity, b.finding.severity) ||
      (b.usd ?? -Infinity) - (a.usd ?? -Infinity) ||
      a.finding.summary.localeCompare(b.finding.summary),
  );
  const withSavings = recommendations.filter((item) => item.savingsUsd !== undefined);
  return {
    counts,
    failedChecks: report.checks.filter((check) => check.status === 'failed'),
    partialChecks: report.checks.filter((check) => check.status === 'partial'),
    recommendations,
    estimatedSavingsUsd: withSavings.reduce((sum, item) => sum + (item.savingsUsd ?? 0), 0),
    recommendationsWithSavings: withSavings.length,
  };
}
