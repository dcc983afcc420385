/**
 * The email receiver: nodemailer over SMTP, one message per group notification with text and HTML,
 * the tier in the subject, `X-Snowmon-Group`/`X-Alert-Fingerprint` headers, and later messages threaded
 * under the first with `In-Reply-To`. SMTP 4xx and connection trouble are retryable, 5xx permanent.
 */

import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import { quote } from '../config/errors.js';
import type { Secret } from '../config/secret.js';
import { renderEmail } from './email-content.js';
import { renderMessage } from './message.js';
import type { Notification, Notifier, SendResult } from './notifier.js';
import type { NotifierPlugin, ReceiverBase, ReceiverInput } from './notifier-plugin.js';

/** Email over SMTP (nodemailer). */
export interface EmailReceiver extends ReceiverBase {
  readonly type: 'email';
  readonly to: readonly string[];
  readonly from: string;
  readonly smtp: {
    readonly host: string;
    readonly port: number;
    /** TLS from the start (465); otherwise STARTTLS when offered. */
    readonly secure: boolean;
    readonly user?: string;
    readonly password?: Secret;
  };
}

const SMTP_KEYS = ['host', 'port', 'secure', 'user', 'password', 'password_file'] as const;

export const emailPlugin: NotifierPlugin<EmailReceiver> = {
  type: 'email',
  keys: ['to', 'from', 'smtp'],
  sendResolvedDefault: false,
  validate: validateEmailReceiver,
  create: (receiver, deps) => new EmailNotifier(receiver, { timeZone: deps.timeZone, timeoutMs: deps.timeoutMs }),
  describe: (receiver) => `email ${receiver.to.join(', ')}`,
};

/** `to` (one address or a list), `from`, and `smtp: {host, port, secure, user, password}`; port defaults by `secure`. */
function validateEmailReceiver({ fields: v, map, path, base }: ReceiverInput): EmailReceiver | undefined {
  const to = typeof map.to === 'string' ? [v.string(map, [...path, 'to'])].filter((x): x is string => x !== undefined) : v.stringList(map, [...path, 'to']);
  if (to.length === 0 && map.to === undefined) v.report('SM110', [...path, 'to'], `receiver ${quote(base.name)} needs to (one or more addresses)`);
  const from = v.string(map, [...path, 'from']);
  if (from === undefined && map.from === undefined) v.report('SM110', [...path, 'from'], `receiver ${quote(base.name)} needs from`);
  const smtpPath = [...path, 'smtp'];
  const smtp = map.smtp === undefined ? undefined : v.mapping(map.smtp, smtpPath);
  if (map.smtp === undefined) v.report('SM110', smtpPath, `receiver ${quote(base.name)} needs smtp (host, port)`);
  if (!smtp || from === undefined || to.length === 0) return undefined;
  v.knownKeys(smtp, smtpPath, SMTP_KEYS);
  const host = v.string(smtp, [...smtpPath, 'host']);
  if (host === undefined && smtp.host === undefined) v.report('SM110', [...smtpPath, 'host'], 'missing smtp host');
  const port = v.number(smtp, [...smtpPath, 'port']);
  const secure = v.boolean(smtp, [...smtpPath, 'secure']) ?? port === 465;
  const user = v.string(smtp, [...smtpPath, 'user']);
  const password = v.secret(smtp, [...smtpPath, 'password']);
  if (host === undefined) return undefined;
  return {
    ...base,
    type: 'email',
    to,
    from,
    smtp: {
      host,
      port: port ?? (secure ? 465 : 587),
      secure,
      ...(user !== undefined ? { user } : {}),
      ...(password !== undefined ? { password } : {}),
    },
  };
}

export interface EmailNotifierOptions {
  /** IANA zone for times in messages; UTC when absent. */
  readonly timeZone?: string;
  /** Connection, greeting and socket timeout (default 10 s). */
  readonly timeoutMs?: number;
}

/** Errors with no SMTP reply code that mean "the server was not reachable": worth trying again. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE']);

export class EmailNotifier implements Notifier {
  readonly #receiver: EmailReceiver;
  readonly #options: EmailNotifierOptions;
  readonly #transport: ReturnType<typeof createSmtpTransport>;

  constructor(receiver: EmailReceiver, options: EmailNotifierOptions = {}) {
    this.#receiver = receiver;
    this.#options = options;
    this.#transport = createSmtpTransport(receiver, options.timeoutMs ?? 10_000);
  }

  async send(notification: Notification): Promise<SendResult> {
    const content = renderEmail(notification, renderMessage(notification, { timeZone: this.#options.timeZone }));
    const messageId = `<snowmon.${notification.id}.${shortHash(notification.groupKey)}@${domainOf(this.#receiver.from)}>`;
    const thread = notification.previous?.['email']?.['messageId'];
    try {
      const info = await this.#transport.sendMail({
        from: this.#receiver.from,
        to: [...this.#receiver.to],
        subject: content.subject,
        text: content.text,
        html: content.html,
        messageId,
        ...(thread === undefined ? {} : { inReplyTo: thread, references: [thread] }),
        headers: {
          'X-Snowmon-Group': notification.groupKey,
          'X-Alert-Fingerprint': notification.alerts.map((a) => a.fingerprint).join(', '),
        },
      });
      const rejected = (info.rejected ?? []).map(String);
      return {
        ok: true,
        receiverData: { email: { messageId: thread ?? info.messageId } },
        providerResponse: `smtp ${info.messageId} ${String(info.response ?? '').slice(0, 120)}${rejected.length > 0 ? ` (refused: ${rejected.join(', ')})` : ''}`,
      };
    } catch (error) {
      return classifySmtpError(error);
    }
  }

  async close(): Promise<void> {
    this.#transport.close();
  }
}

function createSmtpTransport(receiver: EmailReceiver, timeoutMs: number) {
  const { smtp } = receiver;
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.password?.reveal() ?? '' } }),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
}

export function classifySmtpError(error: unknown): Extract<SendResult, { ok: false }> {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; command?: unknown; response?: unknown };
  const code = typeof e.code === 'string' ? e.code : 'EUNKNOWN';
  const command = typeof e.command === 'string' ? ` at ${e.command}` : '';
  if (typeof e.responseCode === 'number') {
    const reply = typeof e.response === 'string' ? `: ${e.response.slice(0, 160)}` : '';
    return { ok: false, retryable: e.responseCode >= 400 && e.responseCode < 500, error: `smtp ${code} ${e.responseCode}${command}${reply}` };
  }
  return { ok: false, retryable: TRANSIENT_CODES.has(code), error: `smtp ${code}${command}` };
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

function domainOf(address: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(address);
  return match?.[1] ?? 'snowmon.invalid';
}
