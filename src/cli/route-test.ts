/**
 * `snowmon route-test LABELS... [--at TIME] [--format json] [--verify-receivers a,b]`: where an alert with
 * these labels would go — routes, receivers (as `amtool config routes test` lists them), first delivery,
 * response due time and message text. Needs no store and no receiver secret, and sends nothing;
 * inhibition and runtime silences depend on the store and are not applied.
 */

import { routeTimeZone } from '../dispatch/route-time-zone.js';
import { fingerprint } from '../alerts/alert.js';
import type { Labels } from '../alerts/alert.js';
import { runbookFor } from '../alerts/runbooks.js';
import { ALERT_TYPES, COMMON_LABELS, DBT_ALERT_TYPES, labelNotes } from '../alerts/alert-types.js';
import { ConfigError, formatIssue } from '../config/errors.js';
import type { Config } from './snowmon-config.js';
import { renderMessage } from '../notifiers/message.js';
import { renderMessageText } from '../notifiers/message-text.js';
import { formatDuration, formatInstant } from '../notifiers/format-time.js';
import type { Notification } from '../notifiers/notifier.js';
import { dueAt } from '../router/business-clock.js';
import { describeAlertRoute } from '../router/describe-alert-route.js';
import { groupKey, groupLabels } from '../router/group.js';
import { groupByAccount } from '../router/group-by-account.js';
import { loadRoutingOffline } from '../router/load-routing.js';
import { parseLabelSet } from '../router/matchers.js';
import { matchRoutes } from '../router/route-tree.js';
import type { MatchedRoute } from '../router/route-tree.js';
import type { RoutingConfig } from '../router/routing-config.js';
import { timeMuteReason, windowState } from '../router/time-windows.js';
import { EXIT, UsageError, complain, parseCommandArgs, say } from './command-io.js';
import type { Values } from './command-io.js';
import { loadCliConfig } from './load-cli-config.js';
import { parseInstant } from './parse-instant.js';

const USAGE = `usage: snowmon route-test LABEL=VALUE... [--at TIME] [--summary TEXT] [--format text|json]
                          [--verify-receivers R1,R2] [--routing FILE] [--config FILE]
  e.g. snowmon route-test alert_type=cost_monitor threshold=90 monitor=ACCOUNT_MONTHLY --at 2026-11-20T17:45:00Z
  Shows the routes and receivers the alert reaches, when each would first be delivered, when a response
  is due, and the message. Labels are written as Alertmanager matchers with = (name="value" or name=value).
  --at (ISO 8601 with a zone) defaults to now; --routing overrides routing.file; --verify-receivers exits 1
  unless the receivers reached, in order and comma-joined, are exactly R1,R2 (amtool's --verify.receivers).
  A note on stderr says when alert_type is not one snowmon raises, or a label never appears on its alerts.
  account=NAME adds that accounts: entry's labels (a label given wins), as its alerts carry them.

alert types and their labels (every alert also has ${COMMON_LABELS.join(', ')}):
${Object.entries(ALERT_TYPES)
  .map(([type, info]) => `  ${type.padEnd(23)} ${info.labels.join(', ')}`)
  .join('\n')}
dbt labels: pipeline (metadata.env.PIPELINE, a dbt.pipelines name, or the command), node (the dbt unique_id),
  owner (meta.owner, comma-joined and sorted, else the group's owner; a test takes its model's),
  channel (meta.channel or meta.alerts_config.channel, as Elementary reads them), reason (duration|late|not_run).
examples:
${DBT_ALERT_TYPES.map((type) => `  snowmon route-test ${ALERT_TYPES[type]?.example ?? ''}`).join('\n')}
`;

export async function run(argv: string[]): Promise<number> {
  const args = parseRouteTestArgs(argv);
  if (typeof args === 'number') return args;
  const { values, at } = args;

  let config: Config;
  let routing: RoutingConfig;
  let missing: readonly string[];
  try {
    config = await loadCliConfig(values.config as string | undefined, process.env, { offline: true });
    const loaded = await loadRoutingOffline((values.routing as string | undefined) ?? config.routing.file, process.env);
    routing = groupByAccount(loaded.routing, config.accounts);
    missing = loaded.missing.map(formatIssue);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    complain(error.message);
    return EXIT.usage;
  }

  const stamped = withAccountLabels(config, args.labels);
  const labels = stamped.labels;
  if (stamped.note !== undefined && values.format !== 'json') complain(`note: ${stamped.note}`);
  const matched = matchRoutes(routing, labels);
  const receivers = matched.map((m) => m.receiver);
  const expected = values['verify-receivers'] as string | undefined;
  const verified = expected === undefined || expected === receivers.join(',');
  if (values.format === 'json') {
    say(JSON.stringify(jsonReport(routing, matched, labels, at, { expected, verified, missing }), null, 2));
    return verified ? EXIT.ok : EXIT.failed;
  }
  printRoutes(routing, config, matched, labels, at, missing, values.summary as string | undefined);
  if (!verified) {
    complain(`expected receivers ${expected} did not match the receivers reached: ${receivers.join(',') || '(none)'}`);
    return EXIT.failed;
  }
  return EXIT.ok;
}

/** The command line, or the exit code when it is `--help` or wrong (the reason and usage on stderr). */
function parseRouteTestArgs(argv: string[]): { values: Values; labels: Labels; at: Date } | number {
  try {
    const parsed = parseCommandArgs(argv, {
      at: { type: 'string' },
      summary: { type: 'string' },
      routing: { type: 'string' },
      format: { type: 'string' },
      'verify-receivers': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    const values = parsed.values;
    if (values.help === true) {
      process.stdout.write(USAGE);
      return EXIT.ok;
    }
    if (values.format !== undefined && values.format !== 'text' && values.format !== 'json') {
      throw new UsageError(`invalid --format ${JSON.stringify(values.format)} (use text or json)`);
    }
    const labels = parseLabels(parsed.positionals);
    const at = values.at === undefined ? new Date() : parseInstant('--at', values.at as string);
    if (typeof at === 'string') throw new UsageError(at);
    return { values, labels, at };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    complain(`${error.message}\n${USAGE}`);
    return EXIT.usage;
  }
}

/** `--format json`: each route reached with its group key, first delivery, time mute and response due time. */
function jsonReport(
  routing: RoutingConfig,
  matched: readonly MatchedRoute[],
  labels: Labels,
  at: Date,
  check: { readonly expected: string | undefined; readonly verified: boolean; readonly missing: readonly string[] },
) {
  return {
    labels,
    receivers: matched.map((m) => m.receiver),
    routes: matched.map((m) => ({
      route: m.route,
      receiver: m.receiver,
      group_key: groupKey(routing, m.route, groupLabels(m.groupBy, labels)),
      first_delivery: deliveryTime(routing, m, at)?.toISOString() ?? null,
      ...(m.deliverDuring !== undefined ? { deliver_during: m.deliverDuring } : {}),
      time_muted: timeMuteAt(routing, m, at) ?? null,
      response_due: m.response ? (dueAt(m.response, at, routing)?.toISOString() ?? null) : null,
    })),
    ...(check.expected !== undefined ? { expected_receivers: check.expected.split(',').filter(Boolean), verified: check.verified } : {}),
    missing_env: check.missing,
  };
}

/** The text answer: notes on stderr, then the routes, each receiver's first delivery and one message per route. */
function printRoutes(
  routing: RoutingConfig,
  config: Config,
  matched: readonly MatchedRoute[],
  labels: Labels,
  at: Date,
  missing: readonly string[],
  summary: string | undefined,
): void {
  for (const note of labelNotes(
    labels,
    config.accounts.flatMap((a) => Object.keys(a.labels)),
  ))
    complain(`note: ${note}`);
  if (missing.length > 0) {
    complain(
      `note: nothing is sent, but delivery will need ${missing.length === 1 ? 'this variable' : 'these variables'} set:\n${missing.map((l) => `  ${l}`).join('\n')}`,
    );
  }
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
    process.stdout.write(renderMessageText(renderMessage(notificationFor(routing, config, m, labels, at, summary), { timeZone: routing.timezone })));
  }
}

/**
 * The labels with the `accounts:` entry's own `labels:` added (a label given wins), as every alert of that
 * account carries them, so routes on them are tried; a note says what was added, or that no account has
 * that name (a route matching it would never see an alert).
 */
export function withAccountLabels(config: Pick<Config, 'accounts'>, labels: Labels): { readonly labels: Labels; readonly note?: string } {
  const name = labels['account'];
  if (name === undefined) return { labels };
  const account = config.accounts.find((a) => a.name === name);
  if (account === undefined) {
    return { labels, note: `account "${name}" is not one of the configured accounts (${config.accounts.map((a) => a.name).join(', ')}): no alert carries it` };
  }
  const added = Object.entries(account.labels).filter(([key]) => labels[key] === undefined);
  if (added.length === 0) return { labels };
  return {
    labels: { ...labels, ...Object.fromEntries(added) },
    note: `added account ${name}'s labels, as its alerts carry them: ${added.map(([key, value]) => `${key}=${value}`).join(', ')}`,
  };
}

/** The label arguments as a label set (router/matchers.ts `parseLabelSet`); a usage error when they are not one. */
function parseLabels(args: readonly string[]): Labels {
  if (args.length === 0) throw new UsageError('give at least one label, e.g. alert_type=cost_monitor');
  const parsed = parseLabelSet(args);
  if (!parsed.ok) throw new UsageError(parsed.message);
  return parsed.labels;
}

/** When the group's first notification would go: after group_wait, or when the delivery window opens. */
function deliveryTime(routing: RoutingConfig, m: MatchedRoute, at: Date): Date | undefined {
  const afterWait = new Date(at.getTime() + m.timers.groupWaitMs);
  const window = windowState(routing, m.deliverDuring, afterWait);
  return window.open ? afterWait : window.nextOpen;
}

function timeMuteAt(routing: RoutingConfig, m: MatchedRoute, at: Date): string | undefined {
  const when = deliveryTime(routing, m, at);
  return when === undefined ? undefined : timeMuteReason(routing, m, when);
}

function firstDelivery(routing: RoutingConfig, m: MatchedRoute, at: Date): string {
  const wait = `group_wait ${formatDuration(m.timers.groupWaitMs)}`;
  const when = deliveryTime(routing, m, at);
  if (when === undefined) return `never: ${m.deliverDuring ?? 'its window'} does not open again (${wait})`;
  const local = formatInstant(when.toISOString(), routing.timezone);
  const muted = timeMuteReason(routing, m, when);
  if (muted !== undefined) return `dropped at ${when.toISOString()} (${local}): ${muted}, as Alertmanager drops (${wait})`;
  const deferred = m.deliverDuring !== undefined && when.getTime() > at.getTime() + m.timers.groupWaitMs;
  return deferred ? `deferred to ${when.toISOString()} (${local}), when ${m.deliverDuring} opens (${wait})` : `${when.toISOString()} (${local}, after ${wait})`;
}

function notificationFor(routing: RoutingConfig, config: Config, m: MatchedRoute, labels: Labels, at: Date, summary: string | undefined): Notification {
  const sent = deliveryTime(routing, m, at) ?? at;
  const runbook = runbookFor(labels, config.runbooks);
  const due = m.response ? dueAt(m.response, at, routing) : undefined;
  const text = Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k] ?? ''}`)
    .join(', ');
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
    ...accountOf(config, labels),
    timeZone: routeTimeZone(routing, m),
    createdAt: sent.toISOString(),
  };
}

/** The Snowflake account a message names: that of the `account` label's entry, else the only account's. */
function accountOf(config: Config, labels: Labels): { account?: string } {
  const named = config.accounts.find((a) => a.name === labels['account']) ?? (config.accounts.length === 1 ? config.accounts[0] : undefined);
  const account = named?.snowflake.account ?? (labels['account'] !== undefined ? labels['account'] : undefined);
  return account !== undefined ? { account } : {};
}
