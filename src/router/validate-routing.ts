/**
 * Turns the plain value parsed from routing.yaml into a typed `RoutingConfig` (reference/routing.md
 * §7.1), or the full list of what is wrong with it, each a lowercase one-liner with a stable code. Reads
 * no files itself (the caller passes `readTextFile` for `*_file` secrets); parsing and freezing are
 * load-routing.ts.
 */

import type { ConfigIssue } from '../config/errors.js';
import { quote } from '../config/errors.js';
import type { ValidationContext } from '../config/validate-config.js';
import { BUILT_IN_NOTIFIERS, type NotifierRegistry } from '../notifiers/registry.js';
import type { InhibitRule, RoutingConfig, RoutingDefaults, Silence } from './routing-config.js';
import { RoutingValidator } from './routing-validator.js';
import type { Mapping } from './routing-validator.js';
import { validateReceivers } from './validate-receivers.js';
import { validateRoutes } from './validate-routes.js';
import { validateHolidays, validateTimeIntervals } from './validate-time-intervals.js';
import { isValidZone } from './zoned-time.js';

const TOP_LEVEL_KEYS = ['version', 'timezone', 'defaults', 'time_intervals', 'holidays', 'receivers', 'routes', 'route', 'inhibit_rules', 'silences'] as const;
const DEFAULT_KEYS = ['group_wait', 'group_interval', 'repeat_interval', 'send_resolved', 'resolve_suppressed'] as const;
const INHIBIT_KEYS = ['name', 'source_matchers', 'target_matchers', 'source_match', 'source_match_re', 'target_match', 'target_match_re', 'equal'] as const;
const SILENCE_KEYS = ['id', 'matchers', 'starts', 'ends', 'always', 'comment', 'created_by'] as const;

/** Alertmanager's defaults plus ours (reference/routing.md §7.1). */
export const ROUTING_DEFAULTS: RoutingDefaults = {
  groupWaitMs: 30_000,
  groupIntervalMs: 300_000,
  repeatIntervalMs: 4 * 3_600_000,
  sendResolved: true,
  resolveSuppressed: true,
};

export type RoutingValidationContext = ValidationContext & {
  /** The receiver types routing.yaml may use; default the built-in notifiers. */
  readonly notifiers?: NotifierRegistry;
};

export interface RoutingValidationResult {
  /** Present only when `issues` is empty. Not frozen yet. */
  readonly config?: RoutingConfig;
  readonly issues: readonly ConfigIssue[];
}

export function validateRouting(raw: unknown, context: RoutingValidationContext): RoutingValidationResult {
  const v = new RoutingValidator(context);
  const root = raw ?? {};
  const rootMap = v.mapping(root, []);
  if (!rootMap) return { issues: v.issues };
  v.knownKeys(rootMap, [], TOP_LEVEL_KEYS);
  const version = v.number(rootMap, ['version']);
  if (version === undefined && rootMap.version === undefined) v.report('SM110', ['version'], 'missing version (use version: 1)');
  else if (version !== undefined && version !== 1) v.report('SM108', ['version'], `unsupported version ${quote(version)} (use 1)`);
  const timezone = v.string(rootMap, ['timezone']) ?? 'UTC';
  if (!isValidZone(timezone)) v.report('SM129', ['timezone'], `unknown time zone ${quote(timezone)}`);
  const defaults = validateDefaults(v, rootMap.defaults);
  const timeIntervals = validateTimeIntervals(v, rootMap.time_intervals, timezone);
  const holidays = validateHolidays(v, rootMap);
  const notifiers = context.notifiers ?? BUILT_IN_NOTIFIERS;
  const receivers = validateReceivers(v, rootMap.receivers, defaults.sendResolved, notifiers);
  const receiversMap = rootMap.receivers;
  const written = receiversMap !== null && typeof receiversMap === 'object' && !Array.isArray(receiversMap) ? (receiversMap as Mapping) : {};
  const receiverTypes = Object.fromEntries(
    Object.entries(written).map(([name, body]) => [name, typeof (body as Mapping | null)?.type === 'string' ? String((body as Mapping).type) : undefined]),
  );
  const { routes, tree } = validateRoutes(v, rootMap, { defaults, receiverTypes, pages: notifiers.pages, timeIntervals, lineOf: context.lineOf });
  const inhibitRules = validateInhibitRules(v, rootMap);
  const silences = validateSilences(v, rootMap);
  if (v.issues.length > 0) return { issues: v.issues };
  return {
    config: {
      file: context.absoluteFile,
      version: 1,
      timezone,
      defaults,
      timeIntervals,
      holidays,
      receivers,
      routes,
      ...(tree.length !== routes.length || routes.some((r) => r.children !== undefined) ? { tree } : {}),
      inhibitRules,
      silences,
    },
    issues: [],
  };
}

function validateDefaults(v: RoutingValidator, value: unknown): RoutingDefaults {
  const path = ['defaults'];
  const map = v.section(value, path) ?? {};
  v.knownKeys(map, path, DEFAULT_KEYS);
  const d = ROUTING_DEFAULTS;
  return {
    groupWaitMs: v.durationOrZero(map, [...path, 'group_wait']) ?? d.groupWaitMs,
    groupIntervalMs: v.duration(map, [...path, 'group_interval']) ?? d.groupIntervalMs,
    repeatIntervalMs: v.duration(map, [...path, 'repeat_interval']) ?? d.repeatIntervalMs,
    sendResolved: v.boolean(map, [...path, 'send_resolved']) ?? d.sendResolved,
    resolveSuppressed: v.boolean(map, [...path, 'resolve_suppressed']) ?? d.resolveSuppressed,
  };
}

function validateInhibitRules(v: RoutingValidator, root: Mapping): InhibitRule[] {
  const out: InhibitRule[] = [];
  v.list(root, ['inhibit_rules']).forEach((item, i) => {
    const path = ['inhibit_rules', String(i)];
    const map = v.mapping(item, path);
    if (!map) return;
    const before = v.issues.length;
    v.knownKeys(map, path, INHIBIT_KEYS);
    const name = v.string(map, [...path, 'name']) ?? `inhibit_rules[${i}]`;
    // Alertmanager's deprecated source_match(_re) / target_match(_re) add to the matchers.
    const side = (prefix: 'source' | 'target') => [
      ...v.matchMap(map, [...path, `${prefix}_match`], '='),
      ...v.matchMap(map, [...path, `${prefix}_match_re`], '=~'),
      ...v.matchers(map, [...path, `${prefix}_matchers`]),
    ];
    const sourceMatchers = side('source');
    const targetMatchers = side('target');
    for (const [key, list] of [
      ['source_matchers', sourceMatchers],
      ['target_matchers', targetMatchers],
    ] as const) {
      if (list.length === 0 && v.issues.length === before) v.report('SM110', [...path, key], `inhibit rule ${quote(name)} needs ${key}`);
    }
    const equal = v.stringList(map, [...path, 'equal']);
    if (v.issues.length === before) out.push({ name, sourceMatchers, targetMatchers, equal });
  });
  return out;
}

function validateSilences(v: RoutingValidator, root: Mapping): Silence[] {
  const out: Silence[] = [];
  v.list(root, ['silences']).forEach((item, i) => {
    const path = ['silences', String(i)];
    const map = v.mapping(item, path);
    if (!map) return;
    const before = v.issues.length;
    v.knownKeys(map, path, SILENCE_KEYS);
    const id = v.string(map, [...path, 'id']) ?? `config-${i + 1}`;
    const matchers = v.matchers(map, [...path, 'matchers']);
    if (matchers.length === 0 && v.issues.length === before) v.report('SM110', [...path, 'matchers'], `silence ${quote(id)} needs matchers`);
    const always = v.boolean(map, [...path, 'always']) ?? false;
    const startsAt = timestamp(v, map, [...path, 'starts']);
    const endsAt = timestamp(v, map, [...path, 'ends']);
    if (always && (map.starts !== undefined || map.ends !== undefined)) v.report('SM109', path, 'set always or starts/ends, not both');
    else if (!always && (startsAt === undefined || endsAt === undefined) && v.issues.length === before) {
      v.report('SM110', path, `silence ${quote(id)} needs starts and ends, or always: true`);
    } else if (startsAt && endsAt && endsAt <= startsAt)
      v.report('SM108', [...path, 'ends'], `ends ${quote(map.ends)} must be after starts ${quote(map.starts)}`);
    const comment = v.string(map, [...path, 'comment']) ?? '';
    const createdBy = v.string(map, [...path, 'created_by']);
    if (v.issues.length > before) return;
    out.push({
      id,
      matchers,
      startsAt: always ? new Date(0) : (startsAt as Date),
      ...(always ? {} : { endsAt }),
      comment,
      ...(createdBy !== undefined ? { createdBy } : {}),
    });
  });
  return out;
}

function timestamp(v: RoutingValidator, map: Mapping, path: readonly string[]): Date | undefined {
  const text = v.string(map, path);
  if (text === undefined) return undefined;
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) {
    v.report('SM108', path, `invalid timestamp ${quote(text)} (expected ISO 8601 with offset, e.g. 2026-12-24T18:00:00Z)`);
    return undefined;
  }
  return new Date(ms);
}
