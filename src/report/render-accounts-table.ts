/**
 * The audit of several accounts (`accounts:`) for a terminal: the table of accounts the html and markdown
 * reports open with (the same figures: summarize-accounts.ts), then each account's report as the
 * single-account table renders it, in the order given. A single account is rendered by render-table.ts alone.
 */
import type { AuditReport } from './audit-report.js';
import { ansiStyle } from './ansi-style.js';
import { formatTimestamp, formatUsd, oneLine, truncate } from './format-value.js';
import { resolveOptions, type RenderOptions } from './render-options.js';
import { renderTable } from './render-table.js';
import { summarizeAccounts, type AccountFigures } from './summarize-accounts.js';
import { SEVERITIES } from './summarize-report.js';
import { layoutTable, type TextColumn } from './text-table.js';

const COLUMNS: readonly TextColumn[] = [
  { header: 'account', align: 'left', long: false, key: true },
  { header: 'month to date', align: 'right', long: false },
  ...SEVERITIES.map((s): TextColumn => ({ header: s, align: 'right', long: false })),
  { header: 'failed checks', align: 'right', long: false },
  { header: 'savings / 30 days', align: 'right', long: false },
];

/** Renders several accounts' reports as terminal text ending in a newline. */
export function renderAccountsTable(reports: readonly AuditReport[], options: RenderOptions = {}): string {
  const { color, width } = resolveOptions(options);
  const style = ansiStyle(color);
  const generatedAt = reports.map((r) => r.generatedAt).reduce((a, b) => (b > a ? b : a), '');
  const { accounts, total, unknownSpend } = summarizeAccounts(reports);
  const cells = (name: string, f: AccountFigures) => [
    name,
    f.usd === undefined ? '—' : formatUsd(f.usd),
    ...SEVERITIES.map((s) => String(f.counts[s])),
    String(f.failedChecks),
    formatUsd(f.savingsUsd),
  ];
  const table = layoutTable(
    COLUMNS,
    [...reports.map((r, i) => cells(oneLine(r.account), accounts[i] as AccountFigures)), cells(`all ${reports.length} accounts`, total)],
    width,
  );
  const lines = [
    style.bold(truncate(`snowmon audit · ${reports.length} accounts · ${formatTimestamp(generatedAt)}`, width)),
    style.bold(table.header),
    table.rule,
    ...table.rows.slice(0, -1),
    table.rule,
    style.bold(table.rows[table.rows.length - 1] ?? ''),
  ];
  if (unknownSpend > 0)
    lines.push(
      truncate(
        `month to date unknown for ${unknownSpend} of ${reports.length} accounts (credits_by_warehouse did not run there): the sum leaves them out`,
        width,
      ),
    );
  const sections = reports.map((report) => renderTable(report, options).replace(/\n+$/, ''));
  return `${[lines.join('\n'), ...sections].join('\n\n')}\n`;
}
