/**
 * The dashboard's one way to write HTML: the `html` tagged template escapes every interpolated value unless
 * it is already `SafeHtml` (another `html` result or a `raw` constant), so a warehouse named
 * `<img src=x onerror=alert(1)>` renders as text. Arrays are joined; null, undefined and false render nothing.
 */

import { escapeHtml } from '../report/html-escape.js';

/** HTML that is safe to insert as is. */
export class SafeHtml {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

type Part = SafeHtml | string | number | boolean | null | undefined | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (part instanceof SafeHtml) return part.text;
  if (Array.isArray(part)) return part.map(render).join('');
  return escapeHtml(String(part));
}

/** Builds HTML, escaping every value that is not `SafeHtml`. */
export function html(strings: TemplateStringsArray, ...values: readonly Part[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Marks a constant written in this code base as HTML; never pass data through it. */
export function raw(text: string): SafeHtml {
  return new SafeHtml(text);
}
