/**
 * The one list of notifier plug-ins (each declared in its own file, see notifier-plugin.ts), and what
 * the rest of snowmon asks of them by receiver `type`: validate, build (applying `send_resolved`),
 * describe, rate-limit key, pages, owns escalation. Adding an integration is its file plus one line in `NOTIFIERS`.
 */

import { consolePlugin } from './console.js';
import { emailPlugin } from './email.js';
import type { Notifier } from './notifier.js';
import type { NotifierDeps, NotifierPlugin, ReceiverBase, ReceiverOf } from './notifier-plugin.js';
import { pagerDutyPlugin } from './pagerduty.js';
import { withSendResolved } from './send-resolved-filter.js';
import { slackWebhookPlugin } from './slack-webhook.js';
import { slackPlugin } from './slack.js';

export type { NotifierDeps } from './notifier-plugin.js';

/** The built-in notifiers, in the order `check-config` lists receiver types. */
export const NOTIFIERS = [slackPlugin, slackWebhookPlugin, pagerDutyPlugin, emailPlugin, consolePlugin] as const;

/** A validated receiver of a built-in type. */
export type ReceiverConfig = ReceiverOf<(typeof NOTIFIERS)[number]>;
export type ReceiverType = ReceiverConfig['type'];

/**
 * A validated receiver of any type a registry knows (a built-in's, or an extra plug-in's): what a plug-in's
 * `validate` returns, and what the registry creates, describes and rate-limits. The routing table holds these.
 */
export type RegisteredReceiver = NonNullable<ReturnType<NotifierPlugin['validate']>>;

export interface NotifierRegistry {
  /** Every receiver type it knows, built-ins first. */
  readonly types: readonly string[];
  readonly plugin: (type: string) => NotifierPlugin | undefined;
  /** The notifier for a validated receiver, honouring its `send_resolved`. */
  readonly create: (receiver: ReceiverBase, deps?: NotifierDeps) => Notifier;
  /** `name (slack #data-alerts)`, `name (console)`: never a secret. */
  readonly describe: (receiver: ReceiverBase) => string;
  /** The rate-limit key of a receiver's sends, if its type has one. */
  readonly rateLimitKey: (receiver: ReceiverBase) => string | undefined;
  /** True when receivers of `type` page a person. */
  readonly pages: (type: string | undefined) => boolean;
  /** True when receivers of `type` run their own escalation (snowmon's `escalate` steps are skipped). */
  readonly ownsEscalation: (type: string | undefined) => boolean;
}

/** The built-ins plus `extra` plug-ins (tests, or an integration tried out before it gets its line). */
export function notifierRegistry(extra: readonly NotifierPlugin[] = []): NotifierRegistry {
  const plugins = new Map<string, NotifierPlugin>();
  for (const plugin of [...(NOTIFIERS as readonly NotifierPlugin[]), ...extra]) {
    if (plugins.has(plugin.type)) throw new Error(`two notifier plug-ins for receiver type ${plugin.type}`);
    plugins.set(plugin.type, plugin);
  }
  const pluginOf = (receiver: ReceiverBase): NotifierPlugin => {
    const plugin = plugins.get(receiver.type);
    if (plugin === undefined) throw new Error(`no notifier plug-in for receiver type ${receiver.type}`);
    return plugin;
  };
  return {
    types: [...plugins.keys()],
    plugin: (type) => plugins.get(type),
    create: (receiver, deps = {}) => withSendResolved(receiver, pluginOf(receiver).create(receiver, deps)),
    describe: (receiver) => `${receiver.name} (${plugins.get(receiver.type)?.describe?.(receiver) ?? receiver.type})`,
    rateLimitKey: (receiver) => plugins.get(receiver.type)?.rateLimitKey?.(receiver),
    pages: (type) => (type === undefined ? false : plugins.get(type)?.pages === true),
    ownsEscalation: (type) => (type === undefined ? false : plugins.get(type)?.ownsEscalation === true),
  };
}

/** The built-in notifiers' registry. */
export const BUILT_IN_NOTIFIERS: NotifierRegistry = notifierRegistry();

export function createNotifier(receiver: ReceiverBase, deps: NotifierDeps = {}): Notifier {
  return BUILT_IN_NOTIFIERS.create(receiver, deps);
}
