/**
 * Alertmanager's label matchers exactly as its classic parser (pkg/labels/parse.go, the one 0.25 uses)
 * reads them: `{a="b", c=~"d"}` lists, OpenMetrics escapes, bare values; regexes compiled like Go's
 * `regexp.Compile("^(?:" + v + ")$")` through RE2JS. Matching treats a missing label as "". Nothing
 * about routes or config files.
 */

import { RE2JS } from 're2js';
import type { Labels } from '../alerts/alert.js';

export type MatchType = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  readonly name: string;
  readonly type: MatchType;
  readonly value: string;
  /** `^(?:value)$` for `=~` / `!~`, RE2 (Go) semantics. */
  readonly regex?: RE2JS;
}

/**
 * `syntax`: not `name<op>value`; `regex`: the value does not compile; `unsupported`: it uses lookaround
 * or backreferences, which RE2 (and so Alertmanager) refuses. `message` is lowercase, one line.
 */
export type MatcherError = { readonly ok: false; readonly kind: 'syntax' | 'regex' | 'unsupported'; readonly message: string };
export type ParsedMatcher = { readonly ok: true; readonly matcher: Matcher } | MatcherError;
export type ParsedMatchers = { readonly ok: true; readonly matchers: readonly Matcher[] } | MatcherError;

/** AM's classic shape: label name (`:` allowed), operator (`=~` before `=`), the rest trimmed. */
const SHAPE = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*([\s\S]*?)\s*$/;

/**
 * Several matchers in one string, as AM's ParseMatchers: one optional leading `{` and trailing `}`,
 * commas outside double quotes separate, a trailing comma is dropped, an empty middle item is an error.
 */
export function parseMatchers(text: string): ParsedMatchers {
  let s = text.startsWith('{') ? text.slice(1) : text;
  if (s.endsWith('}')) s = s.slice(0, -1);
  const items: string[] = [];
  let current = '';
  let quoted = false;
  let escaped = false;
  for (const ch of s) {
    if (ch === ',' && !quoted) {
      items.push(current);
      current = '';
      continue;
    }
    if (ch === '"') {
      if (!escaped) quoted = !quoted;
      else escaped = false;
    } else if (ch === '\\') escaped = !escaped;
    else escaped = false;
    current += ch;
  }
  if (current.trim() !== '') items.push(current.trim());
  const out: Matcher[] = [];
  for (const item of items) {
    const parsed = parseMatcher(item);
    if (!parsed.ok) return parsed;
    out.push(parsed.matcher);
  }
  return { ok: true, matchers: out };
}

/**
 * One matcher such as `threshold=~"75|90"`. Inside the value `\"`, `\n` and `\\` are escapes and any
 * other backslash is literal (`"\d+"` is the regex `\d+`); a quote may only open and close the value.
 */
export function parseMatcher(text: string): ParsedMatcher {
  const shape = SHAPE.exec(text);
  if (!shape) return syntax('expected name="value" with =, !=, =~ or !~');
  const [, name, type, raw] = shape as unknown as [string, string, MatchType, string];
  const quotedValue = raw.startsWith('"');
  const body = quotedValue ? raw.slice(1) : raw;
  const chars = [...body];
  let value = '';
  let closed = !quotedValue;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    if (ch === '\\' && i < chars.length - 1) {
      const next = chars[++i] as string;
      value += next === 'n' ? '\n' : next === '"' || next === '\\' ? next : `\\${next}`;
    } else if (ch === '"') {
      if (closed || i < chars.length - 1) return syntax(`unescaped double quote in value ${JSON.stringify(raw)}`);
      closed = true;
    } else {
      value += ch;
    }
  }
  if (!closed) return syntax(`unterminated quoted value ${JSON.stringify(raw)}`);
  return newMatcher(type, name, value);
}

/** Matcher texts as stored (a silence's, validated when written) back to matchers; undefined when one no longer parses. */
export function parseMatcherTexts(texts: readonly string[]): Matcher[] | undefined {
  const out: Matcher[] = [];
  for (const text of texts) {
    const parsed = parseMatcher(text);
    if (!parsed.ok) return undefined;
    out.push(parsed.matcher);
  }
  return out;
}

export type ParsedLabelSet = { readonly ok: true; readonly labels: Labels } | { readonly ok: false; readonly message: string };

/**
 * A label set from `name=value` texts (`alert_type=cost_monitor`, `monitor="ACCOUNT MONTHLY"`), each read
 * as one `=` matcher, as amtool reads the labels of `config routes test`; every name once.
 */
export function parseLabelSet(texts: readonly string[]): ParsedLabelSet {
  const labels = new Map<string, string>();
  for (const text of texts) {
    const parsed = parseMatcher(text);
    if (!parsed.ok) return { ok: false, message: `invalid label ${JSON.stringify(text)}: ${parsed.message}` };
    const { name, type, value } = parsed.matcher;
    if (type !== '=') return { ok: false, message: `invalid label ${JSON.stringify(text)}: labels are name=value pairs, not ${type} matchers` };
    if (labels.has(name)) return { ok: false, message: `label ${name} is given twice` };
    labels.set(name, value);
  }
  // fromEntries, not assignment: a label named __proto__ stays a label.
  return { ok: true, labels: Object.freeze(Object.fromEntries(labels)) };
}

/** AM's NewMatcher: regex values compile as `^(?:value)$` with Go's RE2 syntax and semantics. */
export function newMatcher(type: MatchType, name: string, value: string): ParsedMatcher {
  if (type === '=' || type === '!=') return { ok: true, matcher: { name, type, value } };
  const compiled = compileAnchored(value);
  if (!compiled.ok) return compiled;
  return { ok: true, matcher: { name, type, value, regex: compiled.regex } };
}

/** `^(?:pattern)$` as RE2, or why not (Go's own wording, e.g. `missing closing ): ...`). */
export function compileAnchored(pattern: string): { readonly ok: true; readonly regex: RE2JS } | MatcherError {
  try {
    return { ok: true, regex: RE2JS.compile(`^(?:${pattern})$`) };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '');
    const lookaround = /\(\?<?[=!]/.test(pattern) && /Perl syntax|named capture/.test(message);
    const backreference = /invalid escape sequence: `\\[1-9k]/.test(message);
    if (lookaround || backreference) {
      const what = lookaround ? 'lookahead/lookbehind' : 'backreferences';
      return { ok: false, kind: 'unsupported', message: `${what} are not supported: Alertmanager regexes are Go RE2 (${message})` };
    }
    return { ok: false, kind: 'regex', message };
  }
}

function syntax(message: string): MatcherError {
  return { ok: false, kind: 'syntax', message };
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
      return (matcher.regex as RE2JS).test(actual);
    case '!~':
      return !(matcher.regex as RE2JS).test(actual);
  }
}

/** True when every matcher accepts the label set; an empty list matches everything. */
export function matches(matchers: readonly Matcher[], labels: Labels): boolean {
  return matchers.every((m) => matchesOne(m, labels));
}

/** `threshold=~"75|90"`: as Alertmanager prints it (OpenMetrics escapes), which parseMatcher reads back. */
export function formatMatcher(matcher: Matcher): string {
  const escaped = matcher.value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  return `${matcher.name}${matcher.type}"${escaped}"`;
}

/** `{alert_type="cost_monitor",threshold="100"}`: a matcher list as Alertmanager prints it. */
export function formatMatchers(matchers: readonly Matcher[]): string {
  return `{${matchers.map(formatMatcher).join(',')}}`;
}
