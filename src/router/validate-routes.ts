/**
 * Validates `routes:` of routing.yaml: names, matchers, `continue`, `notify` fan-out (every receiver
 * defined, none twice), group_by (`['...']` = all), timers inherited from defaults, `deliver_during`, `response`,
 * `escalate`, the catch-all rule and `response: immediate` needing a pager. Reports through the
 * RoutingValidator; matching alerts is route-tree.ts.
 */

import { quote } from '../config/errors.js';
import type { EscalationStep, ResponseSpec, Route, RoutingDefaults, TimeInterval } from './routing-config.js';
import type { Mapping, RoutingValidator } from './routing-validator.js';

const ROUTE_KEYS = [
  'name', 'matchers', 'continue', 'notify', 'group_by', 'group_wait', 'group_interval', 'repeat_interval',
  'deliver_during', 'response', 'escalate', 'send_resolved',
] as const;
const RESPONSE_KEYS = ['within', 'clock', 'by'] as const;
const ESCALATE_KEYS = ['after', 'if', 'notify', 'mention'] as const;

/** The interval `by:` responses measure on when they name no `clock`. */
export const DEFAULT_BUSINESS_CLOCK = 'business_hours';

export interface RouteContext {
  readonly defaults: RoutingDefaults;
  /** Every receiver written under `receivers:` with its `type` as written, valid or not (one bad receiver is one error). */
  readonly receiverTypes: Readonly<Record<string, string | undefined>>;
  readonly timeIntervals: Readonly<Record<string, TimeInterval>>;
  /** Line of a key path, for routes' own `line`. */
  readonly lineOf: (path: readonly string[]) => number | undefined;
}

export function validateRoutes(v: RoutingValidator, root: Mapping, context: RouteContext): Route[] {
  const routes: Route[] = [];
  const items = v.list(root, ['routes']);
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const route = validateRoute(v, item, ['routes', String(i)], context, seen);
    if (route) routes.push(route);
  });
  const last = items[items.length - 1];
  if (items.length === 0) {
    v.report('SM126', ['routes'], 'no routes: the last route must be a catch-all (no matchers)');
  } else if (last !== null && typeof last === 'object' && Array.isArray((last as Mapping).matchers) && ((last as Mapping).matchers as unknown[]).length > 0) {
    v.report('SM126', ['routes', String(items.length - 1), 'matchers'], `the last route must be a catch-all (no matchers), got route ${quote((last as Mapping).name)}`);
  }
  return routes;
}

function validateRoute(
  v: RoutingValidator,
  value: unknown,
  path: readonly string[],
  context: RouteContext,
  seen: Set<string>,
): Route | undefined {
  const map = v.mapping(value, path);
  if (!map) return undefined;
  const at = (...keys: string[]) => [...path, ...keys];
  const before = v.issues.length;
  v.knownKeys(map, path, ROUTE_KEYS);
  const name = v.string(map, at('name'));
  if (name === undefined && map.name === undefined) v.report('SM110', path, 'route needs a name');
  else if (name !== undefined && seen.has(name)) v.report('SM128', at('name'), `duplicate route name ${quote(name)}`);
  if (name !== undefined) seen.add(name);
  const label = name ?? `#${path[path.length - 1]}`;
  const matchers = v.matchers(map, at('matchers'));
  const notify = receiverList(v, map, at('notify'), context, `used in route ${quote(label)}`);
  if (notify.length === 0 && v.issues.length === before) v.report('SM110', at('notify'), `route ${quote(label)} notifies no receiver`);
  const groupByList = v.stringList(map, at('group_by'));
  const groupBy = groupByList.includes('...') ? 'all' : groupByList;
  if (groupBy === 'all' && groupByList.length > 1) {
    v.report('SM108', at('group_by'), `group_by ['...'] means every label and cannot list others, got ${quote(groupByList.join(', '))}`);
  }
  const d = context.defaults;
  const timers = {
    groupWaitMs: v.durationOrZero(map, at('group_wait')) ?? d.groupWaitMs,
    groupIntervalMs: v.duration(map, at('group_interval')) ?? d.groupIntervalMs,
    repeatIntervalMs: v.duration(map, at('repeat_interval')) ?? d.repeatIntervalMs,
  };
  const deliverDuring = v.string(map, at('deliver_during'));
  if (deliverDuring !== undefined) interval(v, at('deliver_during'), deliverDuring, context, `used in route ${quote(label)}`);
  const response = validateResponse(v, map, at('response'), context, label);
  if (response?.kind === 'immediate' && !notify.some((r) => context.receiverTypes[r] === 'pagerduty')) {
    v.report('SM127', at('response'), `response: immediate needs a pagerduty receiver in notify of route ${quote(label)}`);
  }
  const escalate: EscalationStep[] = [];
  v.list(map, at('escalate')).forEach((item, i) => {
    const step = validateStep(v, item, at('escalate', String(i)), context, label);
    if (step) escalate.push(step);
  });
  const sendResolved = v.boolean(map, at('send_resolved'));
  const line = context.lineOf(path);
  if (v.issues.length > before || name === undefined) return undefined;
  return {
    name,
    matchers,
    continue: v.boolean(map, at('continue')) ?? false,
    notify,
    groupBy,
    timers,
    ...(deliverDuring !== undefined ? { deliverDuring } : {}),
    ...(response !== undefined ? { response } : {}),
    escalate,
    ...(sendResolved !== undefined ? { sendResolved } : {}),
    ...(line !== undefined ? { line } : {}),
  };
}

function receiverList(v: RoutingValidator, map: Mapping, path: readonly string[], context: RouteContext, usedIn: string): string[] {
  const names = typeof map[path[path.length - 1] as string] === 'string' ? [String(map[path[path.length - 1] as string])] : undefined;
  const list = names ?? v.stringList(map, path);
  list.forEach((name, i) => {
    const at = names ? path : [...path, String(i)];
    if (!Object.hasOwn(context.receiverTypes, name)) {
      v.report('SM120', at, `undefined receiver ${quote(name)} ${usedIn}${v.suggest(name, Object.keys(context.receiverTypes))}`);
    } else if (list.indexOf(name) < i) {
      // Each receiver in a fan-out gets its own notifications: a name listed twice would send everything twice.
      v.report('SM128', at, `duplicate receiver ${quote(name)} ${usedIn}`);
    }
  });
  return list;
}

function interval(v: RoutingValidator, path: readonly string[], name: string, context: RouteContext, usedIn: string): void {
  if (Object.hasOwn(context.timeIntervals, name)) return;
  const known = Object.keys(context.timeIntervals);
  v.report('SM123', path, `unknown time interval ${quote(name)} ${usedIn}${v.suggest(name, known)}`);
}

function validateResponse(v: RoutingValidator, map: Mapping, path: readonly string[], context: RouteContext, label: string): ResponseSpec | undefined {
  const value = map.response;
  if (value === undefined || value === null) return undefined;
  if (value === 'immediate') return { kind: 'immediate' };
  const usage = 'expected immediate, {within: 30m, clock?: <interval>} or {by: same_day | next_business_day}';
  if (typeof value !== 'object' || Array.isArray(value)) {
    v.report('SM108', path, `invalid response ${quote(value)}: ${usage}`);
    return undefined;
  }
  const r = value as Mapping;
  v.knownKeys(r, path, RESPONSE_KEYS);
  const clock = v.string(r, [...path, 'clock']);
  if (clock !== undefined) interval(v, [...path, 'clock'], clock, context, `used in route ${quote(label)}`);
  if (r.within !== undefined && r.by !== undefined) {
    v.report('SM109', path, 'set within or by, not both');
    return undefined;
  }
  if (r.within !== undefined) {
    const withinMs = v.duration(r, [...path, 'within']);
    if (withinMs === undefined) return undefined;
    return clock === undefined ? { kind: 'within', withinMs } : { kind: 'within', withinMs, clock };
  }
  if (r.by !== undefined) {
    const by = v.string(r, [...path, 'by']);
    if (by !== 'same_day' && by !== 'next_business_day') {
      v.report('SM108', [...path, 'by'], `invalid response by ${quote(r.by)} (use same_day or next_business_day)`);
      return undefined;
    }
    if (clock === undefined) interval(v, path, DEFAULT_BUSINESS_CLOCK, context, `by response ${by} of route ${quote(label)} (set clock:)`);
    return { kind: 'by', by, clock: clock ?? DEFAULT_BUSINESS_CLOCK };
  }
  v.report('SM108', path, `invalid response: ${usage}`);
  return undefined;
}

function validateStep(v: RoutingValidator, value: unknown, path: readonly string[], context: RouteContext, label: string): EscalationStep | undefined {
  const map = v.mapping(value, path);
  if (!map) return undefined;
  v.knownKeys(map, path, ESCALATE_KEYS);
  const after = map.after ?? 'due';
  const afterMs = after === 'due' ? 0 : v.durationOrZero(map, [...path, 'after']);
  const condition = v.string(map, [...path, 'if']) ?? 'unacknowledged';
  if (condition !== 'unacknowledged' && condition !== 'unresolved') {
    v.report('SM108', [...path, 'if'], `invalid escalation condition ${quote(condition)} (use unacknowledged or unresolved)`);
  }
  const notify = receiverList(v, map, [...path, 'notify'], context, `used in escalation of route ${quote(label)}`);
  if (notify.length === 0 && map.notify === undefined) v.report('SM110', [...path, 'notify'], `escalation of route ${quote(label)} notifies no receiver`);
  const mention = v.string(map, [...path, 'mention']);
  if (afterMs === undefined || (condition !== 'unacknowledged' && condition !== 'unresolved')) return undefined;
  return { afterMs, if: condition, notify, ...(mention !== undefined ? { mention } : {}) };
}
