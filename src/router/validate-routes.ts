/**
 * Validates `routes:` of routing.yaml, or an Alertmanager `route:` tree: names, matchers (and AM's `match`
 * / `match_re`), `continue`, `notify` / `receiver` fan-out (every receiver defined, none twice), group_by
 * (`['...']` = all), timers, `deliver_during`, `response`, `escalate` inherited down nested `routes:`,
 * `mute_time_intervals` / `active_time_intervals` (not inherited, as in AM), the catch-all rule and
 * `response: immediate` needing a pager. Reports through the RoutingValidator; matching is route-tree.ts.
 */

import { quote } from '../config/errors.js';
import { matchersKey } from './group.js';
import type { EscalationStep, ResponseSpec, Route, RoutingDefaults, TimeInterval } from './routing-config.js';
import { formatPath } from './routing-validator.js';
import type { Mapping, RoutingValidator } from './routing-validator.js';

const ROUTE_KEYS = [
  'name',
  'matchers',
  'match',
  'match_re',
  'continue',
  'notify',
  'receiver',
  'group_by',
  'group_wait',
  'group_interval',
  'repeat_interval',
  'deliver_during',
  'mute_time_intervals',
  'active_time_intervals',
  'response',
  'escalate',
  'send_resolved',
  'routes',
] as const;

const RESPONSE_KEYS = ['within', 'clock', 'by'] as const;
const ESCALATE_KEYS = ['after', 'if', 'notify', 'mention'] as const;

/** The interval `by:` responses measure on when they name no `clock`. */
export const DEFAULT_BUSINESS_CLOCK = 'business_hours';

export interface RouteContext {
  readonly defaults: RoutingDefaults;
  /** Every receiver written under `receivers:` with its `type` as written, valid or not (one bad receiver is one error). */
  readonly receiverTypes: Readonly<Record<string, string | undefined>>;
  /** Which receiver types page a person (`response: immediate` needs one). */
  readonly pages: (type: string | undefined) => boolean;
  readonly timeIntervals: Readonly<Record<string, TimeInterval>>;
  /** Line of a key path, for routes' own `line`. */
  readonly lineOf: (path: readonly string[]) => number | undefined;
}

/** What a route inherits from its parent (the defaults for a top-level route). */
interface Inherited {
  readonly notify: readonly string[];
  readonly groupBy: readonly string[] | 'all';
  readonly timers: Route['timers'];
  readonly deliverDuring?: string;
  readonly response?: ResponseSpec;
  readonly escalate: readonly EscalationStep[];
  readonly sendResolved?: boolean;
  /** The parent's group-key part (`{}` at the top). */
  readonly key: string;
}

/** The validated routes: every one in pre-order, and the top-level ones tried first. */
export interface ValidatedRoutes {
  readonly routes: readonly Route[];
  readonly tree: readonly Route[];
}

export function validateRoutes(v: RoutingValidator, root: Mapping, context: RouteContext): ValidatedRoutes {
  const all: Route[] = [];
  const seen = new Set<string>();
  const top: Inherited = {
    notify: [],
    groupBy: [],
    timers: {
      groupWaitMs: context.defaults.groupWaitMs,
      groupIntervalMs: context.defaults.groupIntervalMs,
      repeatIntervalMs: context.defaults.repeatIntervalMs,
    },
    escalate: [],
    key: '{}',
  };
  if (root.route !== undefined && root.routes !== undefined) {
    v.report('SM109', ['route'], "set routes (snowmon's list) or route (an Alertmanager routing tree), not both");
    return { routes: [], tree: [] };
  }
  if (root.route !== undefined) {
    // Alertmanager's tree: the root matches everything and handles what no child does.
    const map = v.mapping(root.route, ['route']);
    if (!map) return { routes: [], tree: [] };
    for (const key of ['matchers', 'match', 'match_re', 'mute_time_intervals', 'active_time_intervals', 'continue'] as const) {
      if (map[key] !== undefined) v.report('SM108', ['route', key], `the root route cannot have ${key} (as in Alertmanager)`);
    }
    const rootRoute = validateRoute(v, map, ['route'], context, seen, top, all, { nameOptional: true, siblingKeys: [] });
    return { routes: all, tree: rootRoute ? [rootRoute] : [] };
  }
  const items = v.list(root, ['routes']);
  const tree = validateChildren(v, items, ['routes'], context, seen, top, all, false);
  const last = items[items.length - 1];
  if (items.length === 0) {
    v.report('SM126', ['routes'], 'no routes: the last route must be a catch-all (no matchers), or give an Alertmanager route: tree with a root receiver');
  } else if (last !== null && typeof last === 'object' && hasMatchers(last as Mapping)) {
    v.report(
      'SM126',
      ['routes', String(items.length - 1), 'matchers'],
      `the last route must be a catch-all (no matchers), got route ${quote((last as Mapping).name)}`,
    );
  }
  return { routes: all, tree };
}

function hasMatchers(map: Mapping): boolean {
  const nonEmpty = (value: unknown) => (Array.isArray(value) ? value.length > 0 : value !== null && typeof value === 'object' && Object.keys(value).length > 0);
  return nonEmpty(map.matchers) || nonEmpty(map.match) || nonEmpty(map.match_re);
}

function validateChildren(
  v: RoutingValidator,
  items: readonly unknown[],
  path: readonly string[],
  context: RouteContext,
  seen: Set<string>,
  parent: Inherited,
  all: Route[],
  nameOptional: boolean,
): Route[] {
  const out: Route[] = [];
  const siblingKeys: string[] = [];
  items.forEach((item, i) => {
    const route = validateRoute(v, item, [...path, String(i)], context, seen, parent, all, { nameOptional, siblingKeys });
    if (route) out.push(route);
  });
  return out;
}

function validateRoute(
  v: RoutingValidator,
  value: unknown,
  path: readonly string[],
  context: RouteContext,
  seen: Set<string>,
  parent: Inherited,
  all: Route[],
  options: { readonly nameOptional: boolean; readonly siblingKeys: string[] },
): Route | undefined {
  const map = v.mapping(value, path);
  if (!map) return undefined;
  const at = (...keys: string[]) => [...path, ...keys];
  const before = v.issues.length;
  v.knownKeys(map, path, ROUTE_KEYS);
  const { name, label, nested, depth } = nameRoute(v, map, path, seen, options.nameOptional);
  const matchers = [...v.matchMap(map, at('match'), '='), ...v.matchMap(map, at('match_re'), '=~'), ...v.matchers(map, at('matchers'))];
  const scope: RouteScope = { v, map, path, context, parent, label };
  const notify = routeNotify(scope, before);
  const groupBy = routeGroupBy(scope);
  const { timers, deliverDuring, muteTimeIntervals, activeTimeIntervals } = routeTiming(scope);
  const { response, escalate } = routeResponse(scope, notify);
  const sendResolved = v.boolean(map, at('send_resolved')) ?? parent.sendResolved;
  const line = context.lineOf(path);
  // Alertmanager's route ID: the parent's key, this route's sorted matchers, and its position when an
  // earlier sibling has the same key.
  const ownKey = path[0] === 'route' && path.length === 1 ? '{}' : `${parent.key}/${matchersKey(matchers)}`;
  const key = options.siblingKeys.includes(ownKey) ? `${ownKey}/${path[path.length - 1]}` : ownKey;
  options.siblingKeys.push(ownKey);
  const index = all.length;
  const inherited: Inherited = {
    notify,
    groupBy,
    timers,
    escalate,
    key,
    ...(deliverDuring !== undefined ? { deliverDuring } : {}),
    ...(response !== undefined ? { response } : {}),
    ...(sendResolved !== undefined ? { sendResolved } : {}),
  };
  all.push(undefined as unknown as Route); // keep pre-order: this route before its children
  const children = validateChildren(v, v.list(map, at('routes')), at('routes'), context, seen, inherited, all, options.nameOptional);
  if (v.issues.length > before || name === undefined) {
    all.splice(index, 1);
    return undefined;
  }
  const route: Route = {
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
    ...(children.length > 0 ? { children } : {}),
    ...(muteTimeIntervals.length > 0 ? { muteTimeIntervals } : {}),
    ...(activeTimeIntervals.length > 0 ? { activeTimeIntervals } : {}),
    ...(nested || children.length > 0 ? { key, depth } : {}),
  };
  all[index] = route;
  return route;
}

/** One route being validated: its mapping and path, what it inherits, and the label its errors use. */
interface RouteScope {
  readonly v: RoutingValidator;
  readonly map: Mapping;
  readonly path: readonly string[];
  readonly context: RouteContext;
  readonly parent: Inherited;
  readonly label: string;
}

/** The route's name: written, or (nested or imported from Alertmanager) its path; SM110 when a top-level one has none, SM128 when taken. */
function nameRoute(v: RoutingValidator, map: Mapping, path: readonly string[], seen: Set<string>, nameOptional: boolean) {
  const written = v.string(map, [...path, 'name']);
  const depth = path.filter((p) => p === 'routes').length - (path[0] === 'routes' ? 1 : 0);
  const nested = depth > 0 || path[0] === 'route';
  if (written === undefined && map.name === undefined && !nameOptional && !nested) v.report('SM110', path, 'route needs a name');
  // Alertmanager routes have no names: a nested or imported one is named by where it is.
  const name = written ?? (map.name === undefined && (nameOptional || nested) ? formatPath(path) : undefined);
  if (name !== undefined && seen.has(name)) v.report('SM128', [...path, 'name'], `duplicate route name ${quote(name)}`);
  if (name !== undefined) seen.add(name);
  return { name, label: name ?? `#${path[path.length - 1]}`, nested, depth };
}

/** `receiver` or `notify` (not both), else the parent's; a route that would notify no one is SM110 unless it already has an error. */
function routeNotify({ v, map, path, context, parent, label }: RouteScope, issuesBefore: number): readonly string[] {
  if (map.notify !== undefined && map.receiver !== undefined) v.report('SM109', path, 'set notify or receiver, not both');
  const key = map.receiver !== undefined ? 'receiver' : map.notify !== undefined ? 'notify' : undefined;
  const own = key === undefined ? undefined : receiverList(v, map, [...path, key], context, `used in route ${quote(label)}`);
  const notify = own ?? parent.notify;
  if (notify.length === 0 && v.issues.length === issuesBefore) v.report('SM110', [...path, 'notify'], `route ${quote(label)} notifies no receiver`);
  return notify;
}

/** `group_by`, else the parent's; `['...']` is every label and lists nothing else. */
function routeGroupBy({ v, map, path: routePath, parent }: RouteScope): readonly string[] | 'all' {
  const path = [...routePath, 'group_by'];
  const groupByList = v.stringList(map, path);
  const groupBy = map.group_by === undefined || map.group_by === null ? parent.groupBy : groupByList.includes('...') ? 'all' : groupByList;
  if (groupBy === 'all' && groupByList.length > 1) {
    v.report('SM108', path, `group_by ['...'] means every label and cannot list others, got ${quote(groupByList.join(', '))}`);
  }
  return groupBy;
}

/** The timers and `deliver_during` (inherited), and the mute / active time intervals (not inherited, as in Alertmanager). */
function routeTiming({ v, map, path, context, parent, label }: RouteScope) {
  const at = (...keys: string[]) => [...path, ...keys];
  const p = parent.timers;
  const timers = {
    groupWaitMs: v.durationOrZero(map, at('group_wait')) ?? p.groupWaitMs,
    groupIntervalMs: v.duration(map, at('group_interval')) ?? p.groupIntervalMs,
    repeatIntervalMs: v.duration(map, at('repeat_interval')) ?? p.repeatIntervalMs,
  };
  const deliverDuring = v.string(map, at('deliver_during')) ?? parent.deliverDuring;
  if (map.deliver_during !== undefined && deliverDuring !== undefined)
    interval(v, at('deliver_during'), deliverDuring, context, `used in route ${quote(label)}`);
  const intervalList = (key: string) => {
    const names = v.stringList(map, at(key));
    names.forEach((n, i) => interval(v, at(key, String(i)), n, context, `used in route ${quote(label)}`));
    return names;
  };
  const muteTimeIntervals = intervalList('mute_time_intervals');
  const activeTimeIntervals = intervalList('active_time_intervals');
  return { timers, deliverDuring, muteTimeIntervals, activeTimeIntervals };
}

/** `response` and `escalate`, else the parent's; `response: immediate` needs a receiver that pages (SM127). */
function routeResponse(
  { v, map, path, context, parent, label }: RouteScope,
  notify: readonly string[],
): { response: ResponseSpec | undefined; escalate: readonly EscalationStep[] } {
  const at = (...keys: string[]) => [...path, ...keys];
  const response = validateResponse(v, map, at('response'), context, label) ?? (map.response === undefined ? parent.response : undefined);
  if (response?.kind === 'immediate' && !notify.some((r) => context.pages(context.receiverTypes[r]))) {
    v.report('SM127', at('response'), `response: immediate needs a pagerduty receiver in notify of route ${quote(label)}`);
  }
  const steps: EscalationStep[] = [];
  v.list(map, at('escalate')).forEach((item, i) => {
    const step = validateStep(v, item, at('escalate', String(i)), context, label);
    if (step) steps.push(step);
  });
  return { response, escalate: map.escalate === undefined ? parent.escalate : steps };
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
