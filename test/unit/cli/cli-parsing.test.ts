import { describe, expect, it } from 'vitest';
import { describeAlertBrief, keyLabels } from '../../../src/cli/describe-alert-brief.js';
import { parseInstant } from '../../../src/cli/parse-instant.js';
import { parseSilenceMatchers } from '../../../src/router/silence-matchers.js';

describe('parseInstant', () => {
  it('does accept ISO 8601 with Z or an offset', () => {
    expect((parseInstant('--at', '2026-11-20T17:45:00Z') as Date).toISOString()).toBe('2026-11-20T17:45:00.000Z');
    expect((parseInstant('--at', '2026-11-20T18:45+01:00') as Date).toISOString()).toBe('2026-11-20T17:45:00.000Z');
  });

  it('does refuse a time without a zone or a date alone', () => {
    const message = '--until: invalid time "2026-11-20T17:45" (expected ISO 8601 with a zone, e.g. 2026-11-20T17:45:00Z)';
    expect(parseInstant('--until', '2026-11-20T17:45')).toBe(message);
    expect(typeof parseInstant('--at', '2026-11-20')).toBe('string');
    expect(typeof parseInstant('--at', 'tomorrow')).toBe('string');
    expect(typeof parseInstant('--at', '2026-13-40T10:00Z')).toBe('string');
  });
});

describe('parseSilenceMatchers', () => {
  it('does normalize bare and quoted matchers to Alertmanager text', () => {
    const parsed = parseSilenceMatchers(['alert_type=cost_monitor', 'monitor=~"WH_.*"', 'threshold!="75"']);
    expect(parsed.ok && parsed.texts).toEqual(['alert_type="cost_monitor"', 'monitor=~"WH_.*"', 'threshold!="75"']);
  });

  it('does report each bad matcher and refuse a set that mutes everything', () => {
    expect(parseSilenceMatchers([])).toEqual({ ok: false, errors: ['a silence needs at least one matcher, e.g. alert_type="cost_monitor"'] });
    const bad = parseSilenceMatchers(['x y', 'a=~"["']);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.errors).toEqual([
      'invalid matcher "x y": expected name="value" with =, !=, =~ or !~',
      'invalid matcher "a=~\\"[\\"": invalid regex: missing closing ]: `[)$`',
    ]);
    const all = parseSilenceMatchers(['monitor!="X"']);
    expect(all.ok).toBe(false);
  });

  it('does read each argument as amtool does, and a braced list as several matchers', () => {
    const parsed = parseSilenceMatchers(['{alert_type="cost_monitor",monitor=~"WH_\\d+"}', 'note=a,b', 'job:x="1"']);
    expect(parsed.ok && parsed.texts).toEqual(['alert_type="cost_monitor"', 'monitor=~"WH_\\\\d+"', 'note="a,b"', 'job:x="1"']);
    const unsupported = parseSilenceMatchers(['monitor=~"WH_(?!SANDBOX)"']);
    expect(!unsupported.ok && unsupported.errors[0]).toContain('lookahead/lookbehind are not supported');
  });
});

describe('describeAlertBrief', () => {
  it('does name an alert by fingerprint, type and identifying labels', () => {
    const alert = {
      fingerprint: '0123456789abcdef',
      labels: { alert_type: 'cost_monitor', severity: 'warning', check: 'resource_monitors', threshold: '90', monitor: 'M' },
      annotations: { summary: 's' },
      status: 'firing' as const,
      startsAt: new Date(0),
      lastSeenAt: new Date(0),
      check: 'resource_monitors',
    };
    expect(keyLabels(alert.labels)).toBe('monitor=M threshold=90');
    expect(describeAlertBrief(alert)).toBe('0123456789abcdef (cost_monitor monitor=M threshold=90)');
  });
});
