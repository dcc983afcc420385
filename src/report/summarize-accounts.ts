/**
 * The summary of an audit over several accounts, which the html and markdown reports show at the top: per
 * account its month-to-date spend (at its own price), severity counts, failed checks and estimated savings,
 * and their sums; an account whose month to date is unknown (credits_by_warehouse did not run) is left out
 * of the spend sum and counted apart. Pure derivations; no formatting here.
 */
import type { Severity } from '../checks/check.js';
import type { AuditReport } from './audit-report.js';
import { spendStory } from './spend-story.js';
import { SEVERITIES, summarizeReport } from './summarize-report.js';

/** What one line of the table says: an account's, or the sums'. */
export interface AccountFigures {
  readonly counts: Readonly<Record<Severity, number>>;
  readonly failedChecks: number;
  /** Estimated savings per 30 days, USD. */
  readonly savingsUsd: number;
  /** Month to date in USD at the account's price; undefined when unknown (for the sums: in every account). */
  readonly usd: number | undefined;
  readonly credits: number | undefined;
}

export interface AccountsSummary {
  /** One per report, in the order given. */
  readonly accounts: readonly AccountFigures[];
  /** The sums over the accounts (spend over those whose month to date is known). */
  readonly total: AccountFigures;
  /** How many accounts' month to date is unknown, left out of `total.usd`. */
  readonly unknownSpend: number;
}

/** The per-account figures of several reports and their sums. */
export function summarizeAccounts(reports: readonly AuditReport[]): AccountsSummary {
  const accounts: AccountFigures[] = reports.map((report) => {
    const summary = summarizeReport(report);
    const mtd = spendStory(report).monthToDate;
    return {
      counts: summary.counts,
      failedChecks: summary.failedChecks.length,
      savingsUsd: summary.estimatedSavingsUsd,
      usd: mtd?.usd,
      credits: mtd?.credits,
    };
  });
  const known = accounts.filter((a) => a.usd !== undefined);
  const sum = (f: (a: AccountFigures) => number, of: readonly AccountFigures[] = accounts) => of.reduce((s, a) => s + f(a), 0);
  const total: AccountFigures = {
    counts: Object.fromEntries(SEVERITIES.map((s) => [s, sum((a) => a.counts[s])])) as Record<Severity, number>,
    failedChecks: sum((a) => a.failedChecks),
    savingsUsd: sum((a) => a.savingsUsd),
    usd: known.length === 0 ? undefined : sum((a) => a.usd as number, known),
    credits: known.length === 0 ? undefined : sum((a) => a.credits ?? 0, known),
  };
  return { accounts, total, unknownSpend: accounts.length - known.length };
}
