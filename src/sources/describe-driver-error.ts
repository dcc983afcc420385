/**
 * Translates a snowflake-sdk error into a `SnowflakeError` a person can act on: which kind (login,
 * network, sql), Snowflake's code and SQL state, and a lowercase message naming the URL or user. Any
 * secret that a driver message might echo is masked. Not a retry policy.
 */

import { SnowflakeError } from './snowflake-client.js';

export interface ErrorContext {
  readonly url: string;
  readonly user: string;
  /** Values to mask if a driver message ever contains them. */
  readonly secrets: readonly string[];
}

interface DriverErrorShape {
  readonly name?: string;
  readonly code?: string | number;
  readonly sqlState?: string;
  readonly message?: string;
  readonly cause?: { readonly code?: string; readonly message?: string };
  readonly response?: { readonly status?: number };
}

const NETWORK_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found (check the account identifier or access_url)',
  EAI_AGAIN: 'host name lookup failed (dns)',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

export function describeDriverError(error: unknown, phase: 'login' | 'sql', context: ErrorContext): SnowflakeError {
  if (error instanceof SnowflakeError) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as DriverErrorShape;
  const code = e.code === undefined ? undefined : String(e.code);
  const text = mask(firstLine(e.message ?? 'unknown error'), context.secrets);
  const make = (message: string, kind: SnowflakeError['kind'], withCodes = true) =>
    new SnowflakeError(mask(message, context.secrets), withCodes ? code : undefined, withCodes ? e.sqlState : undefined, kind);

  if (e.name === 'NetworkError' || code === '401001') {
    const causeCode = e.cause?.code ?? /\b(E[A-Z]+)\b/.exec(e.message ?? '')?.[1];
    const reason =
      (causeCode && NETWORK_REASONS[causeCode]) ?? (/ssl|tls|certificate/i.test(e.message ?? '') ? `tls handshake failed (${lower(text)})` : lower(text));
    return make(`cannot reach snowflake at ${context.url}: ${reason}`, 'network');
  }
  if (code === '401002') {
    const status = e.response?.status;
    const hint = phase === 'login' && (status === 403 || status === 404) ? ' (check the account identifier or access_url)' : '';
    return make(`cannot reach snowflake at ${context.url}: http ${status ?? 'error'}${hint}`, 'network');
  }
  if (code === '401003') return make(`${context.url} does not answer like snowflake (response is not json)`, 'network');
  if (code === '401004') return make(`snowflake rejected the session token for user ${context.user}`, 'login');
  if (code === '407002' || code === '407001') return make(`the snowflake session ended: ${lower(text)}`, 'network');

  if (phase === 'login') {
    if (code === '390100') {
      return make(`snowflake refused the login for user ${context.user}: incorrect username or password`, 'login');
    }
    if (code === '390144' || /jwt/i.test(text)) {
      return make(
        `snowflake refused the key-pair login for user ${context.user}: ${lower(text)}${code ? ` (${code})` : ''}; check that the user's RSA_PUBLIC_KEY matches the private key`,
        'login',
      );
    }
    return make(`snowflake refused the login for user ${context.user}: ${lower(text)}${code ? ` (${code})` : ''}`, 'login');
  }
  const prefix = code ? `${code}${e.sqlState ? ` (${e.sqlState})` : ''}: ` : '';
  const full = (e.message ?? 'unknown error').replace(/\s*\n\s*/g, ' ').trim();
  return make(`${prefix}${full || 'snowflake gave no message'}`, 'sql');
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? text).trim().replace(/[.]$/, '');
}

/** Lower-cases the first letter of a sentence, but not of an acronym (`JWT token ...`). */
function lower(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function mask(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
