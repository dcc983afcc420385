/**
 * A fake Slack Web API on node:http for tests: `chat.postMessage`, `chat.update` and `auth.test` as the
 * real `@slack/web-api` client calls them (urlencoded form, `blocks` as JSON inside it). It records every
 * call, keeps the messages it accepted, and fails on demand (429 with Retry-After, 5xx, `{ok:false}`, a hang).
 */

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeServer, listenOnFreePort, readBody } from './listen.js';

export interface FakeSlackCall {
  readonly method: string;
  /** Form fields, with `blocks` parsed from its JSON. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly authorization: string | undefined;
}

export interface FakeSlackMessage {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs?: string;
  text: string;
  blocks: unknown;
  readonly replyBroadcast: boolean;
}

export type FakeSlackFailure =
  { readonly status: 429; readonly retryAfter?: number } | { readonly status: 500 | 502 | 503 } | { readonly error: string } | { readonly hang: true };

export class FakeSlack {
  readonly calls: FakeSlackCall[] = [];
  readonly messages: FakeSlackMessage[] = [];
  readonly #failures: { method: string; failure: FakeSlackFailure }[] = [];
  readonly #server: Server;
  #port = 0;
  #stopped = false;
  #tsCounter = 100;

  constructor() {
    this.#server = createServer((req, res) => void this.#handle(req, res));
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

  /** `http://127.0.0.1:PORT/api/`, for `SlackReceiver.apiUrl`. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#port}/api/`;
  }

  /** The next call to `method` fails this way (queued; one failure per call). */
  failNext(method: string, failure: FakeSlackFailure): void {
    this.#failures.push({ method, failure });
  }

  /** The channel id the fake gives a `#name` (stable per name). */
  static channelId(name: string): string {
    return `C${createHash('sha256').update(name).digest('hex').slice(0, 8).toUpperCase()}`;
  }

  message(channel: string, ts: string): FakeSlackMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  calledMethods(): string[] {
    return this.calls.map((c) => c.method);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0] ?? '';
    const form = new URLSearchParams(body);
    const params: Record<string, unknown> = {};
    for (const [key, value] of form) params[key] = key === 'blocks' || key === 'attachments' ? JSON.parse(value) : value;
    this.calls.push({ method, params, authorization: req.headers.authorization });

    const index = this.#failures.findIndex((f) => f.method === method);
    if (index >= 0) {
      const failure = this.#failures.splice(index, 1)[0]?.failure;
      if (failure === undefined) return;
      if ('hang' in failure) return; // never answers; the client's timeout must end it
      if ('status' in failure) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (failure.status === 429 && failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
        res.writeHead(failure.status, headers).end(JSON.stringify({ ok: false, error: failure.status === 429 ? 'ratelimited' : 'internal' }));
        return;
      }
      return json(res, { ok: false, error: failure.error });
    }

    switch (method) {
      case 'auth.test':
        return json(res, { ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'snowmon', team_id: 'T0FAKE', user_id: 'U0SNOWMON' });
      case 'chat.postMessage':
        return json(res, this.#post(params));
      case 'chat.update':
        return json(res, this.#update(params));
      default:
        return json(res, { ok: false, error: 'unknown_method' });
    }
  }

  #post(params: Record<string, unknown>): Record<string, unknown> {
    const requested = String(params['channel'] ?? '');
    if (requested === '') return { ok: false, error: 'channel_not_found' };
    const channel = requested.startsWith('#') ? FakeSlack.channelId(requested) : requested;
    const threadTs = typeof params['thread_ts'] === 'string' ? params['thread_ts'] : undefined;
    if (threadTs !== undefined && this.message(channel, threadTs) === undefined) return { ok: false, error: 'thread_not_found' };
    const ts = `1700000000.${String(this.#tsCounter++).padStart(6, '0')}`;
    this.messages.push({
      channel,
      ts,
      ...(threadTs === undefined ? {} : { threadTs }),
      text: String(params['text'] ?? ''),
      blocks: params['blocks'],
      replyBroadcast: params['reply_broadcast'] === 'true',
    });
    return { ok: true, channel, ts, message: { text: params['text'] } };
  }

  #update(params: Record<string, unknown>): Record<string, unknown> {
    const channel = String(params['channel'] ?? '');
    if (channel.startsWith('#')) return { ok: false, error: 'channel_not_found' };
    const found = this.message(channel, String(params['ts'] ?? ''));
    if (found === undefined) return { ok: false, error: 'message_not_found' };
    found.text = String(params['text'] ?? '');
    found.blocks = params['blocks'];
    return { ok: true, channel, ts: found.ts, text: found.text };
  }
}

function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
