/**
 * Writes the Alertmanager (0.25+) configuration equivalent to a snowmon routing table, for the side-by-side
 * benchmark: the same ordered routes, matchers, `continue`, group_by, timers and inhibit rules, with every
 * snowmon receiver turned into a webhook to a local sink. Each snowmon route becomes one AM receiver holding
 * one webhook per `notify` entry (so both sides keep one group per route). It does not start anything.
 */

import { stringify } from 'yaml';
import { formatMatcher } from '../../src/router/matchers.js';
import type { IntRange, Route, RoutingConfig, TimeInterval } from '../../src/router/routing-config.js';

export interface AlertmanagerConfigOptions {
  /** The webhook URL for one snowmon receiver, e.g. `http://127.0.0.1:PORT/am/slack-data-costs`. */
  readonly webhookUrl: (receiver: string) => string;
  /** AM's `global.resolve_timeout` (default `5m`). */
  readonly resolveTimeout?: string;
}

/** What the translation could not carry over, said once per item (holidays, deliver_during, silences). */
export interface AlertmanagerTranslation {
  /** The config file's text (YAML). */
  readonly yaml: string;
  /** The AM receiver name of each snowmon route. */
  readonly receiverOfRoute: Readonly<Record<string, string>>;
  /** Differences the translation introduces, one line each. */
  readonly notes: readonly string[];
}

/** The receiver AM's root route uses; snowmon tables always end with a catch-all, so it should stay silent. */
export const UNROUTED_RECEIVER = 'snowmon-unrouted';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** Translates `routing` into an Alertmanager config. Pure. */
export function alertmanagerConfig(routing: RoutingConfig, options: AlertmanagerConfigOptions): AlertmanagerTranslation {
  const notes: string[] = [];
  const receiverOfRoute: Record<string, string> = {};
  const receivers: Record<string, unknown>[] = [{ name: UNROUTED_RECEIVER }];
  const routes: Record<string, unknown>[] = [];
  const usedIntervals = new Set<string>();

  // Nested routes stay nested (AM's matching depends on the tree); every inherited value is written out.
  const translate = (route: Route): Record<string, unknown> => {
    const name = `snowmon-route-${route.name}`;
    receiverOfRoute[route.name] = name;
    receivers.push({
      name,
      webhook_configs: route.notify.map((receiver) => ({
        url: options.webhookUrl(receiver),
        send_resolved: route.sendResolved ?? routing.receivers[receiver]?.sendResolved ?? routing.defaults.sendResolved,
        max_alerts: 0,
      })),
    });
    const amRoute: Record<string, unknown> = {
      receiver: name,
      matchers: route.matchers.map(formatMatcher),
      group_by: route.groupBy === 'all' ? ['...'] : [...route.groupBy],
      group_wait: formatDuration(route.timers.groupWaitMs),
      group_interval: formatDuration(route.timers.groupIntervalMs),
      repeat_interval: formatDuration(route.timers.repeatIntervalMs),
      continue: route.continue,
    };
    const active = [...(route.activeTimeIntervals ?? [])];
    if (route.deliverDuring !== undefined) {
      active.push(route.deliverDuring);
      notes.push(`route ${route.name}: deliver_during ${route.deliverDuring} becomes active_time_intervals, which drops (snowmon defers)`);
    }
    if (active.length > 0) amRoute['active_time_intervals'] = active;
    if (route.muteTimeIntervals !== undefined) amRoute['mute_time_intervals'] = [...route.muteTimeIntervals];
    for (const interval of [...active, ...(route.muteTimeIntervals ?? [])]) usedIntervals.add(interval);
    if (route.escalate.length > 0 || route.response !== undefined) {
      notes.push(`route ${route.name}: response/escalate have no Alertmanager equivalent (left out)`);
    }
    if (route.children !== undefined) amRoute['routes'] = route.children.map(translate);
    return amRoute;
  };
  for (const route of routing.tree ?? routing.routes) routes.push(translate(route));

  const intervals = [...usedIntervals].map((name) => {
    const interval = routing.timeIntervals[name];
    if (interval === undefined) throw new Error(`routing names unknown time interval ${name}`);
    return timeInterval(interval);
  });
  if (usedIntervals.size > 0 && routing.holidays.length > 0) {
    notes.push(`holidays (${routing.holidays.length}) have no Alertmanager equivalent: AM delivers on them`);
  }
  if (routing.silences.length > 0) {
    notes.push(`config silences (${routing.silences.length}) are not config in Alertmanager: post them with the silences API`);
  }

  const config: Record<string, unknown> = {
    global: { resolve_timeout: options.resolveTimeout ?? '5m' },
    route: {
      receiver: UNROUTED_RECEIVER,
      group_by: ['alert_type'],
      group_wait: formatDuration(routing.defaults.groupWaitMs),
      group_interval: formatDuration(routing.defaults.groupIntervalMs),
      repeat_interval: formatDuration(routing.defaults.repeatIntervalMs),
      routes,
    },
    receivers,
    inhibit_rules: routing.inhibitRules.map((rule) => ({
      source_matchers: rule.sourceMatchers.map(formatMatcher),
      target_matchers: rule.targetMatchers.map(formatMatcher),
      equal: [...rule.equal],
    })),
    ...(intervals.length > 0 ? { time_intervals: intervals } : {}),
  };
  return { yaml: stringify(config), receiverOfRoute, notes };
}

/** A Prometheus duration: `0s`, `1s`, `1500ms`, `5m`, `4h` (the largest unit that divides it). */
export function formatDuration(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`duration ${ms} ms is not a whole non-negative number`);
  if (ms === 0) return '0s';
  for (const [unit, size] of [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function timeInterval(interval: TimeInterval): Record<string, unknown> {
  return {
    name: interval.name,
    time_intervals: interval.specs.map((spec) => ({
      ...(spec.times.length > 0 ? { times: spec.times.map((t) => ({ start_time: clock(t.startMinute), end_time: clock(t.endMinute) })) } : {}),
      ...(spec.weekdays.length > 0 ? { weekdays: spec.weekdays.map((r) => range(r, (d) => WEEKDAYS[d] ?? String(d))) } : {}),
      ...(spec.daysOfMonth.length > 0 ? { days_of_month: spec.daysOfMonth.map((r) => range(r, String)) } : {}),
      ...(spec.months.length > 0 ? { months: spec.months.map((r) => range(r, String)) } : {}),
      ...(spec.years.length > 0 ? { years: spec.years.map((r) => range(r, String)) } : {}),
      location: spec.location,
    })),
  };
}

function clock(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function range(r: IntRange, name: (n: number) => string): string {
  return r.start === r.end ? name(r.start) : `${name(r.start)}:${name(r.end)}`;
}
