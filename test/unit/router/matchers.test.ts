import { describe, expect, it } from 'vitest';
import { formatMatcher, formatMatchers, matches, parseLabelSet, parseMatcher, parseMatcherTexts, parseMatchers } from '../../../src/router/matchers.js';
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
    expect(parseMatcher('a=~"(x"')).toMatchObject({ ok: false, kind: 'regex', message: 'missing closing ): `^(?:(x)$`' });
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

/**
 * What Alertmanager 0.25 answers for these, from its classic parser (pkg/labels/parse.go) and
 * `regexp.Compile("^(?:" + v + ")$")` (pkg/labels/matcher.go) with Go RE2 semantics.
 */
describe('matchers as Alertmanager reads and applies them', () => {
  const one = (text: string) => {
    const parsed = parseMatchers(text);
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.matchers;
  };
  const TABLE: readonly [matcher: string, value: string, matches: boolean][] = [
    ['x=~"a.c"', 'a\rc', true], // Go's . matches \r (JS's does not)
    ['x=~"a.c"', 'a\u2028c', true], // and U+2028
    ['x=~"a.c"', 'a\nc', false], // but not \n: no (?s)
    ['x=~"(?s)a.c"', 'a\nc', true],
    ['x=~"\\s"', '\v', false], // Go's \s is [\t\n\f\r ], no \v (JS's has it)
    ['x=~"\\s"', '\f', true],
    ['x=~"\\s"', '\u00a0', false], // nor NBSP
    ['x=~"(?i)prod"', 'PROD', true],
    ['x=~"[[:digit:]]+"', '042', true],
    ['x=~"\\pL+"', 'héllo', true],
    ['x=~"\\pL+"', 'h3llo', false],
    ['x=~"a\\z"', 'a', true],
    ['x=~"\\Qdb.prod\\E"', 'db.prod', true],
    ['x=~"\\Qdb.prod\\E"', 'dbxprod', false],
    ['x=~"\\d+"', '123', true], // "\d" is not an escape: the backslash stays
    ['x=~db\\.prod', 'db.prod', true], // bare value, same
    ['x=~db\\.prod', 'dbxprod', false],
    ['x=~"a|b"', 'ab', false], // anchored around the whole alternation
    ['x=~"a"', 'a\n', false], // $ is the end of text only
    ['x="a\\nb"', 'a\nb', true], // \n is an escape
    ['x="a\\tb"', 'a\\tb', true], // \t is not: backslash kept
    ['x="say \\"hi\\""', 'say "hi"', true],
    ['x=a b', 'a b', true], // bare value with a space
    ['x=', '', true],
    ['x=~""', '', true],
    ['x!~".+"', '', true],
  ];
  for (const [text, value, expected] of TABLE) {
    it(`does ${expected ? '' : 'not '}match ${JSON.stringify(value)} with ${text}`, () => {
      expect(matches(one(text), { x: value })).toBe(expected);
    });
  }

  it('does read braces, several matchers in one string, commas inside quotes and label names with colons', () => {
    expect(one('{a="b",c=~"d"}').map((m) => [m.name, m.type, m.value])).toEqual([
      ['a', '=', 'b'],
      ['c', '=~', 'd'],
    ]);
    expect(one('foo=bar, dings!=bums, ').map((m) => m.value)).toEqual(['bar', 'bums']);
    expect(one('quote="a, b", x=y').map((m) => m.value)).toEqual(['a, b', 'y']);
    expect(one('job:rate5m="1"')[0]?.name).toBe('job:rate5m');
    expect(one('')).toEqual([]);
  });

  it('does refuse what Alertmanager refuses', () => {
    expect(parseMatchers('a=b,,c=d')).toMatchObject({ ok: false, kind: 'syntax' });
    expect(parseMatcher('a="x"y"')).toMatchObject({ ok: false, kind: 'syntax' });
    expect(parseMatcher('a=x"')).toMatchObject({ ok: false, kind: 'syntax' });
    expect(parseMatcher('a="x')).toMatchObject({ ok: false, kind: 'syntax' });
    expect(parseMatcher('a-b="x"')).toMatchObject({ ok: false, kind: 'syntax' });
  });

  it('does refuse lookaround and backreferences as unsupported, naming RE2', () => {
    for (const pattern of ['foo(?=bar)', 'foo(?!bar)', '(?<=a)b', '(?<!a)b', '(a)\\1']) {
      const parsed = parseMatcher(`x=~"${pattern}"`);
      expect(parsed).toMatchObject({ ok: false, kind: 'unsupported' });
      expect(!parsed.ok && parsed.message).toContain('Go RE2');
    }
  });

  it('does print values with OpenMetrics escapes that read back to the same value', () => {
    for (const value of ['a"b', 'a\\d', 'line\nbreak', 'tab\there']) {
      const printed = formatMatcher({ name: 'x', type: '=', value });
      expect(one(printed)[0]?.value).toBe(value);
    }
    expect(formatMatcher({ name: 'x', type: '=~', value: '\\d+' })).toBe('x=~"\\\\d+"');
  });
});

describe('label sets and stored matcher texts', () => {
  it('does read name=value texts as a label set, quoted values with their escapes', () => {
    const parsed = parseLabelSet(['alert_type=cost_monitor', 'monitor="ACCOUNT MONTHLY"', 'note="a \\"b\\""']);
    expect(parsed).toEqual({ ok: true, labels: { alert_type: 'cost_monitor', monitor: 'ACCOUNT MONTHLY', note: 'a "b"' } });
  });

  it('does refuse a label given twice, a matcher that is not =, and text that is no label', () => {
    expect(parseLabelSet(['a=1', 'a=2'])).toEqual({ ok: false, message: 'label a is given twice' });
    expect(parseLabelSet(['a=~"1"'])).toMatchObject({ ok: false, message: expect.stringContaining('not =~ matchers') });
    expect(parseLabelSet(['justtext'])).toMatchObject({ ok: false, message: expect.stringContaining('invalid label "justtext"') });
  });

  it('does keep a label named __proto__ as a label', () => {
    const parsed = parseLabelSet(['__proto__=x', 'constructor=y']);
    expect(parsed.ok && Object.entries(parsed.labels)).toEqual([
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });

  it('does read stored matcher texts back, and none when one of them no longer parses', () => {
    expect(parseMatcherTexts(['alert_type="cost_monitor"', 'severity=~"warning|critical"'])?.map(formatMatcher)).toEqual([
      'alert_type="cost_monitor"',
      'severity=~"warning|critical"',
    ]);
    expect(parseMatcherTexts(['alert_type="cost_monitor"', 'broken=~"("'])).toBeUndefined();
  });
});
