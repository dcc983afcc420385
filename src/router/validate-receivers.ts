/**
 * Validates `receivers:` of routing.yaml: each receiver's `type` must be one the notifier registry
 * knows; its keys, send_resolved default and fields are that plug-in's (notifiers/<type>.ts). Reports
 * through the RoutingValidator; it does not contact any provider.
 */

import { quote } from '../config/errors.js';
import type { NotifierRegistry, RegisteredReceiver } from '../notifiers/registry.js';
import type { RoutingValidator } from './routing-validator.js';

export function validateReceivers(
  v: RoutingValidator,
  value: unknown,
  defaultSendResolved: boolean,
  notifiers: NotifierRegistry,
): Record<string, RegisteredReceiver> {
  // fromEntries, not assignment: a receiver named __proto__ stays a receiver, not the object's prototype.
  const out: [string, RegisteredReceiver][] = [];
  for (const [name, body] of Object.entries(v.section(value, ['receivers']) ?? {})) {
    const receiver = validateReceiver(v, name, body, defaultSendResolved, notifiers);
    if (receiver) out.push([name, receiver]);
  }
  return Object.fromEntries(out);
}

function validateReceiver(
  v: RoutingValidator,
  name: string,
  body: unknown,
  defaultSendResolved: boolean,
  notifiers: NotifierRegistry,
): RegisteredReceiver | undefined {
  const path = ['receivers', name];
  const map = v.mapping(body, path);
  if (!map) return undefined;
  const at = (key: string) => [...path, key];
  const types = notifiers.types;
  const type = v.string(map, at('type'));
  if (type === undefined) {
    v.report('SM110', path, `receiver ${quote(name)} needs a type (${types.join(', ')})`);
    return undefined;
  }
  const plugin = notifiers.plugin(type);
  if (plugin === undefined) {
    const hint = v.suggest(type, types) || ` (use ${types.slice(0, -1).join(', ')} or ${types[types.length - 1]})`;
    v.report('SM108', at('type'), `unknown receiver type ${quote(type)}${hint}`);
    return undefined;
  }
  v.knownKeys(map, path, ['type', 'send_resolved', ...plugin.keys]);
  const sendResolved = v.boolean(map, at('send_resolved')) ?? plugin.sendResolvedDefault ?? defaultSendResolved;
  const required = <T>(value: T | undefined, key: string, hint: string): T | undefined => {
    if (value === undefined && (map[key] === undefined || map[key] === null) && map[`${key}_file`] === undefined) {
      v.report('SM110', at(key), `receiver ${quote(name)} needs ${key}${hint}`);
    }
    return value;
  };
  const before = v.issues.length;
  const receiver = plugin.validate({ fields: v, map, path, base: { name, sendResolved }, required });
  return v.issues.length === before ? receiver : undefined;
}
