/**
 * A local HTTP sink on 127.0.0.1 that records every POST (path, arrival time, JSON body) and answers
 * `200 ok`: the webhook receiver for Alertmanager and the Slack-webhook receiver for snowmon in the
 * side-by-side benchmark. It interprets nothing.
 */

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkReceipt {
  /** Request path, e.g. `/am/slack-data-costs`. */
  readonly path: string;
  /** `Date.now()` when the body was complete. */
  readonly receivedAt: number;
  /** The body parsed as JSON (the raw text when it is not JSON). */
  readonly body: unknown;
}

export interface WebhookSink {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly receipts: readonly SinkReceipt[];
  stop(): Promise<void>;
}

export async function startWebhookSink(): Promise<WebhookSink> {
  const receipts: SinkReceipt[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // keep the text
      }
      receipts.push({ path: req.url ?? '', receivedAt: Date.now(), body });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    receipts,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
