/**
 * Shows a store URL with its password replaced by `***` (`postgres://snowmon:***@db:5432/snowmon`), for
 * messages and `check-config`. Text that does not parse as a URL has anything between `://user:` and `@`
 * masked. It does not validate the URL.
 */

export function maskStoreUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/(:\/\/[^/@:]*:)[^/@]*@/, '$1***@');
  }
}

/** `text` with every occurrence of the URL's password (raw and percent-decoded) replaced by `***`. */
export function redactStoreUrl(text: string, url: string): string {
  let password = '';
  try {
    password = new URL(url).password;
  } catch {
    password = /:\/\/[^/@:]*:([^/@]*)@/.exec(url)?.[1] ?? '';
  }
  let out = text.split(url).join(maskStoreUrl(url));
  if (password === '') return out;
  const decoded = safeDecode(password);
  for (const p of new Set([password, decoded])) if (p.length > 0) out = out.split(p).join('***');
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
