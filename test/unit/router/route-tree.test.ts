import { describe, expect, it } from 'vitest';
import { matchRoutes } from '../../../src/router/route-tree.js';
import { route, testConfig } from './routing-fixture.js';

const config = testConfig([
  route('audit-log', ['alert_type=~".+"'], ['c'], { continue: true, sendResolved: false }),
  route('cost-100', ['alert_type="cost_monitor"', 'threshold="100"'], ['a', 'b']),
  route('cost', ['alert_type="cost_monitor"'], ['a']),
  route('fallback', [], ['b']),
]);

describe('matchRoutes', () => {
  it('does stop at the first matching route unless it has continue', () => {
    const matched = matchRoutes(config, { alert_type: 'cost_monitor', threshold: '100' });
    expect(matched.map((m) => [m.route, m.receiver])).toEqual([
      ['audit-log', 'c'],
      ['cost-100', 'a'],
      ['cost-100', 'b'],
    ]);
  });

  it('does fall through to the catch-all when nothing else matches', () => {
    expect(matchRoutes(config, {}).map((m) => m.route)).toEqual(['fallback']);
    expect(matchRoutes(config, { alert_type: 'security' }).map((m) => m.route)).toEqual(['audit-log', 'fallback']);
  });

  it('does take send_resolved from the route override, else from the receiver', () => {
    const matched = matchRoutes(config, { alert_type: 'cost_monitor', threshold: '100' });
    expect(matched.map((m) => [m.receiver, m.sendResolved])).toEqual([
      ['c', false],
      ['a', true],
      ['b', false],
    ]);
    expect(matched.every((m) => m.resolveSuppressed)).toBe(true);
    expect(matched[1]?.timers).toEqual({ groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 14_400_000 });
  });
});
