import { describe, expect, it } from 'vitest';
import { routeTimeZone } from '../../../src/dispatch/route-time-zone.js';
import type { RoutingConfig, TimeInterval } from '../../../src/router/routing-config.js';

const interval = (name: string, location: string): TimeInterval => ({
  name,
  specs: [{ times: [], weekdays: [], daysOfMonth: [], months: [], years: [], location }],
});

const routing = {
  timezone: 'Europe/London',
  timeIntervals: { business_hours: interval('business_hours', 'Europe/London'), us_desk: interval('us_desk', 'America/New_York') },
} as unknown as RoutingConfig;

describe('routeTimeZone', () => {
  it('does take the deliver_during interval’s location first', () => {
    expect(routeTimeZone(routing, { deliverDuring: 'us_desk', response: { kind: 'by', by: 'same_day', clock: 'business_hours' } })).toBe('America/New_York');
  });

  it('does take the response clock’s location when the route has no delivery window', () => {
    expect(routeTimeZone(routing, { response: { kind: 'within', withinMs: 60_000, clock: 'us_desk' } })).toBe('America/New_York');
    expect(routeTimeZone(routing, { response: { kind: 'by', by: 'next_business_day', clock: 'business_hours' } })).toBe('Europe/London');
  });

  it('does use UTC when the route uses no time interval, not the table’s default zone', () => {
    expect(routeTimeZone(routing, { response: { kind: 'immediate' } })).toBe('UTC');
    expect(routeTimeZone(routing, { response: { kind: 'within', withinMs: 60_000 } })).toBe('UTC');
    expect(routeTimeZone(routing, undefined)).toBe('UTC');
  });
});
