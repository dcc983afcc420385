/**
 * The routing table `snowmon demo` uses when the user gives none: the shipped table (config/routing.yaml),
 * routes, inhibit rules, timers and business hours as shipped, with every receiver printing to the console
 * under its shipped name, so the demo needs no Slack, PagerDuty or SMTP. `routingWithReceivers` is the
 * one way to derive a table from the shipped one with other receivers (the dispatch tests point them at
 * their fakes with it).
 */

import { readFile } from 'node:fs/promises';
import { isMap, isSeq, parseDocument } from 'yaml';
import { BUILT_IN_NOTIFIERS } from '../notifiers/registry.js';
import { defaultConfig } from './default-config.js';

/** A receiver's mapping in routing.yaml, as plain data. */
export type ReceiverBody = Readonly<Record<string, unknown>>;

/** Stands in for `response: immediate` on a route left with no receiver that pages (it needs one). */
const WITHOUT_PAGER = { within: '5m' } as const;

/** config/routing.yaml as shipped with this package. */
export async function shippedRoutingText(): Promise<string> {
  return readFile(defaultConfig({}).routing.file, 'utf8');
}

/** The shipped table with console receivers of the same names: the demo's table. */
export async function demoRoutingText(): Promise<string> {
  const text = routingWithReceivers(await shippedRoutingText(), consoleReceiver);
  return `# snowmon demo: config/routing.yaml with every receiver on the console (same names, routes, inhibit rules, timers).\n${text}`;
}

/** A console receiver in place of any other; it keeps `send_resolved` (email-lead is told no resolutions). */
function consoleReceiver(_name: string, body: ReceiverBody): ReceiverBody {
  return { type: 'console', ...('send_resolved' in body ? { send_resolved: body.send_resolved } : {}) };
}

/**
 * `text`, a routing table, with each receiver's body replaced by `replace(name, body)`; everything else
 * stays as written, comments included. A route whose `response: immediate` no longer has a receiver that
 * pages gets `response: { within: 5m }` instead, as immediate needs one.
 */
export function routingWithReceivers(text: string, replace: (name: string, body: ReceiverBody) => ReceiverBody): string {
  const doc = parseDocument(text);
  const receivers = doc.get('receivers');
  if (!isMap(receivers)) throw new Error('the routing table has no receivers: mapping');
  const types = new Map<string, unknown>();
  for (const pair of receivers.items) {
    const name = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
    const body = replace(name, (isMap(pair.value) ? pair.value.toJSON() : {}) as ReceiverBody);
    types.set(name, body.type);
    pair.value = doc.createNode(body, { flow: true });
  }
  const routes = doc.get('routes');
  for (const route of isSeq(routes) ? routes.items : []) {
    if (!isMap(route) || route.get('response') !== 'immediate') continue;
    const notify = route.get('notify');
    const names = isSeq(notify) ? notify.items.map((n) => String((n as { value?: unknown }).value)) : [];
    if (!names.some((n) => BUILT_IN_NOTIFIERS.pages(String(types.get(n))))) route.set('response', doc.createNode(WITHOUT_PAGER, { flow: true }));
  }
  return doc.toString({ lineWidth: 0 });
}
