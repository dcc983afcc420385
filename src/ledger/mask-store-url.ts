/**
 * Shows a store URL with its password replaced by `***` (`postgres://snowmon:***@db:5432/snowmon`), for
 * messages and `check-config`. It works on the text and never parses the URL, so a malformed one
 * (`postgres//u:p@h`, `postgres:/u:p@h`, a `/` or `@` in the password) is masked too. It does not validate.
 */

/**
 * Where the password is in `url`: from the first `:` after the scheme and its slashes (however many) to
 * the last `@`, and any `password=` query parameter. Errs towards masking too much.
 */
function passwordSpans(url: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const prefix = /^[A-Za-z][A-Za-z0-9+.-]*:?\/+/.exec(url)?.[0] ?? '';
  const at = url.lastIndexOf('@');
  if (at > prefix.length) {
    const colon = url.indexOf(':', prefix.length);
    if (colon !== -1 && colon < at) spans.push({ start: colon + 1, end: at });
  }
  for (const m of url.matchAll(/[?&]password=([^&#]*)/gi)) {
    const start = (m.index ?? 0) + m[0].length - (m[1] ?? '').length;
    if (!spans.some((s) => start >= s.start && start < s.end)) spans.push({ start, end: start + (m[1] ?? '').length });
  }
  return spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start);
}

export function maskStoreUrl(url: string): string {
  let out = '';
  let from = 0;
  for (const span of passwordSpans(url)) {
    out += `${url.slice(from, span.start)}***`;
    from = span.end;
  }
  return out + url.slice(from);
}

/** `text` with the URL masked and every occurrence of its password (raw and percent-decoded) replaced by `***`. */
export function redactStoreUrl(text: string, url: string): string {
  let out = text.split(url).join(maskStoreUrl(url));
  for (const span of passwordSpans(url)) {
    const password = url.slice(span.start, span.end);
    for (const p of new Set([password, safeDecode(password)])) if (p.length > 0) out = out.split(p).join('***');
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
