/**
 * The audit report as GitHub-flavoured markdown: header with severity counts and failed checks, one section
 * per check (findings, top rows, the utilization heatmap as a table of shades), recommendations with their
 * estimated savings per 30 days.
 * Every value is escaped (see `markdown-text.ts`); the layout mirrors the terminal report.
 */
import type { CheckOutcome } from '../checks/check.js';
import type { Row } from '../sources/snowflake-client.js';
import type { AuditReport } from './audit-report.js';
import { formatCredits, formatDuration, formatRatio, formatTimestamp, formatUsd, formatValue, isNumeric, plural } from './format-value.js';
import { escapeMarkdown as esc, markdownTable } from './markdown-text.js';
import { resolveOptions, type RenderOptions } from './render-options.js';
import { chooseColumns, groupRowsByShape } from './row-columns.js';
import { SEVERITIES, sortedFindings, summarizeReport } from './summarize-report.js';
import { refusedLines } from './refused-lines.js';
import { SHADES, WEEKDAYS, buildUtilizationGrid, heatmapRows, shadeLevel } from './utilization-grid.js';

/** Shade shown for an hour with no credits (a blank cell would read as missing data). */
const NO_CREDITS = '·';

/** Renders the report as markdown ending in a newline. */
export function renderMarkdown(report: AuditReport, options: RenderOptions = {}): string {
  const { maxRows } = resolveOptions(options);
  const summary = summarizeReport(report);
  const out: string[] = [
    `# snowmon audit: ${esc(report.account)}`,
    '',
    `Generated ${esc(formatTimestamp(report.generatedAt))} · ${report.checks.length} checks · price ${esc(formatUsd(report.usdPerCredit))} per credit`,
    '',
    ...markdownTable(
      [...SEVERITIES, 'failed checks'],
      [[...SEVERITIES.map((s) => String(summary.counts[s])), String(summary.failedChecks.length)]],
      [true, true, true, true],
    ),
  ];
  if (summary.failedChecks.length > 0) {
    out.push('', '> [!CAUTION]', `> ${summary.failedChecks.length} check(s) failed; their alerts are not resolved.`, '>');
    for (const check of summary.failedChecks) out.push(`> - **${esc(check.name)}**: ${esc(check.error ?? 'no error message')}`);
  }
  if (summary.partialChecks.length > 0) {
    out.push('', '> [!WARNING]', `> ${summary.partialChecks.length} check(s) partial: a statement was refused, the rest is reported; their alerts are not resolved.`, '>');
    for (const check of summary.partialChecks) {
      for (const line of refusedLines(check)) out.push(`> - **${esc(check.name)}**: ${esc(line)}`);
    }
  }
  for (const check of report.checks) out.push('', ...checkSection(check, report.usdPerCredit, maxRows));

  out.push('', '## Recommendations', '');
  if (summary.recommendations.length === 0) {
    out.push('Nothing to recommend.');
  } else {
    const others = summary.recommendations.length - summary.recommendationsWithSavings;
    out.push(
      ...markdownTable(
        ['#', 'est. savings / 30 days', 'severity', 'check', 'finding', 'recommendation'],
        summary.recommendations.map((item, i) => [
          String(i + 1),
          item.savingsUsd === undefined ? '' : esc(formatUsd(item.savingsUsd)),
          item.finding.severity,
          esc(item.check),
          esc(item.finding.summary),
          esc(item.finding.recommendation ?? ''),
        ]),
        [true, true],
      ),
      '',
      `**Estimated savings: ${esc(formatUsd(summary.estimatedSavingsUsd))} per 30 days** across ${plural(summary.recommendationsWithSavings, 'recommendation')}`
        + `${others > 0 ? ` (${others} more without an estimate)` : ''}.`,
    );
  }
  return `${out.join('\n')}\n`;
}

function checkSection(check: CheckOutcome, usdPerCredit: number, maxRows: number): string[] {
  const status = check.status === 'ok' ? 'ok' : check.status === 'partial' ? '**PARTIAL**' : '**FAILED**';
  const out = [`## ${esc(check.name)}`, '', `${status} · ${plural(check.findings.length, 'finding')} · ${plural(check.rows.length, 'row')} · ${esc(formatDuration(check.durationMs))}`];
  if (check.status === 'failed') out.push('', `**Error:** ${esc(check.error ?? 'no error message')}`);
  if (check.status === 'partial') out.push('', ...refusedLines(check).map((line) => `**Refused:** ${esc(line)}  `));
  const findings = sortedFindings(check, usdPerCredit);
  if (findings.length > 0) {
    out.push(
      '',
      ...markdownTable(
        ['severity', 'money', 'finding', 'recommendation'],
        findings.map((item) => [
          item.finding.severity,
          item.usd === undefined ? '' : esc(formatUsd(item.usd)),
          esc(item.finding.summary),
          esc(item.finding.recommendation ?? ''),
        ]),
        [false, true],
      ),
    );
  }
  if (check.rows.length === 0) return out;
  const gridRows = heatmapRows(check.name, check.rows);
  if (gridRows.length > 0) out.push('', ...heatmapTable(gridRows));
  const rows = gridRows.length > 0 ? check.rows.filter((row) => !gridRows.includes(row)) : check.rows;
  for (const group of groupRowsByShape(rows)) out.push(...rowsTable(check.name, group, maxRows));
  return out;
}

function rowsTable(name: string, rows: readonly Row[], maxRows: number): string[] {
  const columns = chooseColumns(name, rows);
  const shown = rows.slice(0, maxRows);
  const out = [
    '',
    ...markdownTable(
      columns.map((c) => esc(c.name)),
      shown.map((row) => columns.map((c) => esc(formatValue(row[c.name], c.kind)))),
      columns.map((c) => shown.some((row) => isNumeric(row[c.name], c.kind))),
    ),
  ];
  if (rows.length > shown.length) out.push('', `… ${rows.length - shown.length} more rows`);
  return out;
}

function heatmapTable(rows: readonly Row[]): string[] {
  const grid = buildUtilizationGrid(rows);
  const hours = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'));
  const legend = SHADES.slice(1)
    .map((shade, i) => `${shade} ${i < 3 ? `≤ ${(i + 1) * 25} %` : '> 75 %'}`)
    .join(' · ');
  const idle = grid.idleShare === undefined ? '' : ` · idle share ${formatRatio(grid.idleShare)} of credits`;
  return [
    `Credits by hour (UTC) × weekday: total ${formatCredits(grid.totalCredits)}${idle}.`,
    '',
    ...markdownTable(
      ['UTC', ...hours],
      grid.cells.map((cells, d) => [
        WEEKDAYS[d] ?? '',
        ...cells.map((cell) => {
          const level = shadeLevel(cell.credits, grid.maxCredits);
          return level === 0 ? NO_CREDITS : (SHADES[level] ?? NO_CREDITS);
        }),
      ]),
    ),
    '',
    `Legend: ${NO_CREDITS} none · ${legend} of the busiest hour (${formatCredits(grid.maxCredits)} credits).`,
  ];
}
