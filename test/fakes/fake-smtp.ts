/**
 * A fake SMTP server (smtp-server) for tests: accepts mail without auth or STARTTLS, records the envelope
 * and the parsed message, and refuses chosen recipients with a 4xx or 5xx reply.
 */

import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { parseMail, type ParsedMail } from './parse-mail.js';

export interface FakeSmtpMessage {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
  readonly mail: ParsedMail;
}

export class FakeSmtp {
  readonly messages: FakeSmtpMessage[] = [];
  readonly #refusals = new Map<string, { code: number; message: string }>();
  readonly #server: SMTPServer;
  #port = 0;
  #stopped = false;

  constructor() {
    this.#server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        const refusal = this.#refusals.get(address.address.toLowerCase());
        if (refusal === undefined) return callback();
        const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
        return callback(error);
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
          this.messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, mail: parseMail(raw) });
          callback(null, `Queued as FAKE${this.messages.length}`);
        });
      },
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(0, '127.0.0.1', () => resolve());
    });
    this.#port = (this.#server.server.address() as AddressInfo).port;
    return this;
  }

  /** Stops listening; a second call does nothing. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  get port(): number {
    return this.#port;
  }

  /** RCPT TO this address answers `code message` (e.g. 450 mailbox busy, 550 no such user). */
  refuse(address: string, code: number, message = code >= 500 ? 'No such user' : 'Mailbox busy, try later'): void {
    this.#refusals.set(address.toLowerCase(), { code, message });
  }
}
