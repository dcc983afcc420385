/** A small routing config built in code for router unit tests (no file, no env). */

import type { ReceiverConfig } from '../../../src/notifiers/registry.js';
import { parseMatcher } from '../../../src/router/matchers.js';
import type { Matcher } from '../../../src/router/matchers.js';
import type { Route, RoutingConfig } from '../../../src/router/routing-config.js';

export function matcher(text: string): Matcher {
  const parsed = parseMatcher(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.matcher;
}

const timers = { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 14_400_000 };

export function route(name: string, matchers: readonly string[], notify: readonly string[], extra: Partial<Route> = {}): Route {
  return { name, matchers: matchers.map(matcher), continue: false, notify, groupBy: ['alert_type', 'monitor'], timers, escalate: [], ...extra };
}

const console = (name: string, sendResolved = true): ReceiverConfig => ({ name, type: 'console', sendResolved });

export function testConfig(routes: readonly Route[], extra: Partial<RoutingConfig> = {}): RoutingConfig {
  return {
    file: '/test/routing.yaml',
    version: 1,
    timezone: 'Europe/London',
    defaults: { ...timers, sendResolved: true, resolveSuppressed: true },
    timeIntervals: {
      business_hours: {
        name: 'business_hours',
        specs: [
          {
            times: [{ startMinute: 540, endMinute: 1080 }],
            weekdays: [{ start: 1, end: 5 }],
            daysOfMonth: [],
            months: [],
            years: [],
            location: 'Europe/London',
          },
        ],
      },
    },
    holidays: [],
    receivers: { a: console('a'), b: console('b', false), c: console('c') },
    routes,
    inhibitRules: [],
    silences: [],
    ...extra,
  };
}
