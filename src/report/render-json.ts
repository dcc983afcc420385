/**
 * The audit report as stable JSON for machines: snake_case keys in a fixed order, optional keys omitted
 * rather than null, label keys sorted, row values made JSON-safe. Required keys are never renamed or dropped;
 * the savings keys (`savings_credits`, `savings_usd` on findings, `summary.estimated_savings_usd`) only add.
 */
import type { Severity } from '../checks/check.js';
import type { Row } from '../sources/snowflake-client.js';
import type { AuditReport } from './audit-report.js';
import { findingSavingsUsd, findingUsd, summarizeReport } from './summarize-report.js';

export interface JsonFinding {
  readonly severity: Severity;
  readonly summary: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly credits?: number;
  /** The finding's own `usd`, else `credits` × `usd_per_credit`. */
  readonly usd?: number;
  readonly recommendation?: string;
  /** Credits per 30 days the recommendation would save (an estimate); absent when not in credits or unknown. */
  readonly savings_credits?: number;
  /** USD per 30 days the recommendation would save: `savingsUsd`, else `savings_credits` × `usd_per_credit`. */
  readonly savings_usd?: number;
}

/** An object Snowflake refused to show snowmon's role, and the grant that opens it. */
export interface JsonRefused {
  readonly object: string;
  /** 1-based, as a person counts the statements of the query file. */
  readonly statement: number;
  readonly grant?: string;
}

export interface JsonCheck {
  readonly name: string;
  /** `partial`: a statement was refused (see `refused`); the other statements' rows and findings are here. */
  readonly status: 'ok' | 'partial' | 'failed';
  readonly error?: string;
  /** What Snowflake refused; present when anything was. */
  readonly refused?: readonly JsonRefused[];
  readonly started_at: string;
  readonly duration_ms: number;
  readonly statements_sent: number;
  readonly rows: readonly Readonly<Record<string, JsonValue>>[];
  readonly findings: readonly JsonFinding[];
}

export interface JsonReport {
  readonly generated_at: string;
  readonly account: string;
  readonly usd_per_credit: number;
  readonly summary: {
    readonly critical: number;
    readonly warning: number;
    readonly info: number;
    readonly failed_checks: number;
    /** Checks with a refused statement (status `partial`). */
    readonly partial_checks: number;
    /** Sum of `savings_usd` over the findings with a recommendation. */
    readonly estimated_savings_usd: number;
  };
  readonly checks: readonly JsonCheck[];
}

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Builds the stable JSON shape of a report. */
export function toJsonReport(report: AuditReport): JsonReport {
  const summary = summarizeReport(report);
  return {
    generated_at: report.generatedAt,
    account: report.account,
    usd_per_credit: report.usdPerCredit,
    summary: {
      critical: summary.counts.critical,
      warning: summary.counts.warning,
      info: summary.counts.info,
      failed_checks: summary.failedChecks.length,
      partial_checks: summary.partialChecks.length,
      estimated_savings_usd: summary.estimatedSavingsUsd,
    },
    checks: report.checks.map((check): JsonCheck => ({
      name: check.name,
      status: check.status,
      ...(check.error !== undefined ? { error: check.error } : {}),
      ...(check.refused !== undefined && check.refused.length > 0
        ? { refused: check.refused.map((r) => ({ object: r.object, statement: r.statement + 1, ...(r.grant !== undefined ? { grant: r.grant } : {}) })) }
        : {}),
      started_at: check.startedAt,
      duration_ms: check.durationMs,
      statements_sent: check.statementsSent,
      rows: check.rows.map(toJsonRow),
      findings: check.findings.map((finding): JsonFinding => {
        const usd = findingUsd(finding, report.usdPerCredit);
        const savingsUsd = findingSavingsUsd(finding, report.usdPerCredit);
        return {
          severity: finding.severity,
          summary: finding.summary,
          labels: Object.fromEntries(Object.entries(finding.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
          ...(finding.credits !== undefined ? { credits: finding.credits } : {}),
          ...(usd !== undefined ? { usd } : {}),
          ...(finding.recommendation !== undefined ? { recommendation: finding.recommendation } : {}),
          ...(finding.savingsCredits !== undefined && Number.isFinite(finding.savingsCredits) ? { savings_credits: finding.savingsCredits } : {}),
          ...(savingsUsd !== undefined ? { savings_usd: savingsUsd } : {}),
        };
      }),
    })),
  };
}

/** The report as pretty-printed JSON (two-space indent, trailing newline). */
export function renderJson(report: AuditReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}

function toJsonRow(row: Row): Readonly<Record<string, JsonValue>> {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, toJsonValue(value)]));
}

/** Numbers stay numbers (non-finite → null), bigints become numbers when safe else strings, Dates ISO. */
function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value.toString();
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return String(value);
}
