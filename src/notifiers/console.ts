/**
 * The console receiver: prints each notification as plain text to a writable (stdout by default), for
 * the demo and dry runs. Never fails for provider reasons; it has no provider.
 */

import { formatInstant } from './format-time.js';
import { renderMessage } from './message.js';
import { renderMessageText } from './message-text.js';
import type { Notification, Notifier, SendResult } from './notifier.js';
import type { NotifierPlugin, ReceiverBase } from './notifier-plugin.js';

/** Where the text goes: `process.stdout`, or a collector in tests. */
export interface TextSink {
  write(text: string): unknown;
}

/** Prints notifications to stdout: the demo and dry runs. */
export interface ConsoleReceiver extends ReceiverBase {
  readonly type: 'console';
}

export const consolePlugin: NotifierPlugin<ConsoleReceiver> = {
  type: 'console',
  keys: [],
  validate: ({ base }) => ({ ...base, type: 'console' }),
  create: (receiver, deps) => new ConsoleNotifier(receiver, { timeZone: deps.timeZone, out: deps.out }),
};

export interface ConsoleNotifierOptions {
  /** IANA zone for times in messages; UTC when absent. */
  readonly timeZone?: string;
  readonly out?: TextSink;
}

export class ConsoleNotifier implements Notifier {
  readonly #receiver: ConsoleReceiver;
  readonly #options: ConsoleNotifierOptions;

  constructor(receiver: ConsoleReceiver, options: ConsoleNotifierOptions = {}) {
    this.#receiver = receiver;
    this.#options = options;
  }

  async send(notification: Notification): Promise<SendResult> {
    const text = renderMessageText(renderMessage(notification, { timeZone: this.#options.timeZone }));
    const out = this.#options.out ?? process.stdout;
    const at = formatInstant(notification.createdAt, notification.timeZone ?? this.#options.timeZone);
    out.write(`── ${this.#receiver.name} · ${notification.kind} · ${at} ──\n${text}\n`);
    return { ok: true, receiverData: {}, providerResponse: `console ${this.#receiver.name}` };
  }
}
