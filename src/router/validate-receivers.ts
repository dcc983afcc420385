/**
 * Validates `receivers:` of routing.yaml into `ReceiverConfig`s (src/notifiers/receiver-config.ts): one
 * shape per type, secrets only from `${ENV}` or `*_file`, send_resolved defaulting to `defaults` (email:
 * false). Reports through the RoutingValidator; it does not contact any provider.
 */

import { quote } from '../config/errors.js';
import type { ReceiverConfig, ReceiverType } from '../notifiers/receiver-config.js';
import type { Mapping, RoutingValidator } from './routing-validator.js';

const TYPES: readonly ReceiverType[] = ['slack', 'slack_webhook', 'pagerduty', 'email', 'console'];

const KEYS: Readonly<Record<ReceiverType, readonly string[]>> = {
  slack: ['channel', 'token', 'token_file', 'api_url'],
  slack_webhook: ['url', 'url_file'],
  pagerduty: ['routing_key', 'routing_key_file', 'server'],
  email: ['to', 'from', 'smtp'],
  console: [],
};

const SMTP_KEYS = ['host', 'port', 'secure', 'user', 'password', 'password_file'] as const;

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';
export const DEFAULT_PAGERDUTY_SERVER = 'events.pagerduty.com';

export function validateReceivers(v: RoutingValidator, value: unknown, defaultSendResolved: boolean): Record<string, ReceiverConfig> {
  // fromEntries, not assignment: a receiver named __proto__ stays a receiver, not the object's prototype.
  const out: [string, ReceiverConfig][] = [];
  for (const [name, body] of Object.entries(v.section(value, ['receivers']) ?? {})) {
    const receiver = validateReceiver(v, name, body, defaultSendResolved);
    if (receiver) out.push([name, receiver]);
  }
  return Object.fromEntries(out);
}

function validateReceiver(v: RoutingValidator, name: string, body: unknown, defaultSendResolved: boolean): ReceiverConfig | undefined {
  const path = ['receivers', name];
  const map = v.mapping(body, path);
  if (!map) return undefined;
  const at = (key: string) => [...path, key];
  const type = v.string(map, at('type'));
  if (type === undefined) {
    v.report('SM110', path, `receiver ${quote(name)} needs a type (${TYPES.join(', ')})`);
    return undefined;
  }
  if (!(TYPES as readonly string[]).includes(type)) {
    const hint = v.suggest(type, TYPES) || ` (use ${TYPES.slice(0, -1).join(', ')} or ${TYPES[TYPES.length - 1]})`;
    v.report('SM108', at('type'), `unknown receiver type ${quote(type)}${hint}`);
    return undefined;
  }
  const t = type as ReceiverType;
  v.knownKeys(map, path, ['type', 'send_resolved', ...KEYS[t]]);
  const sendResolved = v.boolean(map, at('send_resolved')) ?? (t === 'email' ? false : defaultSendResolved);
  const base = { name, sendResolved };
  const required = <T>(value: T | undefined, key: string, hint: string): T | undefined => {
    if (value === undefined && (map[key] === undefined || map[key] === null) && map[`${key}_file`] === undefined) {
      v.report('SM110', at(key), `receiver ${quote(name)} needs ${key}${hint}`);
    }
    return value;
  };
  const before = v.issues.length;
  let receiver: ReceiverConfig | undefined;
  switch (t) {
    case 'slack': {
      const channel = required(v.string(map, at('channel')), 'channel', " (e.g. '#data-alerts')");
      const token = required(v.secret(map, at('token')), 'token', ': use token: ${SLACK_BOT_TOKEN} or token_file');
      const apiUrl = v.url(map, at('api_url'));
      if (channel !== undefined && token !== undefined) {
        receiver = { ...base, type: t, channel, token, apiUrl: apiUrl === undefined ? DEFAULT_SLACK_API_URL : `${apiUrl}/` };
      }
      break;
    }
    case 'slack_webhook': {
      const url = required(v.secret(map, at('url')), 'url', ': use url: ${SLACK_WEBHOOK_URL} or url_file');
      if (url !== undefined) receiver = { ...base, type: t, url };
      break;
    }
    case 'pagerduty': {
      const routingKey = required(v.secret(map, at('routing_key')), 'routing_key', ': use routing_key: ${PD_ROUTING_KEY} or routing_key_file');
      const server = v.string(map, at('server')) ?? DEFAULT_PAGERDUTY_SERVER;
      if (routingKey !== undefined) receiver = { ...base, type: t, routingKey, server };
      break;
    }
    case 'email':
      receiver = email(v, map, path, base);
      break;
    case 'console':
      receiver = { ...base, type: t };
      break;
  }
  return v.issues.length === before ? receiver : undefined;
}

function email(
  v: RoutingValidator,
  map: Mapping,
  path: readonly string[],
  base: { name: string; sendResolved: boolean },
): ReceiverConfig | undefined {
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
