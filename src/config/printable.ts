/**
 * Makes text from a config file safe to print in a one-line error: control characters, line breaks,
 * invisible and bidirectional format characters are escaped (`\u0007`, `\n`), and text longer than a limit
 * is cut with an ellipsis and its full length. It does not hide secrets.
 */

/** How many characters of a long value an error shows. */
export const PRINTABLE_LIMIT = 80;

// C0/C1 controls, format characters (zero-width, bidi), line and paragraph separators, private use,
// unassigned code points and lone surrogates: anything a terminal would not show as itself.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cn}\p{Cs}]/gu;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` escaped, cut to `limit` characters (code points) plus `… (N chars)` when longer. */
export function printable(text: string, limit = PRINTABLE_LIMIT): string {
  return shown(text, limit, (t) => t, '');
}

/** `"text"`: a string in double quotes (`"` and `\` escaped), cut and escaped like `printable`. */
export function quoteText(text: string, limit = PRINTABLE_LIMIT): string {
  return shown(text, limit, (t) => t.replace(/["\\]/g, '\\$&'), '"');
}

function shown(text: string, limit: number, escapeQuotes: (text: string) => string, mark: string): string {
  const chars = Array.from(text);
  const long = chars.length > limit;
  const body = escapeQuotes(long ? chars.slice(0, limit).join('') : text).replace(UNPRINTABLE, (c) => NAMED[c] ?? escapeCodePoint(c));
  return long ? `${mark}${body}…${mark} (${chars.length} chars)` : `${mark}${body}${mark}`;
}

function escapeCodePoint(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}
