import { describe, expect, it } from 'vitest';
import { formatMatchers, matches, parseMatcher } from '../../../src/router/matchers.js';
import type { Matcher } from '../../../src/router/matchers.js';

function m(text: string): Matcher {
  const parsed = parseMatcher(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.matcher;
}

describe('matchers', () => {
  it('does parse all four operators with quoted and bare values', () => {
    expect(parseMatcher('alert_type="cost_monitor"')).toMatchObject({ ok: true, matcher: { name: 'alert_type', type: '=', value: 'cost_monitor' } });
    expect(parseMatcher('severity != warning')).toMatchObject({ ok: true, matcher: { type: '!=', value: 'warning' } });
    expect(parseMatcher('threshold=~"75|90"')).toMatchObject({ ok: true, matcher: { type: '=~', value: '75|90' } });
    expect(parseMatcher('model!~"stg_.*"')).toMatchObject({ ok: true, matcher: { type: '!~', value: 'stg_.*' } });
    expect(parseMatcher('note="say \\"hi\\""')).toMatchObject({ ok: true, matcher: { value: 'say "hi"' } });
  });

  it('does refuse text that is not name<op>value and regexes that do not compile', () => {
    expect(parseMatcher('threshold > 90')).toMatchObject({ ok: false, kind: 'syntax' });
    expect(parseMatcher('1abc="x"')).toMatchObject({ ok: false, kind: 'syntax' });
    expect(parseMatcher('a="unterminated')).toMatchObject({ ok: false, kind: 'syntax' });
    expect(parseMatcher('a=~"(x"')).toMatchObject({ ok: false, kind: 'regex', message: 'unterminated group' });
  });

  it('does anchor regexes at both ends', () => {
    expect(matches([m('threshold=~"75|90"')], { threshold: '75' })).toBe(true);
    expect(matches([m('threshold=~"75|90"')], { threshold: '175' })).toBe(false);
    expect(matches([m('threshold=~"9"')], { threshold: '90' })).toBe(false);
    expect(matches([m('model!~"stg_.*"')], { model: 'stg_orders' })).toBe(false);
    expect(matches([m('model!~"stg_.*"')], { model: 'orders_stg_x' })).toBe(true);
  });

  it('does read a missing label as the empty string', () => {
    expect(matches([m('team=""')], {})).toBe(true);
    expect(matches([m('team!=""')], {})).toBe(false);
    expect(matches([m('team=~".*"')], {})).toBe(true);
    expect(matches([m('team="data"')], {})).toBe(false);
  });

  it('does require every matcher and accept anything when there are none', () => {
    const both = [m('alert_type="cost_monitor"'), m('threshold="100"')];
    expect(matches(both, { alert_type: 'cost_monitor', threshold: '100' })).toBe(true);
    expect(matches(both, { alert_type: 'cost_monitor', threshold: '90' })).toBe(false);
    expect(matches([], { anything: 'x' })).toBe(true);
    expect(formatMatchers(both)).toBe('{alert_type="cost_monitor",threshold="100"}');
  });
});
