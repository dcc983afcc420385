/**
 * An HTTP proxy on 127.0.0.1 that makes a fake provider answer slowly: each request is forwarded to the
 * target at once (so the fake records it on arrival) and its answer held back for `delayMs`, or, from
 * request number `holdFrom` on, until `release()` (a send in flight for as long as a test needs, whatever
 * the machine's load). Counts requests that arrived and answers that went out. Test helper; it does not
 * look at the bodies.
 */

import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlowProxy {
  /** `http://127.0.0.1:PORT`: the same paths as the target. */
  readonly url: string;
  /** Requests forwarded so far. */
  arrived(): number;
  /** Answers settled so far: given back, or dropped because the client had gone. */
  answered(): number;
  /** Lets the answers held since `holdFrom` go (after `delayMs`), and every later one. */
  release(): void;
  stop(): Promise<void>;
}

export async function startSlowProxy(target: string, delayMs: number, options: { readonly holdFrom?: number } = {}): Promise<SlowProxy> {
  const base = new URL(target);
  let arrived = 0;
  let answered = 0;
  let released = false;
  const held: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      arrived++;
      const hold = options.holdFrom !== undefined && arrived >= options.holdFrom;
      const upstream = request(
        { host: base.hostname, port: base.port, method: req.method, path: req.url, headers: { ...req.headers, host: base.host } },
        (answer) => {
          const body: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => body.push(chunk));
          answer.on('end', () => {
            const reply = () =>
              setTimeout(() => {
                answered++;
                if (res.destroyed) return; // the client is gone (killed): the answer is dropped
                const headers = { ...answer.headers };
                delete headers['transfer-encoding'];
                res.writeHead(answer.statusCode ?? 502, headers).end(Buffer.concat(body));
              }, delayMs);
            if (hold && !released) held.push(reply);
            else reply();
          });
        },
      );
      upstream.on('error', () => res.writeHead(502).end());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrived: () => arrived,
    answered: () => answered,
    release() {
      released = true;
      for (const reply of held.splice(0)) reply();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
