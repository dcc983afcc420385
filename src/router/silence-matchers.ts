/**
 * Reads the matchers of a new silence (`snowmon silence add`, the dashboard's silence form) with the
 * router's parser (Alertmanager's classic grammar: one matcher per argument as amtool reads it, or a
 * `{a="b",c=~"d"}` list) into their canonical text, or says what is wrong with each. Refuses a set that
 * would mute every alert, as Alertmanager does.
 */

import { formatMatcher, matches, parseMatcher, parseMatchers } from './matchers.js';
import type { Matcher } from './matchers.js';

export type SilenceMatchers =
  { readonly ok: true; readonly matchers: readonly Matcher[]; readonly texts: readonly string[] } | { readonly ok: false; readonly errors: readonly string[] };

export function parseSilenceMatchers(args: readonly string[]): SilenceMatchers {
  if (args.length === 0) return { ok: false, errors: ['a silence needs at least one matcher, e.g. alert_type="cost_monitor"'] };
  const errors: string[] = [];
  const parsed: Matcher[] = [];
  for (const arg of args) {
    // amtool reads one matcher per argument (so `a=x,y` is the value "x,y"); a braced list is several.
    const result = arg.startsWith('{') ? parseMatchers(arg) : parseMatcher(arg);
    if (result.ok) parsed.push(...('matchers' in result ? result.matchers : [result.matcher]));
    else errors.push(`invalid matcher ${JSON.stringify(arg)}: ${result.kind === 'syntax' ? result.message : `invalid regex: ${result.message}`}`);
  }
  if (errors.length > 0) return { ok: false, errors };
  if (matches(parsed, {})) {
    return {
      ok: false,
      errors: ['these matchers also match an alert with no labels, so the silence would mute every alert: add a matcher such as alert_type="cost_monitor"'],
    };
  }
  return { ok: true, matchers: parsed, texts: parsed.map(formatMatcher) };
}
