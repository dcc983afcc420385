/**
 * The one entry point the CLI uses: `renderReport` picks a renderer from a const registry by format, and
 * `exitCodeFor` turns a report into `snowmon audit`'s exit code. No I/O; the caller writes the string.
 */
import type { Severity } from '../checks/check.js';
import type { AuditReport } from './audit-report.js';
import { renderHtml } from './render-html.js';
import { renderJson } from './render-json.js';
import { renderMarkdown } from './render-markdown.js';
import type { RenderOptions } from './render-options.js';
import { renderTable } from './render-table.js';
import { compareSeverity } from './summarize-report.js';

export type ReportFormat = 'table' | 'markdown' | 'html' | 'json';

/** `--fail-on`: the mildest severity that fails the audit, or `never`. */
export type FailOn = 'warning' | 'critical' | 'never';

/** Every renderer, by format. */
export const REPORT_RENDERERS: Readonly<Record<ReportFormat, (report: AuditReport, options: RenderOptions) => string>> = {
  table: renderTable,
  markdown: renderMarkdown,
  html: renderHtml,
  json: (report) => renderJson(report),
};

/** The formats `--format` accepts, in the order help text lists them. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['table', 'json', 'markdown', 'html'];

/**
 * Exit codes of `snowmon audit`:
 * - 0: every check ran and no finding is at or above `--fail-on`;
 * - 1: at least one finding is at or above `--fail-on` (this wins over 3: the findings are real even if
 *      another check failed);
 * - 2: usage error (bad flags or config), decided by the CLI, never here;
 * - 3: one or more checks failed and no finding is at or above `--fail-on`, so the audit is incomplete.
 *      This holds for `--fail-on never` too: "never" silences findings, not missing data.
 * - 4: no check failed, but one or more are `partial` (Snowflake refused a statement for a missing grant;
 *      the report names the grant) and no finding is at or above `--fail-on`: incomplete too, but told
 *      apart from 3 so CI can see "fix the grants" from "snowmon could not run". `--fail-on never` keeps it.
 * - 5: `audit --notify` only, when none of the above applies: notifications another process still holds
 *      a claim on (a run that crashed mid-send) were not delivered; `--wait-claims` waits for them.
 */
export const EXIT_CODES = { ok: 0, findings: 1, usage: 2, checksFailed: 3, checksPartial: 4, notificationsHeld: 5 } as const;

/** Renders `report` in `format`. */
export function renderReport(report: AuditReport, format: ReportFormat, options: RenderOptions = {}): string {
  const render = REPORT_RENDERERS[format];
  if (render === undefined) throw new Error(`unknown report format "${String(format)}"`);
  return render(report, options);
}

/** The worst severity among all findings of all checks, or undefined when there are none. */
export function worstSeverity(report: AuditReport): Severity | undefined {
  let worst: Severity | undefined;
  for (const check of report.checks) {
    for (const finding of check.findings) {
      if (worst === undefined || compareSeverity(finding.severity, worst) < 0) worst = finding.severity;
    }
  }
  return worst;
}

/** The exit code for `report` under `failOn`; see `EXIT_CODES`. */
export function exitCodeFor(report: AuditReport, failOn: FailOn): number {
  const worst = worstSeverity(report);
  if (failOn !== 'never' && worst !== undefined && compareSeverity(worst, failOn) <= 0) return EXIT_CODES.findings;
  if (report.checks.some((check) => check.status === 'failed')) return EXIT_CODES.checksFailed;
  if (report.checks.some((check) => check.status === 'partial')) return EXIT_CODES.checksPartial;
  return EXIT_CODES.ok;
}
