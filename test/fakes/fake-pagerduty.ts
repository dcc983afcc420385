/**
 * A fake PagerDuty Events API v2 over HTTPS (pdjs hard-codes https) for tests: `POST /v2/enqueue`
 * answers 202 with the dedup_key, records every event, and answers 400/429/5xx (JSON or not) on demand.
 */

import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { Agent, createServer } from 'node:https';
import { closeServer, listenOnFreePort, readBody } from './listen.js';
import { makeTestCertificate, type TestCertificate } from './test-certificate.js';

export interface FakePagerDutyEvent {
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>> & {
    readonly routing_key?: string;
    readonly event_action?: string;
    readonly dedup_key?: string;
    readonly payload?: Readonly<Record<string, unknown>>;
  };
  readonly userAgent: string | undefined;
}

/** A programmed answer: status, and a body that is JSON unless `rawBody` is given. */
export type FakePagerDutyAnswer = { readonly status: number; readonly rawBody?: string } | { readonly hang: true };

export class FakePagerDuty {
  readonly events: FakePagerDutyEvent[] = [];
  readonly #answers: FakePagerDutyAnswer[] = [];
  readonly #certificate: TestCertificate;
  readonly #server: Server;
  #port = 0;
  #stopped = false;

  constructor(certificate: TestCertificate = makeTestCertificate()) {
    this.#certificate = certificate;
    this.#server = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
      void readBody(req).then((text) => {
        const body = JSON.parse(text) as FakePagerDutyEvent['body'];
        this.events.push({ path: req.url ?? '', body, userAgent: req.headers['user-agent'] });
        const answer = this.#answers.shift() ?? { status: 202 };
        if ('hang' in answer) return; // never answers; the client's timeout must end it
        res.writeHead(answer.status, { 'content-type': answer.rawBody === undefined ? 'application/json' : 'text/html' });
        res.end(answer.rawBody ?? JSON.stringify(answerBody(answer.status, body)));
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

  /** `127.0.0.1:PORT`, for `PagerDutyReceiver.server`. */
  get server(): string {
    return `127.0.0.1:${this.#port}`;
  }

  /** An agent that trusts this fake's certificate (and nothing else). */
  agent(): Agent {
    return new Agent({ ca: this.#certificate.cert, keepAlive: false });
  }

  /** The next requests get these answers, in order; afterwards 202 again. */
  answerNext(...answers: FakePagerDutyAnswer[]): void {
    this.#answers.push(...answers);
  }
}

function answerBody(status: number, body: FakePagerDutyEvent['body']): unknown {
  if (status === 202) {
    return { status: 'success', message: 'Event processed', dedup_key: body.dedup_key ?? randomUUID().replace(/-/g, '') };
  }
  if (status === 400) {
    return { status: 'invalid event', message: 'Event object is invalid', errors: ["'routing_key' is invalid"] };
  }
  if (status === 429) return { status: 'throttle exceeded', message: 'Requests for this service are arriving too quickly.' };
  return { status: 'error', message: 'internal error' };
}
