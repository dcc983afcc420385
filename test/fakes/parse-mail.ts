/**
 * Just enough MIME parsing for tests to read what nodemailer sent: unfolded headers with RFC 2047 words
 * decoded, and the text/plain and text/html parts with quoted-printable or base64 undone. Not a general parser.
 */

export interface ParsedMail {
  /** Lower-case header name → decoded value (the last one wins). */
  readonly headers: ReadonlyMap<string, string>;
  readonly text?: string;
  readonly html?: string;
  readonly contentType: string;
}

export function parseMail(raw: string): ParsedMail {
  const { headers, body } = splitHeaders(raw);
  const contentType = headers.get('content-type') ?? 'text/plain';
  const parts: { type: string; body: string }[] = [];
  collectParts(contentType, headers, body, parts);
  const text = parts.find((p) => p.type === 'text/plain')?.body;
  const html = parts.find((p) => p.type === 'text/html')?.body;
  return { headers, contentType, ...(text === undefined ? {} : { text }), ...(html === undefined ? {} : { html }) };
}

function splitHeaders(raw: string): { headers: Map<string, string>; body: string } {
  const normalized = raw.replace(/\r\n/g, '\n');
  const end = normalized.indexOf('\n\n');
  const head = end < 0 ? normalized : normalized.slice(0, end);
  const body = end < 0 ? '' : normalized.slice(end + 2);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body };
}

function collectParts(contentType: string, headers: Map<string, string>, body: string, out: { type: string; body: string }[]): void {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (contentType.toLowerCase().startsWith('multipart/') && boundary !== undefined) {
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitHeaders(chunk.replace(/^\n/, ''));
      collectParts(part.headers.get('content-type') ?? 'text/plain', part.headers, part.body, out);
    }
    return;
  }
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const decoded =
    encoding === 'quoted-printable'
      ? decodeQuotedPrintable(body)
      : encoding === 'base64'
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : body;
  out.push({ type: contentType.split(';')[0]?.trim().toLowerCase() ?? 'text/plain', body: decoded.replace(/\n$/, '') });
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
}

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(data, 'base64').toString('utf8') : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    );
}
