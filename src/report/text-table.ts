/**
 * Lays out a plain-text table for a terminal: padded columns, numbers right-aligned, and columns shrunk
 * (long free text first) with `…` so every line fits a given width; key columns (names that tell rows
 * apart) are never cut, other columns are dropped from the right when shrinking is not enough. Text only;
 * colour is added by the caller.
 */
import { truncate } from './format-value.js';

export interface TextColumn {
  readonly header: string;
  readonly align: 'left' | 'right';
  /** Free text that gives up its width first when the table is too wide. */
  readonly long: boolean;
  /** A name that tells the rows apart: never cut; other columns shrink, then drop from the right, first. */
  readonly key?: boolean;
}

/** The laid-out table: a header line, a rule line and one line per row, each at most `width` wide. */
export interface TextTable {
  readonly header: string;
  readonly rule: string;
  readonly rows: readonly string[];
}

const GAP = '  ';
/** Shrinking passes: long text down to 24, then other columns down to 10, then anything down to 6. */
const SHRINK_PASSES: readonly { readonly longOnly: boolean; readonly min: number }[] = [
  { longOnly: true, min: 24 },
  { longOnly: false, min: 10 },
  { longOnly: false, min: 6 },
];

/** Lays out `cells` (one array of display strings per row) under `columns`, indented by `indent` spaces. */
export function layoutTable(columns: readonly TextColumn[], cells: readonly (readonly string[])[], width: number, indent = 2): TextTable {
  const widths = columns.map((column, i) => Math.max(displayWidth(column.header), ...cells.map((row) => displayWidth(row[i] ?? ''))));
  let excess = indent + widths.reduce((sum, w) => sum + w, 0) + GAP.length * Math.max(0, columns.length - 1) - width;
  for (const pass of SHRINK_PASSES) {
    // Take one character at a time from the widest eligible column, so columns shrink evenly.
    while (excess > 0) {
      let target = -1;
      for (let i = 0; i < widths.length; i += 1) {
        if (columns[i]!.key === true || (pass.longOnly && !columns[i]!.long)) continue;
        if (widths[i]! > pass.min && (target < 0 || widths[i]! > widths[target]!)) target = i;
      }
      if (target < 0) break;
      widths[target] = widths[target]! - 1;
      excess -= 1;
    }
  }
  // Still too wide with every other column at its narrowest: drop non-key columns from the right.
  const shown = columns.map(() => true);
  for (let i = columns.length - 1; i >= 0 && excess > 0; i -= 1) {
    if (columns[i]!.key === true) continue;
    shown[i] = false;
    excess -= widths[i]! + GAP.length;
  }
  const pad = ' '.repeat(indent);
  const line = (values: readonly string[]): string =>
    pad +
    columns
      .flatMap((column, i) => {
        if (!shown[i]) return [];
        const w = widths[i]!;
        const text = truncate(values[i] ?? '', w);
        const fill = ' '.repeat(Math.max(0, w - displayWidth(text)));
        return [column.align === 'right' ? fill + text : text + fill];
      })
      .join(GAP)
      .trimEnd();
  return {
    header: line(columns.map((c) => c.header)),
    rule: pad + widths.flatMap((w, i) => (shown[i] ? ['─'.repeat(w)] : [])).join(GAP),
    rows: cells.map(line),
  };
}

/** Characters on screen, counting code points (the report uses no wide characters). */
export function displayWidth(text: string): number {
  return Array.from(text).length;
}
