/**
 * The audit report for a terminal, in the order of the HTML report: severity counts and failed checks, the
 * criticals, the spend story (month to date, one line per monitor with meter, projection and crossings, the
 * trend as a sparkline, top warehouses), the recommendations with estimated savings, then per check its
 * other findings and a compact table of its top rows or the utilization heatmap. The part before the
 * details fits a screen. Plain text, optional ANSI colour; every line within `width` when one is given,
 * and names that tell rows apart are never cut.
 */
import type { Severity } from '../checks/check.js';
import type { Row } from '../sources/snowflake-client.js';
import { arrangeReport, type CheckDetails } from './arrange-report.js';
import type { AuditReport } from './audit-report.js';
import { ansiStyle, type AnsiStyle } from './ansi-style.js';
import { formatCredits, formatDuration, formatRatio, formatTimestamp, formatUsd, formatValue, isNumeric, oneLine, plural, truncate } from './format-value.js';
import { resolveOptions, type RenderOptions } from './render-options.js';
import { chooseColumns, groupRowsByShape } from './row-columns.js';
import { isTrendRow, type SpendStory } from './spend-story.js';
import { monitorPassed, monitorProjection, monthToDateText, sparkline, trendText } from './spend-text.js';
import { SEVERITIES, type PricedFinding } from './summarize-report.js';
import { refusedLines } from './refused-lines.js';
import { textHeatmap } from './text-heatmap.js';
import { displayWidth, layoutTable } from './text-table.js';
import { buildUtilizationGrid, heatmapRows } from './utilization-grid.js';

const BADGE_WIDTH = 9;
/** Section rules fill the width, or this many characters when the width has no limit. */
const RULE_WIDTH = 120;
const MONEY_WIDTH = 9;

/** Renders the report as terminal text ending in a newline. */
export function renderTable(report: AuditReport, options: RenderOptions = {}): string {
  const { color, width, maxRows } = resolveOptions(options);
  const style = ansiStyle(color);
  const arranged = arrangeReport(report);
  const { summary, spend } = arranged;
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

  if (arranged.criticals.length > 0) {
    lines.push('', sectionRule('Critical', plural(arranged.criticals.length, 'finding'), style, width));
    for (const item of arranged.criticals) lines.push(...findingLines(item, style, width, 'money', true));
  }

  lines.push('', sectionRule('Spend', spend.monthToDate === undefined ? 'month to date unknown' : monthToDateText(spend.monthToDate), style, width));
  lines.push(...spendLines(spend, report.usdPerCredit, style, width));

  lines.push('', sectionRule('Recommendations', 'estimated savings per 30 days', style, width));
  if (arranged.recommendations.length === 0) {
    lines.push('  nothing to recommend with an estimated saving');
  } else {
    for (const item of arranged.recommendations) lines.push(...findingLines(item, style, width, 'savings', true));
    const others = summary.recommendations.length - summary.recommendationsWithSavings;
    lines.push(
      style.bold(
        fit(
          `  estimated savings: ${formatUsd(summary.estimatedSavingsUsd)} per 30 days across ${plural(summary.recommendationsWithSavings, 'recommendation')}` +
            (others > 0 ? ` (${others} more without an estimate, in the details)` : ''),
        ),
      ),
    );
  }

  lines.push('', sectionRule('Details per check', plural(report.checks.length, 'check'), style, width));
  for (const details of arranged.details) lines.push('', ...checkSection(details, style, width, maxRows));
  return `${lines.join('\n')}\n`;
}

const DRIVERS = 5;
const METER = 10;

/** Monitors (one line each: meter, usage, projection, crossings), the no-quota ones, the trend, the top warehouses. */
function spendLines(spend: SpendStory, usdPerCredit: number, style: AnsiStyle, width: number): string[] {
  const lines: string[] = [];
  if (spend.monitors.length > 0) {
    const table = layoutTable(
      [
        { header: 'monitor', align: 'left', long: false, key: true },
        { header: 'this cycle', align: 'left', long: false },
        { header: 'credits', align: 'right', long: false },
        { header: 'quota', align: 'right', long: false },
        { header: 'used', align: 'right', long: false },
        { header: 'projection', align: 'left', long: true },
        { header: 'passed', align: 'left', long: false },
      ],
      spend.monitors.map((m) => [
        m.name,
        meter(m.pct ?? 0),
        formatCredits(m.usedCredits),
        m.quotaCredits === undefined ? '—' : formatCredits(m.quotaCredits),
        m.pct === undefined ? '—' : `${Math.round(m.pct)}%`,
        monitorProjection(m, true),
        monitorPassed(m).replace(/^passed /, ''),
      ]),
      width,
    );
    lines.push(style.bold(table.header), ...table.rows.map((row, i) => colourMeter(row, spend.monitors[i]!.pct ?? 0, style)));
  }
  if (spend.unquotaed.length > 0) {
    lines.push(truncate(`  no quota: ${spend.unquotaed.map((m) => `${m.name} ${formatCredits(m.usedCredits)} credits`).join(', ')}`, width));
  }
  if (spend.trend.length > 0) {
    lines.push(truncate(`  per day  ${sparkline(spend.trend)}  ${trendText(spend.trend, usdPerCredit)}`, width));
  }
  if (spend.drivers.length > 0) {
    const top = spend.drivers.slice(0, DRIVERS).map((d) => `${d.warehouse} ${formatCredits(d.credits)} (${formatRatio(d.share)})`);
    lines.push(...wrapList('  top warehouses: ', top, width));
  }
  return lines;
}

/** `██████░░░░` for 0–100 %, `██████████+` past it. */
function meter(pct: number): string {
  const filled = Math.max(0, Math.min(METER, Math.round((pct / 100) * METER)));
  return `${'█'.repeat(filled)}${'░'.repeat(METER - filled)}${pct > 100 ? '+' : ''}`;
}

function colourMeter(row: string, pct: number, style: AnsiStyle): string {
  const severity: Severity | undefined = pct >= 100 ? 'critical' : pct >= 75 ? 'warning' : undefined;
  return severity === undefined ? row : row.replace(/[█░]+\+?/, (bar) => style.severity(severity, bar));
}

/** `prefix a, b, c` over as many lines as `width` needs, items never cut (names tell warehouses apart). */
function wrapList(prefix: string, items: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let line = prefix;
  for (const item of items) {
    const sep = line === prefix ? '' : ' · ';
    if (line !== prefix && displayWidth(line + sep + item) > width) {
      lines.push(line);
      line = ' '.repeat(prefix.length) + item;
    } else line += sep + item;
  }
  lines.push(line);
  return lines;
}

function checkSection(details: CheckDetails, style: AnsiStyle, width: number, maxRows: number): string[] {
  const { check, items, shownAbove } = details;
  const status = check.status === 'ok' ? style.ok('ok') : check.status === 'partial' ? style.severity('warning', 'PARTIAL') : style.failed('FAILED');
  const above = shownAbove > 0 ? ` (${shownAbove} above)` : '';
  const facts = `${plural(check.findings.length, 'finding')}${above} · ${plural(check.rows.length, 'row')} · ${formatDuration(check.durationMs)}`;
  const lines = [sectionRule(check.name, `${status} · ${facts}`, style, width)];
  if (check.status === 'failed') {
    lines.push(style.failed(truncate(`  error: ${oneLine(check.error ?? 'no error message')}`, width)));
  }
  if (check.status === 'partial') {
    for (const line of refusedLines(check)) lines.push(style.severity('warning', truncate(`  ${line}`, width)));
  }
  for (const item of items) lines.push(...findingLines(item, style, width, 'money', false));
  if (check.rows.length === 0) {
    if (check.status === 'ok') lines.push(style.dim('  no rows'));
    return lines;
  }
  const gridRows = heatmapRows(check.name, check.rows);
  if (gridRows.length > 0) {
    lines.push('', ...textHeatmap(buildUtilizationGrid(gridRows)).map((line) => truncate(line, width)));
  }
  const rows = check.rows.filter((row) => !gridRows.includes(row) && !isTrendRow(check.name, row));
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
      key: c.key,
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
 * `CRITICAL   $2,760  summary`, then `→ recommendation`. `money` picks the amount: the finding's dollars or
 * its estimated savings per 30 days (blank without one); `withCheck` puts `check:` before the summary.
 */
function findingLines(item: PricedFinding, style: AnsiStyle, width: number, money: 'money' | 'savings', withCheck: boolean): string[] {
  const { finding } = item;
  const badge = finding.severity.toUpperCase().padEnd(BADGE_WIDTH);
  const amount = money === 'savings' ? item.savingsUsd : item.usd;
  const dollars = (amount === undefined ? '' : formatUsd(amount)).padStart(MONEY_WIDTH);
  const prefix = `  ${badge}${dollars}  `;
  const text = `${withCheck ? `${item.check}: ` : ''}${oneLine(finding.summary)}`;
  const lines = [`  ${style.severity(finding.severity, badge)}${dollars}  ${truncate(text, width - prefix.length)}`];
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
  const fill = '─'.repeat(Math.max(3, Math.min(width, RULE_WIDTH) - head.length - plainTail.length));
  return `${style.bold(head)}${tail}${fill}`;
}
