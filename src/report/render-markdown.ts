/**
 * The audit report as GitHub-flavoured markdown, in the order of the HTML report: severity counts and failed
 * checks, the criticals, the spend story (month to date, monitors with projection and crossings, the trend
 * as a sparkline, top warehouses), the recommendations with their estimated savings, then one folded
 * `<details>` block per check (its other findings, top rows, the utilization heatmap as a table of shades).
 * Every value is escaped (see `markdown-text.ts`).
 */
import type { Row } from '../sources/snowflake-client.js';
import { arrangeReport, type ArrangedReport, type CheckDetails } from './arrange-report.js';
import type { AuditReport } from './audit-report.js';
import { formatCredits, formatDuration, formatRatio, formatTimestamp, formatUsd, formatValue, isNumeric, plural } from './format-value.js';
import { escapeMarkdown as esc, markdownTable } from './markdown-text.js';
import { resolveOptions, type RenderOptions } from './render-options.js';
import { chooseColumns, groupRowsByShape } from './row-columns.js';
import { isTrendRow, type SpendStory } from './spend-story.js';
import { monitorPassed, monitorProjection, monitorUsage, monthToDateText, sparkline, trendText } from './spend-text.js';
import { SEVERITIES, type PricedFinding, type ReportSummary } from './summarize-report.js';
import { refusedLines } from './refused-lines.js';
import { SHADES, WEEKDAYS, buildUtilizationGrid, heatmapRows, shadeLevel } from './utilization-grid.js';

/** Shade shown for an hour with no credits (a blank cell would read as missing data). */
const NO_CREDITS = '·';

/** Renders the report as markdown ending in a newline. */
export function renderMarkdown(report: AuditReport, options: RenderOptions = {}): string {
  const { maxRows } = resolveOptions(options);
  const arranged = arrangeReport(report);
  const { summary, spend } = arranged;
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
  out.push(...checkCallouts(summary));
  out.push('', '## Critical', '');
  if (arranged.criticals.length === 0) out.push('No critical findings.');
  else out.push(...findingsTable(arranged.criticals, 'money', true));

  out.push('', '## Spend', '', ...spendLines(spend, report.usdPerCredit));
  out.push('', '## Recommendations', '', ...recommendationLines(arranged));
  out.push('', '## Details per check');
  for (const details of arranged.details) out.push('', ...checkSection(details, maxRows));
  return `${out.join('\n')}\n`;
}

/** The callouts for failed and partial checks: their alerts are not resolved. */
function checkCallouts(summary: ReportSummary): string[] {
  const out: string[] = [];
  if (summary.failedChecks.length > 0) {
    out.push('', '> [!CAUTION]', `> ${summary.failedChecks.length} check(s) failed; their alerts are not resolved.`, '>');
    for (const check of summary.failedChecks) out.push(`> - **${esc(check.name)}**: ${esc(check.error ?? 'no error message')}`);
  }
  if (summary.partialChecks.length > 0) {
    out.push(
      '',
      '> [!WARNING]',
      `> ${summary.partialChecks.length} check(s) partial: a statement was refused, the rest is reported; their alerts are not resolved.`,
      '>',
    );
    for (const check of summary.partialChecks) {
      for (const line of refusedLines(check)) out.push(`> - **${esc(check.name)}**: ${esc(line)}`);
    }
  }
  return out;
}

/** Month to date, the monitors, unquotaed monitors, the trend and the top warehouses. */
function spendLines(spend: SpendStory, usdPerCredit: number): string[] {
  const out: string[] = [];
  if (spend.monthToDate === undefined) out.push('Month to date unknown: credits\\_by\\_warehouse did not run.');
  else {
    out.push(`**${esc(monthToDateText(spend.monthToDate))}**`);
    if (spend.monthToDate.finding !== undefined) out.push('', esc(spend.monthToDate.finding.summary));
  }
  if (spend.monitors.length > 0) {
    out.push(
      '',
      ...markdownTable(
        ['monitor', 'this cycle', 'projection', 'passed'],
        spend.monitors.map((m) => [esc(m.name), esc(monitorUsage(m)), esc(monitorProjection(m)), esc(monitorPassed(m).replace(/^passed /, ''))]),
      ),
    );
  }
  if (spend.unquotaed.length > 0)
    out.push('', `No quota: ${spend.unquotaed.map((m) => `${esc(m.name)} (${esc(formatCredits(m.usedCredits))} credits)`).join(', ')}.`);
  if (spend.trend.length > 0) out.push('', `Billed credits per day: \`${sparkline(spend.trend)}\``, '', esc(trendText(spend.trend, usdPerCredit)));
  if (spend.drivers.length > 0) {
    out.push(
      '',
      ...markdownTable(
        ['top warehouses this month', 'credits', 'usd', 'share'],
        spend.drivers.slice(0, DRIVERS).map((d) => [esc(d.warehouse), formatCredits(d.credits), esc(formatUsd(d.usd)), formatRatio(d.share)]),
        [false, true, true, true],
      ),
    );
  }
  return out;
}

/** The recommendations with an estimated saving, and their total. */
function recommendationLines(arranged: ArrangedReport): string[] {
  const { summary } = arranged;
  const out: string[] = [];
  if (arranged.recommendations.length === 0) {
    out.push('No recommendation with an estimated saving; see the details per check.');
  } else {
    const others = summary.recommendations.length - summary.recommendationsWithSavings;
    out.push(
      ...findingsTable(arranged.recommendations, 'savings', true),
      '',
      `**Estimated savings: ${esc(formatUsd(summary.estimatedSavingsUsd))} per 30 days** across ${plural(summary.recommendationsWithSavings, 'recommendation')}` +
        `${others > 0 ? ` (${others} more without an estimate, in the details)` : ''}.`,
    );
  }
  return out;
}

const DRIVERS = 5;

/** Findings as a table: severity, money (their dollars or their savings), [check,] finding, recommendation. */
function findingsTable(items: readonly PricedFinding[], money: 'money' | 'savings', withCheck: boolean): string[] {
  return markdownTable(
    ['severity', money === 'money' ? 'money' : 'est. savings / 30 days', ...(withCheck ? ['check'] : []), 'finding', 'recommendation'],
    items.map((item) => {
      const amount = money === 'money' ? item.usd : item.savingsUsd;
      return [
        item.finding.severity,
        amount === undefined ? '' : esc(formatUsd(amount)),
        ...(withCheck ? [esc(item.check)] : []),
        esc(item.finding.summary),
        esc(item.finding.recommendation ?? ''),
      ];
    }),
    [false, true],
  );
}

/** One check, folded: a `<details>` block whose summary line names it (GitHub renders the markdown inside). */
function checkSection(details: CheckDetails, maxRows: number): string[] {
  const { check, items, shownAbove } = details;
  const status = check.status === 'ok' ? 'ok' : check.status === 'partial' ? '<b>PARTIAL</b>' : '<b>FAILED</b>';
  const above = shownAbove > 0 ? ` (${shownAbove} above)` : '';
  const out = [
    '<details>',
    `<summary><b>${esc(check.name)}</b> · ${status} · ${plural(check.findings.length, 'finding')}${above} · ${plural(check.rows.length, 'row')} · ${esc(formatDuration(check.durationMs))}</summary>`,
  ];
  if (check.status === 'failed') out.push('', `**Error:** ${esc(check.error ?? 'no error message')}`);
  if (check.status === 'partial') out.push('', ...refusedLines(check).map((line) => `**Refused:** ${esc(line)}  `));
  if (items.length > 0) out.push('', ...findingsTable(items, 'money', false));
  const gridRows = heatmapRows(check.name, check.rows);
  if (gridRows.length > 0) out.push('', ...heatmapTable(gridRows));
  const rows = check.rows.filter((row) => !gridRows.includes(row) && !isTrendRow(check.name, row));
  for (const group of groupRowsByShape(rows)) out.push(...rowsTable(check.name, group, maxRows));
  out.push('', '</details>');
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
