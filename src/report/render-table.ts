/**
 * The audit report for a terminal: a header with severity counts and failed checks, one section per check
 * (status, findings critical first with money, a compact table of the top rows or the utilization heatmap),
 * and the recommendations, those with estimated savings first, with the savings total. Plain text, optional ANSI colour, every line within `width`.
 */
import type { CheckOutcome } from '../checks/check.js';
import type { Row } from '../sources/snowflake-client.js';
import type { AuditReport } from './audit-report.js';
import { ansiStyle, type AnsiStyle } from './ansi-style.js';
import { formatDuration, formatTimestamp, formatUsd, formatValue, isNumeric, oneLine, plural, truncate } from './format-value.js';
import { resolveOptions, type RenderOptions } from './render-options.js';
import { chooseColumns, groupRowsByShape } from './row-columns.js';
import { SEVERITIES, sortedFindings, summarizeReport, type PricedFinding } from './summarize-report.js';
import { refusedLines } from './refused-lines.js';
import { textHeatmap } from './text-heatmap.js';
import { layoutTable } from './text-table.js';
import { buildUtilizationGrid, heatmapRows } from './utilization-grid.js';

const BADGE_WIDTH = 9;
const MONEY_WIDTH = 9;

/** Renders the report as terminal text ending in a newline. */
export function renderTable(report: AuditReport, options: RenderOptions = {}): string {
  const { color, width, maxRows } = resolveOptions(options);
  const style = ansiStyle(color);
  const summary = summarizeReport(report);
  const fit = (text: string): string => truncate(text, width);
  const lines: string[] = [];

  lines.push(style.bold(fit(`snowmon audit · ${oneLine(report.account)} · ${formatTimestamp(report.generatedAt)}`)));
  const counts = SEVERITIES.map((s) => style.severity(s, `${summary.counts[s]} ${s}`)).join(' · ');
  const failed = summary.failedChecks.length;
  const partial = summary.partialChecks.length > 0 ? `, ${style.severity('warning', `${summary.partialChecks.length} partial`)}` : '';
  const checks = `${report.checks.length} ran, ${failed === 0 ? style.ok('none failed') : style.failed(`${failed} failed`)}${partial}`;
  lines.push(`findings: ${counts}`, `checks:   ${checks} · price ${formatUsd(report.usdPerCredit)}/credit`);
  if (failed > 0) {
    lines.push(style.failed('failed checks (their alerts are not resolved):'));
    for (const check of summary.failedChecks) lines.push(fit(`  ✗ ${check.name}: ${oneLine(check.error ?? 'no error message')}`));
  }
  if (summary.partialChecks.length > 0) {
    lines.push(style.severity('warning', 'partial checks (a statement was refused: findings shown, alerts not resolved):'));
    for (const check of summary.partialChecks) {
      for (const line of refusedLines(check)) lines.push(fit(`  ◐ ${check.name}: ${line}`));
    }
  }

  for (const check of report.checks) {
    lines.push('', ...checkSection(check, report.usdPerCredit, style, width, maxRows));
  }

  lines.push('', sectionRule('Recommendations', 'estimated savings per 30 days first', style, width));
  if (summary.recommendations.length === 0) {
    lines.push('  nothing to recommend');
  } else {
    for (const item of summary.recommendations) lines.push(...findingLines(item, style, width, true));
    const others = summary.recommendations.length - summary.recommendationsWithSavings;
    lines.push(
      '',
      style.bold(fit(`  estimated savings: ${formatUsd(summary.estimatedSavingsUsd)} per 30 days across ${plural(summary.recommendationsWithSavings, 'recommendation')}`
        + (others > 0 ? ` (${others} more without an estimate)` : ''))),
    );
  }
  return `${lines.join('\n')}\n`;
}

function checkSection(check: CheckOutcome, usdPerCredit: number, style: AnsiStyle, width: number, maxRows: number): string[] {
  const status = check.status === 'ok' ? style.ok('ok') : check.status === 'partial' ? style.severity('warning', 'PARTIAL') : style.failed('FAILED');
  const facts = `${plural(check.findings.length, 'finding')} · ${plural(check.rows.length, 'row')} · ${formatDuration(check.durationMs)}`;
  const lines = [sectionRule(check.name, `${status} · ${facts}`, style, width)];
  if (check.status === 'failed') {
    lines.push(style.failed(truncate(`  error: ${oneLine(check.error ?? 'no error message')}`, width)));
  }
  if (check.status === 'partial') {
    for (const line of refusedLines(check)) lines.push(style.severity('warning', truncate(`  ${line}`, width)));
  }
  for (const item of sortedFindings(check, usdPerCredit)) lines.push(...findingLines(item, style, width, false));
  if (check.rows.length === 0) {
    if (check.status === 'ok') lines.push(style.dim('  no rows'));
    return lines;
  }
  const gridRows = heatmapRows(check.name, check.rows);
  if (gridRows.length > 0) {
    lines.push('', ...textHeatmap(buildUtilizationGrid(gridRows)).map((line) => truncate(line, width)));
  }
  const rows = gridRows.length > 0 ? check.rows.filter((row) => !gridRows.includes(row)) : check.rows;
  for (const group of groupRowsByShape(rows)) lines.push(...rowsTable(check.name, group, style, width, maxRows));
  return lines;
}

/** A compact table of the first `maxRows` rows, numbers right-aligned, cut to `width`. */
function rowsTable(name: string, rows: readonly Row[], style: AnsiStyle, width: number, maxRows: number): string[] {
  const columns = chooseColumns(name, rows);
  const shown = rows.slice(0, maxRows);
  const table = layoutTable(
    columns.map((c) => ({
      header: c.name,
      long: c.long,
      align: shown.some((row) => isNumeric(row[c.name], c.kind)) ? ('right' as const) : ('left' as const),
    })),
    shown.map((row) => columns.map((c) => formatValue(row[c.name], c.kind))),
    width,
  );
  const lines = shown.length > 0 ? ['', style.bold(table.header), style.dim(table.rule), ...table.rows] : [];
  if (rows.length > shown.length) lines.push(style.dim(`  … ${rows.length - shown.length} more rows`));
  return lines;
}

/**
 * `CRITICAL   $2,760  summary`, then `→ recommendation`. In the recommendations (`asRecommendation`) the
 * money is the estimated savings per 30 days (blank without an estimate) and `check:` precedes the summary.
 */
function findingLines(item: PricedFinding, style: AnsiStyle, width: number, asRecommendation: boolean): string[] {
  const { finding } = item;
  const badge = finding.severity.toUpperCase().padEnd(BADGE_WIDTH);
  const amount = asRecommendation ? item.savingsUsd : item.usd;
  const money = (amount === undefined ? '' : formatUsd(amount)).padStart(MONEY_WIDTH);
  const prefix = `  ${badge}${money}  `;
  const text = `${asRecommendation ? `${item.check}: ` : ''}${oneLine(finding.summary)}`;
  const lines = [`  ${style.severity(finding.severity, badge)}${money}  ${truncate(text, width - prefix.length)}`];
  if (finding.recommendation !== undefined) {
    const indent = ' '.repeat(prefix.length);
    lines.push(indent + style.dim(truncate(`→ ${oneLine(finding.recommendation)}`, width - indent.length)));
  }
  return lines;
}

/** `── title ── detail ─────` filling the width. */
function sectionRule(title: string, detail: string, style: AnsiStyle, width: number): string {
  const head = `── ${title} `;
  const tail = detail === '' ? '' : `── ${detail} `;
  const plainTail = tail.replace(/\u001b\[[0-9;]*m/g, '');
  const fill = '─'.repeat(Math.max(3, width - head.length - plainTail.length));
  return `${style.bold(head)}${tail}${fill}`;
}
