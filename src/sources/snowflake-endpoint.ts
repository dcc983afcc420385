/**
 * The URL snowmon logs in to from the Snowflake CLI's `host`, `port` and `protocol` keys: the account's own
 * host when no host is given, `https` and the protocol's default port unless told otherwise. The checks on
 * each key are shared by the config file's validation and the environment / connections.toml resolution.
 */

import { defaultAccessUrl } from './default-access-url.js';

export type Protocol = 'http' | 'https';

/** What each key accepts, for the messages that refuse a value. */
export const ENDPOINT_RULES = {
  host: 'expected a host name such as myorg-acct.privatelink.snowflakecomputing.com; a full URL goes in snowflake.access_url',
  port: 'expected a whole number from 1 to 65535',
  protocol: 'expected https or http',
} as const;

export interface Endpoint {
  readonly host?: string;
  readonly port?: number;
  readonly protocol?: Protocol;
}

/** `https://<account host>` with the given parts replaced, or undefined when none is given. */
export function endpointUrl(account: string, endpoint: Endpoint): string | undefined {
  const { host, port, protocol } = endpoint;
  if (host === undefined && port === undefined && protocol === undefined) return undefined;
  const name = host ?? new URL(defaultAccessUrl(account)).hostname;
  return `${protocol ?? 'https'}://${name}${port !== undefined ? `:${port}` : ''}`;
}

/** A TCP port from a number or decimal text, or undefined when it is not one (1-65535). */
export function parsePort(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65_535 ? port : undefined;
}

/** `http` or `https`, in any case; undefined otherwise. */
export function parseProtocol(value: unknown): Protocol | undefined {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return text === 'http' || text === 'https' ? text : undefined;
}

/** A bare host name or address: no scheme, path, port or space (those belong in port / protocol / access_url). */
export function isHostName(text: string): boolean {
  return /^[^\s/:?#@]+$/.test(text) || /^\[[0-9a-f:.]+\]$/i.test(text);
}
