/**
 * The config Validator (src/config/validate-config.ts: `${ENV}`, `*_file` secrets, durations, unknown
 * keys with suggestions) adapted to routing.yaml: paths print as `routes[3].notify[1]`, durations may be
 * zero where Alertmanager allows it, and lists and matchers get their own checks. No routing rules here.
 */

import type { ConfigErrorCode } from '../config/errors.js';
import { quote } from '../config/errors.js';
import { nearestKey } from '../config/nearest-key.js';
import { parseDuration } from '../config/parse-duration.js';
import { Validator } from '../config/validate-config.js';
import { newMatcher, parseMatchers } from './matchers.js';
import type { Matcher } from './matchers.js';

export type Mapping = Record<string, unknown>;

/** Alertmanager's label names in `match` / `match_re` keys (model.LabelName.IsValid). */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** `routes[3].notify[1]` from `['routes', '3', 'notify', '1']`. */
export function formatPath(path: readonly string[]): string {
  return path.reduce((out, part) => (/^\d+$/.test(part) ? `${out}[${part}]` : out === '' ? part : `${out}.${part}`), '');
}

export class RoutingValidator extends Validator {
  override report(code: ConfigErrorCode, path: readonly string[], message: string): void {
    super.report(code, path, message);
    const last = this.issues[this.issues.length - 1];
    if (last && path.length > 0) this.issues[this.issues.length - 1] = { ...last, path: formatPath(path) };
  }

  /** A list; null or absent is empty; anything else is reported. */
  list(map: Mapping, path: readonly string[]): unknown[] {
    const value = map[path[path.length - 1] as string];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.report('SM103', path, `expected a list, got ${quote(value)}`);
    return [];
  }

  /** A list of strings (each `${ENV}`-interpolated); non-strings are reported and left out. */
  stringList(map: Mapping, path: readonly string[]): string[] {
    const out: string[] = [];
    this.list(map, path).forEach((item, i) => {
      const value = this.string({ [String(i)]: item }, [...path, String(i)]);
      if (value !== undefined) out.push(value);
    });
    return out;
  }

  /** A duration that may be zero (`group_wait: 0s`). */
  durationOrZero(map: Mapping, path: readonly string[]): number | undefined {
    const value = map[path[path.length - 1] as string];
    if (value === undefined || value === null) return undefined;
    const ms = typeof value === 'string' ? parseDuration(value) : undefined;
    if (ms === undefined) {
      this.report('SM104', path, `invalid duration ${quote(value)}`);
      return undefined;
    }
    return ms;
  }

  /**
   * A list of matcher strings, each parsed as Alertmanager parses one `matchers:` line (one string may
   * hold several, `{a="b",c=~"d"}`); bad ones are reported with the text quoted.
   */
  matchers(map: Mapping, path: readonly string[]): Matcher[] {
    const out: Matcher[] = [];
    this.list(map, path).forEach((item, i) => {
      const at = [...path, String(i)];
      if (typeof item !== 'string') {
        this.report('SM121', at, `invalid matcher ${quote(item)}: expected a string like alert_type="cost_monitor"`);
        return;
      }
      const parsed = parseMatchers(item);
      if (parsed.ok) out.push(...parsed.matchers);
      else if (parsed.kind === 'unsupported') this.report('SM130', at, `unsupported regex in matcher ${quote(item)}: ${parsed.message}`);
      else if (parsed.kind === 'regex') this.report('SM122', at, `invalid regex in matcher ${quote(item)}: ${parsed.message}`);
      else this.report('SM121', at, `invalid matcher ${quote(item)}: ${parsed.message}`);
    });
    return out;
  }

  /** AM's deprecated `match: {label: value}` / `match_re: {label: regex}` forms (routes and inhibit rules). */
  matchMap(map: Mapping, path: readonly string[], type: '=' | '=~'): Matcher[] {
    const section = this.section(map[path[path.length - 1] as string], path);
    const out: Matcher[] = [];
    for (const [label, raw] of Object.entries(section ?? {})) {
      const at = [...path, label];
      if (!LABEL_NAME.test(label)) {
        this.report('SM121', at, `invalid label name ${quote(label)}`);
        continue;
      }
      const value = typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : this.string({ [label]: raw }, at);
      if (value === undefined) continue;
      const parsed = newMatcher(type, label, value);
      if (parsed.ok) out.push(parsed.matcher);
      else if (parsed.kind === 'unsupported') this.report('SM130', at, `unsupported regex ${quote(value)}: ${parsed.message}`);
      else this.report('SM122', at, `invalid regex ${quote(value)}: ${parsed.message}`);
    }
    return out;
  }

  /** A mapping at `path` inside a list or map; reports and returns undefined otherwise. */
  mapping(value: unknown, path: readonly string[]): Mapping | undefined {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Mapping;
    this.report('SM103', path, `expected a mapping, got ${quote(value)}`);
    return undefined;
  }

  /** ` did you mean "x"?` or nothing. */
  suggest(wrong: string, candidates: readonly string[]): string {
    const near = nearestKey(wrong, candidates);
    return near === undefined ? '' : `, did you mean "${near}"?`;
  }
}
