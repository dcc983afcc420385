/**
 * Escaping and table building for GitHub-flavoured markdown: one line per value, `|` and markdown
 * punctuation backslash-escaped, `<`, `>` and `&` as entities so no value can open HTML or break a table.
 */

/** Escapes any text for use inside a markdown paragraph or table cell, on one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n|\r|\n/g, ' ')
    .replace(/[\\`*[\]|~#]/g, (ch) => `\\${ch}`)
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A GFM table from already-escaped cells; `right` marks columns to right-align. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[] = []): string[] {
  const cells = (values: readonly string[]) => `| ${values.map((v) => (v === '' ? ' ' : v)).join(' | ')} |`;
  return [cells(headers), `|${headers.map((_, i) => (right[i] ? '---:' : '---')).join('|')}|`, ...rows.map(cells)];
}
