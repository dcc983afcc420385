/**
 * Alertmanager's label matchers: parsing `name="value"`, `!=`, `=~` and `!~` (regexes anchored), and
 * matching them against a label set, where a missing label reads as the empty string. Nothing about
 * routes or config files.
 */

import type { Labels } from '../alerts/alert.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
  /** The anchored regex for `=~` / `!~`. */
  readonly regex?: RegExp;
}

export type ParsedMatcher =
  | { readonly ok: true; readonly matcher: Matcher }
  /** `syntax`: not `name<op>value`; `regex`: the value does not compile. `message` is lowercase. */
  | { readonly ok: false; readonly kind: 'syntax' | 'regex'; readonly message: string };

const SHAPE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/s;

/** Parses one matcher such as `threshold=~"75|90"`; values may be double-quoted (JSON escapes) or bare. */
export function parseMatcher(text: string): ParsedMatcher {
  const shape = SHAPE.exec(text);
  if (!shape) return { ok: false, kind: 'syntax', message: 'expected name="value" with =, !=, =~ or !~' };
  const [, name, type, rawValue] = shape as unknown as [string, string, MatchType, string];
  let value: string;
  if (rawValue.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(rawValue);
      if (typeof parsed !== 'string') throw new Error('not a string');
      value = parsed;
    } catch {
      return { ok: false, kind: 'syntax', message: 'unterminated or badly escaped quoted value' };
    }
  } else {
    if (/["\s]/.test(rawValue)) return { ok: false, kind: 'syntax', message: 'quote values that contain spaces or quotes' };
    value = rawValue;
  }
  if (type === '=' || type === '!=') return { ok: true, matcher: { name, type, value } };
  try {
    return { ok: true, matcher: { name, type, value, regex: new RegExp(`^(?:${value})$`, 'u') } };
  } catch (error) {
    // V8: `Invalid regular expression: /^(?:(75|90)$/u: Unterminated group`; keep the last part.
    const reason = error instanceof Error ? (error.message.split(': ').pop() ?? error.message) : 'invalid';
    return { ok: false, kind: 'regex', message: reason.charAt(0).toLowerCase() + reason.slice(1) };
  }
}

/** True when one matcher accepts the label set (a missing label is ""). */
export function matchesOne(matcher: Matcher, labels: Labels): boolean {
  const actual = labels[matcher.name] ?? '';
  switch (matcher.type) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      return (matcher.regex as RegExp).test(actual);
    case '!~':
      return !(matcher.regex as RegExp).test(actual);
  }
}

/** True when every matcher accepts the label set; an empty list matches everything. */
export function matches(matchers: readonly Matcher[], labels: Labels): boolean {
  return matchers.every((m) => matchesOne(m, labels));
}

/** `threshold=~"75|90"`: the matcher as Alertmanager prints it. */
export function formatMatcher(matcher: Matcher): string {
  return `${matcher.name}${matcher.type}${JSON.stringify(matcher.value)}`;
}

/** `{alert_type="cost_monitor",threshold="100"}`: a matcher list as Alertmanager prints it. */
export function formatMatchers(matchers: readonly Matcher[]): string {
  return `{${matchers.map(formatMatcher).join(',')}}`;
}
