import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pingHeartbeat } from '../../../src/daemon/heartbeat.js';

let server: Server;
let base: string;
const seen: { method: string; url: string; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', body });
      if (req.url?.startsWith('/slow')) return; // never answers
      res.writeHead(req.url?.startsWith('/fail') ? 500 : 200).end('OK');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('pingHeartbeat', () => {
  it('does GET the url and report ok when the receiver answers 200', async () => {
    expect(await pingHeartbeat({ url: `${base}/ping/abc` })).toEqual({ ok: true, status: 200 });
    expect(seen.at(-1)).toMatchObject({ method: 'GET', url: '/ping/abc' });
  });

  it('does POST the body when the method is POST', async () => {
    expect(await pingHeartbeat({ url: `${base}/ping/abc`, method: 'POST', body: 'cycle ok' })).toEqual({ ok: true, status: 200 });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: 'cycle ok' });
  });

  it('does report failure without throwing when the receiver answers 500', async () => {
    expect(await pingHeartbeat({ url: `${base}/fail` })).toEqual({ ok: false, status: 500, error: 'HTTP 500' });
  });

  it('does report a timeout without throwing when the receiver never answers', async () => {
    expect(await pingHeartbeat({ url: `${base}/slow`, timeoutMs: 100 })).toEqual({ ok: false, error: 'timed out after 100 ms' });
  });

  it('does report a network error without the url when nothing listens', async () => {
    const url = 'http://127.0.0.1:1/ping/secret-uuid-123';
    const result = await pingHeartbeat({ url });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('secret-uuid-123');
  });
});
