/**
 * Reads a posted HTML form (`application/x-www-form-urlencoded`, at most 64 KB) into URLSearchParams;
 * undefined for any other body. The dashboard's forms are the only bodies it accepts.
 */

import type { IncomingMessage } from 'node:http';

const LIMIT = 64 * 1024;

export async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > LIMIT) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
