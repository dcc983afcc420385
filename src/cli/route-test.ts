/**
 * `snowmon route-test LABELS... [--at TIME]`: where an alert with these labels would go under the
 * configured routing table — the routes and receivers it reaches, when each would first be delivered
 * (group_wait, deliver_during windows), when a response would be due, and the message text. Needs no
 * store and sends nothing; inhibition and runtime silences depend on the store and are not applied.
 */

import { routeTimeZone } from '../alerting/route-time-zone.js';
import { fingerprint } from '../alerts/alert.js';
import type { Labels } from '../alerts/alert.js';
import { runbookFor } from '../alerts/runbooks.js';
import { ConfigError } from '../config/errors.js';
import type { Config } from '../config/schema.js';
import { renderMessage } from '../notifiers/message.js';
import { renderMessageText } from '../notifiers/message-text.js';
import { formatDuration, formatInstant } from '../notifiers/format-time.js';
import type { Notification } from '../notifiers/notifier.js';
import { dueAt } from '../router/business-clock.js';
import { describeAlertRoute } from '../router/describe-alert-route.js';
import { groupKey, groupLabels } from '../router/group.js';
import { loadRouting } from '../router/load-routing.js';
import { matchRoutes } from '../router/route-tree.js';
import type { MatchedRoute } from '../router/route-tree.js';
import type { RoutingConfig } from '../router/routing-config.js';
import { windowState } from '../router/time-windows.js';
import { EXIT, UsageError, complain, parseCommandArgs, say } from './command-io.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseInstant } from './parse-instant.js';

const USAGE = `usage: snowmon route-test LABEL=VALUE... [--at TIME] [--summary TEXT] [--routing FILE] [--config FILE]
  e.g. snowmon route-test alert_type=cost_monitor threshold=90 monitor=ACCOUNT_MONTHLY --at 2026-11-20T17:45:00Z
  Shows the routes and receivers the alert reaches, when each would first be delivered, when a response
  is due, and the message. --at (ISO 8601 with a zone) defaults to now; --routing overrides routing.file.
`;

const LABEL = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

export async function run(argv: string[]): Promise<number> {
  let labels: Labels;
  let at: Date;
  let values;
  try {
    const parsed = parseCommandArgs(argv, {
      at: { type: 'string' },
      summary: { type: 'string' },
      routing: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    values = parsed.values;
    if (values.help === true) {
      process.stdout.write(USAGE);
      return EXIT.ok;
    }
    labels = parseLabels(parsed.positionals);
    const when = values.at === undefined ? new Date() : parseInstant('--at', values.at as string);
    if (typeof when === 'string') throw new UsageError(when);
    at = when;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    complain(`${error.message}\n${USAGE}`);
    return EXIT.usage;
  }

  let config: Config;
  let routing: RoutingConfig;
  try {
    config = await loadCliConfig(values.config as string | undefined, process.env);
    routing = await loadRouting((values.routing as string | undefined) ?? config.routing.file, process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    complain(error.message);
    return EXIT.usage;
  }

  const matched = matchRoutes(routing, labels);
  say(describeAlertRoute(routing, labels, at));
  say('  (inhibit rules and runtime silences depend on other alerts and the store; route-test does not apply them)');
  say('');
  say('first delivery:');
  for (const m of matched) say(`  ${m.route} -> ${m.receiver}: ${firstDelivery(routing, m, at)}`);
  const seen = new Set<string>();
  for (const m of matched) {
    if (seen.has(m.route)) continue;
    seen.add(m.route);
    const receivers = matched.filter((x) => x.route === m.route).map((x) => x.receiver);
    say('');
    say(`message (route ${m.route}, to ${receivers.join(', ')}):`);
    process.stdout.write(renderMessageText(renderMessage(notificationFor(routing, config, m, labels, at, values.summary as string | undefined), { timeZone: routing.timezone })));
  }
  return EXIT.ok;
}

/** `alert_type=cost_monitor` or `monitor="ACCOUNT MONTHLY"`; every name once. */
function parseLabels(args: readonly string[]): Labels {
  if (args.length === 0) throw new UsageError('give at least one label, e.g. alert_type=cost_monitor');
  const labels: Record<string, string> = {};
  for (const arg of args) {
    const shape = LABEL.exec(arg.trim());
    if (!shape) throw new UsageError(`invalid label ${JSON.stringify(arg)}: expected name=value (a label name is letters, digits and _)`);
    const [, name, raw] = shape as unknown as [string, string, string];
    let value = raw;
    if (raw.startsWith('"')) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (typeof parsed !== 'string') throw new Error('not a string');
        value = parsed;
      } catch {
        throw new UsageError(`invalid label ${JSON.stringify(arg)}: unterminated or badly escaped quoted value`);
      }
    }
    if (name in labels) throw new UsageError(`label ${name} is given twice`);
    labels[name] = value;
  }
  return Object.freeze(labels);
}

/** When the group's first notification would go: after group_wait, or when the delivery window opens. */
function deliveryTime(routing: RoutingConfig, m: MatchedRoute, at: Date): Date | undefined {
  const afterWait = new Date(at.getTime() + m.timers.groupWaitMs);
  const window = windowState(routing, m.deliverDuring, afterWait);
  return window.open ? afterWait : window.nextOpen;
}

function firstDelivery(routing: RoutingConfig, m: MatchedRoute, at: Date): string {
  const wait = `group_wait ${formatDuration(m.timers.groupWaitMs)}`;
  const when = deliveryTime(routing, m, at);
  if (when === undefined) return `never: ${m.deliverDuring ?? 'its window'} does not open again (${wait})`;
  const local = formatInstant(when.toISOString(), routing.timezone);
  const deferred = m.deliverDuring !== undefined && when.getTime() > at.getTime() + m.timers.groupWaitMs;
  return deferred
    ? `deferred to ${when.toISOString()} (${local}), when ${m.deliverDuring} opens (${wait})`
    : `${when.toISOString()} (${local}, after ${wait})`;
}

function notificationFor(
  routing: RoutingConfig,
  config: Config,
  m: MatchedRoute,
  labels: Labels,
  at: Date,
  summary: string | undefined,
): Notification {
  const sent = deliveryTime(routing, m, at) ?? at;
  const runbook = runbookFor(labels, config.runbooks);
  const due = m.response ? dueAt(m.response, at, routing) : undefined;
  const text = Object.keys(labels).sort().map((k) => `${k}=${labels[k] ?? ''}`).join(', ');
  return {
    id: 'route-test',
    receiver: m.receiver,
    route: m.route,
    groupKey: groupKey(routing, m.route, groupLabels(m.groupBy, labels)),
    groupLabels: groupLabels(m.groupBy, labels),
    kind: 'firing',
    status: 'firing',
    reason: 'first notification',
    alerts: [
      {
        fingerprint: fingerprint(labels),
        labels,
        annotations: { summary: summary ?? `test alert ${text}`, ...(runbook !== undefined ? { runbook } : {}) },
        status: 'firing',
        startsAt: at.toISOString(),
      },
    ],
    ...(due !== undefined ? { dueAt: due.toISOString() } : {}),
    ...(config.snowflake.account !== undefined ? { account: config.snowflake.account } : {}),
    timeZone: routeTimeZone(routing, m),
    createdAt: sent.toISOString(),
  };
}
