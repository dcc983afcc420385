/**
 * Aggregation groups and their timers, as Alertmanager does them: the group key for (route, group_by
 * values) and the next flush time (group_wait for a new group, group_interval when it changed,
 * repeat_interval rounded up to a multiple of group_interval). What a flush sends is route-alerts.ts.
 */

import type { Labels } from '../alerts/alert.js';
import { formatMatchers } from './matchers.js';
import type { Matcher } from './matchers.js';
import type { GroupTimers, Route, RoutingConfig } from './routing-config.js';

/** The labels an alert's group shares: the group_by labels it has (all labels for `['...']`). */
export function groupLabels(groupBy: readonly string[] | 'all', labels: Labels): Labels {
  const names = groupBy === 'all' ? Object.keys(labels) : groupBy.filter((n) => labels[n] !== undefined);
  return Object.fromEntries([...names].sort().map((n) => [n, labels[n] as string]));
}

/**
 * The route's part of a group key: `{}/{alert_type="cost_monitor",threshold="100"}` (root, then the
 * route's matchers sorted by name, operator and value, as AM sorts them). A route whose matchers repeat an earlier route's gets `/<index>` appended so keys
 * stay unique, like Alertmanager's route ID.
 */
export function routeKey(config: RoutingConfig, routeName: string): string {
  const index = config.routes.findIndex((r) => r.name === routeName);
  const route = config.routes[index];
  if (!route) throw new Error(`unknown route ${routeName}`);
  if (route.key !== undefined) return route.key;
  const key = (r: Route) => `{}/${matchersKey(r.matchers)}`;
  const duplicate = config.routes.slice(0, index).some((r) => key(r) === key(route));
  return duplicate ? `${key(route)}/${index}` : key(route);
}

/** `{a="1",b=~"x"}`: a route's matchers sorted by name, operator and value, as AM prints them in keys. */
export function matchersKey(matchers: readonly Matcher[]): string {
  return formatMatchers([...matchers].sort(byNameTypeValue));
}

function byNameTypeValue(a: Matcher, b: Matcher): number {
  const text = (m: Matcher) => [m.name, m.type, m.value];
  const [x, y] = [text(a), text(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] as string) < (y[i] as string) ? -1 : 1;
  return 0;
}

/** `{}/{alert_type="cost_monitor"}:{alert_type="cost_monitor", monitor="wh_etl"}`. */
export function groupKey(config: RoutingConfig, routeName: string, labels: Labels): string {
  return `${routeKey(config, routeName)}:${formatLabels(labels)}`;
}

/** `{a="1", b="2"}`: a label set as Alertmanager prints it, sorted by name. */
export function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(', ')}}`;
}

/** What the scheduler knows about one group. */
export interface GroupState {
  /** When the group got its first alert. */
  readonly createdAt: Date;
  /** When the group last flushed (evaluated and possibly sent); absent before the first flush. */
  readonly lastFlushAt?: Date;
  /** When a receiver of the group was last notified (the notification log's newest timestamp). */
  readonly lastNotifiedAt?: Date;
  /** True when an alert joined or resolved since the last flush. */
  readonly changed: boolean;
}

export type FlushReason = 'group_wait' | 'group_interval' | 'repeat_interval';

export interface FlushPlan {
  readonly at: Date;
  readonly reason: FlushReason;
}

/** repeat_interval rounded up to a multiple of group_interval (Alertmanager's tick arithmetic). */
export function effectiveRepeatMs(timers: GroupTimers): number {
  return Math.ceil(timers.repeatIntervalMs / timers.groupIntervalMs) * timers.groupIntervalMs;
}

/**
 * When the group flushes next. New group: createdAt + group_wait. Changed since the last flush: the
 * next group_interval tick after it (not before `now`). Unchanged: the last notification (else the last
 * flush) + the rounded repeat_interval. A flush may still decide to send nothing (dedup.ts).
 */
export function planFlush(state: GroupState, timers: GroupTimers, now: Date): FlushPlan {
  if (state.lastFlushAt === undefined) {
    return { at: new Date(state.createdAt.getTime() + timers.groupWaitMs), reason: 'group_wait' };
  }
  const last = state.lastFlushAt.getTime();
  if (state.changed) {
    const ticks = Math.max(1, Math.ceil((now.getTime() - last) / timers.groupIntervalMs));
    return { at: new Date(last + ticks * timers.groupIntervalMs), reason: 'group_interval' };
  }
  const base = (state.lastNotifiedAt ?? state.lastFlushAt).getTime();
  return { at: new Date(base + effectiveRepeatMs(timers)), reason: 'repeat_interval' };
}
