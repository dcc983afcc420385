/**
 * The daemon's logger: pino JSON lines to stdout (or a given stream), child loggers bound with `{check}`
 * or `{receiver, groupKey}`, and secrets removed on every path: known secret keys at any depth, `Secret`
 * instances, and secret-looking text in messages, error messages and stacks. It is not a log shipper.
 */

import { pino, type DestinationStream, type Logger } from 'pino';
import { Secret } from '../config/secret.js';
import { scrubSecrets } from '../config/scrub-secrets.js';

export type { Logger } from 'pino';

export const REDACTED = '[redacted]';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  /** Lowest level written; default `info`. */
  readonly level?: LogLevel;
  /** Where lines go; default stdout. Tests pass a stream that collects them. */
  readonly destination?: DestinationStream;
  /** Bound to every line as `name`; default `snowmon`. */
  readonly name?: string;
}

/** Keys whose values are secrets wherever they appear (compared lower-case, `_`/`-` removed). */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'password',
  'passcode',
  'passphrase',
  'token',
  'secret',
  'privatekey',
  'routingkey',
  'integrationkey',
  'authorization',
  'webhookurl',
  'apikey',
  'cookie',
  'setcookie',
  'clientsecret',
]);
const SECRET_SUFFIXES = ['password', 'token', 'secret', 'privatekey', 'passphrase', 'routingkey', 'webhookurl'];

/** pino `redact` paths for the common places; `sanitize` below covers every depth. */
const REDACT_KEYS = [
  'password',
  'passcode',
  'passphrase',
  'token',
  'secret',
  'private_key',
  'privateKey',
  'routing_key',
  'routingKey',
  'authorization',
  'webhook_url',
  'webhookUrl',
  'api_key',
  'apiKey',
];
const REDACT_PATHS = [
  ...REDACT_KEYS,
  ...REDACT_KEYS.map((k) => `*.${k}`),
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'webhook.url',
  '*.webhook.url',
  'store.url',
  'store_url',
];

const MAX_DEPTH = 8;

/** True when a key names a secret (`password`, `bot_token`, `routing_key`, `webhookUrl`...). */
export function isSecretKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[_-]/g, '');
  return SECRET_KEYS.has(k) || SECRET_SUFFIXES.some((s) => k.endsWith(s));
}

/** A log-safe copy of `value`: secret keys and `Secret`s redacted, errors flattened, text scrubbed. */
export function sanitize(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value instanceof Secret) return REDACTED;
  if (typeof value === 'string') return scrubSecrets(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(value);
  if (value instanceof Error) return serializeError(value, depth, seen);
  if (value instanceof Date) return value;
  if (Array.isArray(value)) return value.map((v) => sanitize(v, depth + 1, seen));
  if (value instanceof URL) return scrubSecrets(value.href);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSecretKey(key) && v !== null && v !== undefined ? REDACTED : sanitize(v, depth + 1, seen);
  }
  return out;
}

function serializeError(error: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: error.name,
    message: scrubSecrets(error.message),
    ...(error.stack !== undefined ? { stack: scrubSecrets(error.stack) } : {}),
  };
  for (const [key, v] of Object.entries(error)) {
    if (key === 'message' || key === 'stack') continue;
    out[key] = isSecretKey(key) && v !== null && v !== undefined ? REDACTED : sanitize(v, depth + 1, seen);
  }
  if (error.cause !== undefined) out['cause'] = sanitize(error.cause, depth + 1, seen);
  return out;
}

/** A root logger; every line is JSON with `level`, `time`, `name`, `msg`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      name: options.name ?? 'snowmon',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: (e: unknown) => sanitize(e), error: (e: unknown) => sanitize(e) },
      formatters: {
        bindings: (bindings) => sanitize(bindings) as Record<string, unknown>,
        log: (object) => sanitize(object) as Record<string, unknown>,
      },
      hooks: {
        // The message and its printf arguments are text too: scrub them before pino formats them.
        logMethod(args, method) {
          let all: unknown[] = args;
          // logger.error(err): pino would take err.message as msg unscrubbed; wrap it and say it ourselves.
          if (all[0] instanceof Error) {
            const [error, ...rest] = all as [Error, ...unknown[]];
            all = [{ err: error }, ...(rest.length > 0 ? rest : [error.message])];
          }
          const clean = all.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a instanceof Secret ? REDACTED : a));
          return method.apply(this, clean as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/** A child logger for one check's lines. */
export function checkLogger(logger: Logger, check: string): Logger {
  return logger.child({ check });
}

/** A child logger for one receiver and notification group. */
export function receiverLogger(logger: Logger, receiver: string, groupKey: string): Logger {
  return logger.child({ receiver, groupKey });
}
