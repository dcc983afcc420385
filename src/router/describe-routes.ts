/**
 * The routing table as plain text for `check-config` and `route-test`: each route in order (nested ones
 * indented under their parent, numbered 2.1, 2.2) with its
 * matchers, receivers, grouping, timers, window, response and escalation, then time intervals,
 * holidays, inhibit rules and config silences. Never prints a secret (receivers show type and target).
 */

import { BUILT_IN_NOTIFIERS, type RegisteredReceiver } from '../notifiers/registry.js';
import { formatMatchers } from './matchers.js';
import type { IntRange, ResponseSpec, Route, RoutingConfig, TimeIntervalSpec } from './routing-config.js';

export function describeRoutes(config: RoutingConfig): string {
  const lines = [`routes (${config.file}, time zone ${config.timezone}; first match wins unless continue):`];
  const walk = (routes: readonly Route[], prefix: string, indent: string) =>
    routes.forEach((route, i) => {
      const position = `${prefix}${i + 1}`;
      lines.push(...describeRoute(config, route, position).map((line) => indent + line));
      walk(route.children ?? [], `${position}.`, `${indent}  `);
    });
  walk(config.tree ?? config.routes, '', '');
  lines.push('time intervals:');
  for (const interval of Object.values(config.timeIntervals)) {
    lines.push(`  ${interval.name}: ${interval.specs.map(describeSpec).join(' | ') || 'never'}`);
  }
  if (Object.keys(config.timeIntervals).length === 0) lines.push('  (none)');
  lines.push(`holidays: ${config.holidays.length > 0 ? config.holidays.join(', ') : '(none)'}`);
  lines.push('inhibit rules:');
  for (const rule of config.inhibitRules) {
    const equal = rule.equal.length > 0 ? ` with equal ${rule.equal.join(', ')}` : '';
    lines.push(`  ${rule.name}: firing ${formatMatchers(rule.sourceMatchers)} mutes ${formatMatchers(rule.targetMatchers)}${equal}`);
  }
  if (config.inhibitRules.length === 0) lines.push('  (none)');
  if (config.silences.length > 0) {
    lines.push('config silences:');
    for (const s of config.silences) {
      const span = s.endsAt ? `${s.startsAt.toISOString()} to ${s.endsAt.toISOString()}` : 'always';
      lines.push(`  ${s.id}: ${formatMatchers(s.matchers)} ${span}${s.comment ? ` (${s.comment})` : ''}`);
    }
  }
  return lines.join('\n');
}

function describeRoute(config: RoutingConfig, route: Route, position: string): string[] {
  const matchers = route.matchers.length > 0 ? formatMatchers(route.matchers) : 'catch-all';
  const t = route.timers;
  const out = [
    `  ${position}. ${route.name}: ${matchers}${route.continue ? ' (continue)' : ''}`,
    `     notify ${route.notify.map((r) => describeReceiver(r, config.receivers[r])).join(', ')}`,
    `     group by ${route.groupBy === 'all' ? '... (every label)' : route.groupBy.join(', ') || '(nothing)'}; wait ${ms(t.groupWaitMs)}, interval ${ms(t.groupIntervalMs)}, repeat ${ms(t.repeatIntervalMs)}`,
  ];
  if (route.deliverDuring) out.push(`     deliver during ${route.deliverDuring} (deferred outside, never dropped)`);
  if (route.muteTimeIntervals) out.push(`     muted during ${route.muteTimeIntervals.join(', ')} (dropped, as in Alertmanager)`);
  if (route.activeTimeIntervals) out.push(`     active only during ${route.activeTimeIntervals.join(', ')} (dropped outside, as in Alertmanager)`);
  if (route.response) out.push(`     response ${describeResponse(route.response)}`);
  for (const step of route.escalate) {
    const after = step.afterMs === 0 ? 'due' : `due + ${ms(step.afterMs)}`;
    out.push(`     escalate after ${after} if ${step.if}: ${step.notify.join(', ')}${step.mention ? ` ${step.mention}` : ''}`);
  }
  if (route.sendResolved !== undefined) out.push(`     send resolved ${route.sendResolved ? 'on' : 'off'} (route override)`);
  return out;
}

function describeReceiver(name: string, receiver: RegisteredReceiver | undefined): string {
  return receiver === undefined ? name : BUILT_IN_NOTIFIERS.describe(receiver);
}

function describeResponse(response: ResponseSpec): string {
  switch (response.kind) {
    case 'immediate':
      return 'immediate';
    case 'within':
      return response.clock ? `within ${ms(response.withinMs)} of ${response.clock}` : `within ${ms(response.withinMs)}`;
    case 'by':
      return `by ${response.by.replace(/_/g, ' ')} (${response.clock})`;
  }
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

function describeSpec(spec: TimeIntervalSpec): string {
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  const list = (ranges: readonly IntRange[], show: (n: number) => string) =>
    ranges.map((r) => (r.start === r.end ? show(r.start) : `${show(r.start)}:${show(r.end)}`)).join(',');
  const parts = [
    spec.weekdays.length > 0 ? list(spec.weekdays, (n) => WEEKDAYS[n] ?? String(n)) : '',
    spec.daysOfMonth.length > 0 ? `days ${list(spec.daysOfMonth, String)}` : '',
    spec.months.length > 0 ? list(spec.months, (n) => MONTHS[n - 1] ?? String(n)) : '',
    spec.years.length > 0 ? `years ${list(spec.years, String)}` : '',
    spec.times.length > 0 ? spec.times.map((r) => `${hhmm(r.startMinute)}-${hhmm(r.endMinute)}`).join(',') : 'all day',
    spec.location,
  ];
  return parts.filter((p) => p !== '').join(' ');
}

/** `30s`, `5m`, `4h`, `1h30m`, `0s`: durations the way routing.yaml writes them. */
export function ms(value: number): string {
  if (value === 0) return '0s';
  const units: [string, number][] = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
    ['ms', 1],
  ];
  let rest = value;
  let out = '';
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) out += `${n}${unit}`;
    rest -= n * size;
  }
  return out;
}
