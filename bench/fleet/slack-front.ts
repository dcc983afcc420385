/**
 * The fleet bench's front for the fake Slack: every replica's Slack calls go through it. It tells the
 * calls apart by replica (each replica runs with its own bot token, `xoxb-fleet-bench-<replica>`), passes
 * each call to the fake at once (so Slack has done what was asked) and can hold the answer to one
 * replica's calls for a while: a slow Slack, so the replica killed -9 dies with a notification sent but not
 * yet answered, the outbox row still claimed (`sending`), the in-flight case whose re-delivery is the one
 * duplicate at-least-once allows.
 */

import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOnFreePort, readBody } from '../../test/fakes/listen.js';
import type { FrontCall } from './in-flight-duplicates.js';

const TOKEN_PREFIX = 'xoxb-fleet-bench-';

/** The bot token a replica runs with (its name in the front's records). */
export function slackTokenOf(replica: string): string {
  return `${TOKEN_PREFIX}${replica}`;
}

/** The replica a call came from, by its `Authorization: Bearer` token; '?' for any other. */
export function replicaOfAuthorization(header: string | undefined): string {
  const token = /^Bearer (\S+)$/.exec(header ?? '')?.[1] ?? '';
  return token.startsWith(TOKEN_PREFIX) ? token.slice(TOKEN_PREFIX.length) : '?';
}

/** What the fake answered, as the message the call wrote (a post's new ts, an update's ts). */
function refOf(body: string): FrontCall['ref'] {
  try {
    const answer = JSON.parse(body) as { ok?: boolean; channel?: unknown; ts?: unknown };
    return answer.ok === true && typeof answer.channel === 'string' && typeof answer.ts === 'string' ? { channel: answer.channel, ts: answer.ts } : undefined;
  } catch {
    return undefined;
  }
}

export class SlackFront {
  readonly calls: FrontCall[] = [];
  readonly #server: Server;
  readonly #target: URL;
  #port = 0;
  #held: { replica: string; ms: number } | undefined;
  readonly #waiters: { replica: string; resolve: (call: FrontCall) => void }[] = [];
  /** Answers being held, each one's early release. */
  readonly #holding = new Set<() => void>();

  /** `targetApiUrl`: the fake's `http://127.0.0.1:PORT/api/`. */
  constructor(targetApiUrl: string) {
    this.#target = new URL(targetApiUrl);
    this.#server = createServer((req, res) => void this.#handle(req, res).catch(() => res.destroy()));
  }

  async start(): Promise<this> {
    this.#port = await listenOnFreePort(this.#server);
    return this;
  }

  async stop(): Promise<void> {
    for (const release of [...this.#holding]) release();
    await closeServer(this.#server);
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api/`;
  }

  /** From now on, answer `replica`'s calls `ms` late (Slack has done them already); `undefined` ends it. */
  hold(replica: string | undefined, ms = 0): void {
    this.#held = replica === undefined ? undefined : { replica, ms };
  }

  /** Resolves with `replica`'s next post or update once Slack has done it (its answer may be held), or undefined after `limitMs`. */
  nextCall(replica: string, limitMs: number): Promise<FrontCall | undefined> {
    return new Promise((resolve) => {
      const waiter = { replica, resolve: (call: FrontCall | undefined) => resolve(call) };
      this.#waiters.push(waiter);
      setTimeout(() => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        resolve(undefined);
      }, limitMs).unref();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const params = Object.fromEntries(new URLSearchParams(body));
    const call: { -readonly [K in keyof FrontCall]: FrontCall[K] } = {
      seq: this.calls.length,
      replica: replicaOfAuthorization(req.headers.authorization),
      method: (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '',
      params: { channel: params['channel'], thread_ts: params['thread_ts'], ts: params['ts'], text: params['text'] },
      at: Date.now(),
    };
    this.calls.push(call);
    const answer = await this.#forward(req, body);
    call.ref = refOf(answer.body);
    const sends = call.method === 'chat.postMessage' || call.method === 'chat.update';
    for (const waiter of this.#waiters.filter((w) => sends && w.replica === call.replica)) {
      this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
      waiter.resolve(call);
    }
    const held = this.#held?.replica === call.replica ? this.#held.ms : 0;
    if (held > 0) await this.#wait(held);
    if (res.destroyed || req.socket.destroyed) return; // the caller died waiting: it never learnt Slack's answer
    res.writeHead(answer.status, answer.headers).end(answer.body);
    call.answeredAt = Date.now();
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.#holding.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.#holding.add(release);
    });
  }

  #forward(req: IncomingMessage, body: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const url = new URL((req.url ?? '/').replace(/^\//, ''), `${this.#target.origin}/`);
    const headers: Record<string, string> = { 'content-type': req.headers['content-type'] ?? 'application/x-www-form-urlencoded' };
    if (req.headers.authorization !== undefined) headers['authorization'] = req.headers.authorization;
    return new Promise((resolve, reject) => {
      const out = request(url, { method: req.method ?? 'POST', headers }, (answer) => {
        void readBody(answer).then((text) => {
          const type = answer.headers['content-type'];
          const retryAfter = answer.headers['retry-after'];
          resolve({
            status: answer.statusCode ?? 502,
            headers: { ...(type !== undefined ? { 'content-type': type } : {}), ...(retryAfter !== undefined ? { 'retry-after': retryAfter } : {}) },
            body: text,
          });
        }, reject);
      });
      out.once('error', reject);
      out.end(body);
    });
  }
}
