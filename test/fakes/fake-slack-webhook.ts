/**
 * A fake Slack incoming webhook on node:http for tests: accepts JSON posts under `/hooks/...`, answers
 * `ok` as Slack does, records the bodies, and fails on demand (429, 5xx, a 400 with Slack's error text).
 */

import { createServer, type Server } from 'node:http';
import { closeServer, listenOnFreePort, readBody } from './listen.js';

export interface FakeWebhookPost {
  readonly path: string;
  readonly body: { readonly text?: string; readonly blocks?: unknown[] } & Readonly<Record<string, unknown>>;
}

export type FakeWebhookFailure = { readonly status: number; readonly body?: string };

export class FakeSlackWebhook {
  readonly posts: FakeWebhookPost[] = [];
  readonly #failures: FakeWebhookFailure[] = [];
  readonly #server: Server;
  #port = 0;
  #stopped = false;

  constructor() {
    this.#server = createServer((req, res) => {
      void readBody(req).then((text) => {
        this.posts.push({ path: req.url ?? '', body: JSON.parse(text) as FakeWebhookPost['body'] });
        const failure = this.#failures.shift();
        if (failure !== undefined) {
          res.writeHead(failure.status, { 'content-type': 'text/plain' }).end(failure.body ?? 'error');
          return;
        }
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
  }

  async start(): Promise<this> {
    this.#port = await listenOnFreePort(this.#server);
    return this;
  }

  /** Stops listening and drops open connections; a second call does nothing. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await closeServer(this.#server);
  }

  /** A hook URL on this fake (`http://127.0.0.1:PORT/hooks/T0/B0/secret`). */
  get url(): string {
    return `http://127.0.0.1:${this.#port}/hooks/T0FAKE/B0FAKE/not-a-real-secret`;
  }

  /** The next post fails with this status and body. */
  failNext(failure: FakeWebhookFailure): void {
    this.#failures.push(failure);
  }
}
