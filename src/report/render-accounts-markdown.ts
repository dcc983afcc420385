/**
 * The audit of several accounts (`accounts:`) as markdown: a summary of the accounts at the top (the html
 * page's table, from the same figures: summarize-accounts.ts), then each account's report as the
 * single-account markdown renders it, in the order given. A single account is rendered by
 * render-markdown.ts alone.
 */
import type { AccountReport } from './render-accounts-html.js';
import { formatCredits, formatTimestamp, formatUsd } from './format-value.js';
import { escapeMarkdown as esc, markdownTable } from './markdown-text.js';
import { renderMarkdown } from './render-markdown.js';
import type { RenderOptions } from './render-options.js';
import { summarizeAccounts, type AccountFigures } from './summarize-accounts.js';
import { SEVERITIES } from './summarize-report.js';

/** Renders several accounts' reports as one markdown document ending in a newline. */
export function renderAccountsMarkdown(accounts: readonly AccountReport[], options: RenderOptions = {}): string {
  const generatedAt = accounts.map((a) => a.report.generatedAt).reduce((a, b) => (b > a ? b : a), '');
  const { accounts: lines, total, unknownSpend } = summarizeAccounts(accounts.map((a) => a.report));
  const figures = (f: AccountFigures) => [
    f.usd === undefined ? '—' : esc(`${formatUsd(f.usd)} (${formatCredits(f.credits ?? 0)} credits)`),
    ...SEVERITIES.map((s) => String(f.counts[s])),
    String(f.failedChecks),
    esc(formatUsd(f.savingsUsd)),
  ];
  const links = accounts.some((a) => a.snowsightUrl !== undefined);
  const rows = accounts.map(({ report, snowsightUrl }, i) => [
    esc(report.account),
    ...figures(lines[i] as AccountFigures),
    ...(links ? [snowsightUrl === undefined ? '' : `[Snowsight ↗](${linkTarget(snowsightUrl)})`] : []),
  ]);
  const out = [
    `# snowmon audit · ${accounts.length} accounts`,
    '',
    `Generated ${esc(formatTimestamp(generatedAt))} · month to date at each account's own price`,
    '',
    ...markdownTable(
      ['account', 'month to date', ...SEVERITIES, 'failed checks', 'savings / 30 days', ...(links ? ['Snowsight'] : [])],
      [...rows, [`**all ${accounts.length} accounts**`, ...figures(total), ...(links ? [''] : [])]],
      [false, true, true, true, true, true, true],
    ),
  ];
  if (unknownSpend > 0) {
    out.push(
      '',
      `Month to date unknown for ${unknownSpend} of ${accounts.length} accounts (credits\\_by\\_warehouse did not run there): the sum leaves them out.`,
    );
  }
  const sections = accounts.map(({ report }) => renderMarkdown(report, options).replace(/\n+$/, ''));
  return `${[out.join('\n'), ...sections].join('\n\n')}\n`;
}

/** A link target that cannot end the link or open HTML: spaces, brackets, `|`, `<` and `>` percent-encoded. */
function linkTarget(url: string): string {
  return url.replace(/[\s()[\]|<>]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
