import { describe, expect, it } from 'vitest';
import { groupKey, groupLabels } from '../../../src/router/group.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { matchRoutes } from '../../../src/router/route-tree.js';
import { matches } from '../../../src/router/matchers.js';
import { routeAlerts } from '../../../src/router/route-alerts.js';
import { timeMuteReason } from '../../../src/router/time-windows.js';
import { ConfigError } from '../../../src/config/errors.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIXTURE = 'test/fixtures/routing/alertmanager-tree.yaml';

/**
 * What `amtool config routes test --config.file=<the same tree>` prints for each label set, worked out
 * from dispatch/route.go's Route.Match (depth first; a matching route's children in order, first match
 * unless continue; the route itself when no child matches) and the classic matcher parser.
 */
const AMTOOL: readonly [labels: Record<string, string>, receivers: string][] = [
  [{}, 'default-receiver'],
  [{ service: 'foo1' }, 'team-X-mails'],
  [{ service: 'foo10' }, 'default-receiver'], // match_re is anchored
  [{ service: 'baz', severity: 'critical' }, 'team-X-pager'],
  [{ service: 'files', severity: 'critical' }, 'team-Y-pager'],
  [{ service: 'files', severity: 'warning' }, 'team-Y-mails'],
  [{ service: 'database' }, 'team-DB-pager'],
  [{ service: 'database', owner: 'team-X' }, 'audit,team-X-pager'], // continue on both levels
  [{ service: 'database', owner: 'team-Y' }, 'audit,team-Y-pager'],
  [{ service: 'database', owner: 'team-Z' }, 'audit,team-DB-pager'],
  [{ owner: 'me' }, 'audit'], // a continue match still counts: the root does not add itself
  [{ owner: 'me', audit: 'no' }, 'default-receiver'],
  [{ service: 'batch', env: 'staging' }, 'quiet'],
  [{ service: 'batch', env: 'prod' }, 'default-receiver'],
];

describe('an Alertmanager routing tree given as-is', () => {
  for (const [labels, receivers] of AMTOOL) {
    it(`does route ${JSON.stringify(labels)} to ${receivers} as amtool does`, async () => {
      const routing = await loadRouting(FIXTURE, {});
      expect(
        matchRoutes(routing, labels)
          .map((m) => m.receiver)
          .join(','),
      ).toBe(receivers);
    });
  }

  it('does inherit group_by and timers down the tree and build keys as Alertmanager does', async () => {
    const routing = await loadRouting(FIXTURE, {});
    const [pager] = matchRoutes(routing, { service: 'baz', severity: 'critical', alertname: 'Down' });
    expect(pager).toMatchObject({ groupBy: ['alertname', 'cluster', 'service'], timers: { groupWaitMs: 30_000, repeatIntervalMs: 10_800_000 } });
    expect(groupKey(routing, pager!.route, groupLabels(pager!.groupBy, { service: 'baz', alertname: 'Down' }))).toBe(
      '{}/{service=~"^(foo1|foo2|baz)$"}/{severity="critical"}:{alertname="Down", service="baz"}',
    );
    const [db] = matchRoutes(routing, { service: 'database', owner: 'team-Y' }).slice(1);
    expect(db?.groupBy).toEqual(['alertname', 'cluster', 'database']);
    expect(db?.route).toBe('route.routes[3].routes[1]');
  });

  it('does read the deprecated source_match / target_match_re of inhibit rules', async () => {
    const routing = await loadRouting(FIXTURE, {});
    const [rule] = routing.inhibitRules;
    expect(rule?.sourceMatchers.map((m) => [m.name, m.type, m.value])).toEqual([['severity', '=', 'critical']]);
    expect(rule?.targetMatchers.map((m) => [m.name, m.type, m.value])).toEqual([['severity', '=~', 'warning|info']]);
    expect(matches(rule!.targetMatchers, { severity: 'info' })).toBe(true);
    expect(matches(rule!.targetMatchers, { severity: 'information' })).toBe(false);
  });

  it('does drop (not defer) a muted route inside its mute interval, and only there', async () => {
    const routing = await loadRouting(FIXTURE, {});
    const [quiet] = matchRoutes(routing, { service: 'batch', env: 'staging' });
    const saturday = new Date('2026-11-21T12:00:00Z');
    const monday = new Date('2026-11-23T12:00:00Z');
    expect(timeMuteReason(routing, quiet!, saturday)).toBe('muted by time interval weekends');
    expect(timeMuteReason(routing, quiet!, monday)).toBeUndefined();
    const flush = {
      alerts: [{ fingerprint: 'f1', labels: { service: 'batch', env: 'staging' }, status: 'firing' as const }],
      targets: [quiet!],
      muter: { mutes: () => undefined },
      window: { open: true, interval: 'always' },
      log: {},
      now: saturday,
      timeMute: timeMuteReason(routing, quiet!, saturday),
    };
    expect(routeAlerts(flush as never)).toEqual([{ action: 'skip', receiver: 'quiet', reason: 'dropped: muted by time interval weekends', muted: [] }]);
    expect(routeAlerts({ ...flush, now: monday, timeMute: undefined } as never)[0]).toMatchObject({ action: 'send' });
  });
});

describe('nested routes in snowmon routes:', () => {
  const folder = mkdtempSync(join(tmpdir(), 'snowmon-nested-'));
  const write = (text: string) => {
    const file = join(folder, `r${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, text);
    return file;
  };

  it('does inherit notify, group_by, timers and deliver_during, and keep AM match forms', async () => {
    const file = write(`version: 1
time_intervals:
  business_hours: [{ weekdays: ['monday:friday'], times: [{ start_time: '09:00', end_time: '18:00' }] }]
receivers:
  a: { type: console }
  b: { type: console }
routes:
  - name: cost
    matchers: ['alert_type="cost_monitor"']
    notify: [a]
    group_by: [monitor]
    group_wait: 5s
    deliver_during: business_hours
    routes:
      - name: cost-100
        match: { threshold: 100 }
        notify: [a, b]
      - match_re: { threshold: '9.' }
  - name: fallback
    notify: [b]
`);
    const routing = await loadRouting(file, {});
    expect(
      matchRoutes(routing, { alert_type: 'cost_monitor', threshold: '100' }).map((m) => [m.route, m.receiver, m.deliverDuring, m.timers.groupWaitMs]),
    ).toEqual([
      ['cost-100', 'a', 'business_hours', 5000],
      ['cost-100', 'b', 'business_hours', 5000],
    ]);
    expect(matchRoutes(routing, { alert_type: 'cost_monitor', threshold: '90' }).map((m) => [m.route, m.receiver, m.groupBy])).toEqual([
      ['routes[0].routes[1]', 'a', ['monitor']],
    ]);
    expect(matchRoutes(routing, { alert_type: 'cost_monitor', threshold: '75' }).map((m) => m.route)).toEqual(['cost']);
    expect(matchRoutes(routing, { alert_type: 'x' }).map((m) => m.route)).toEqual(['fallback']);
  });

  it('does refuse routes and route together, a root with matchers, and a bad match_re, each in one line', async () => {
    const file = write(`version: 1
receivers:
  a: { type: console }
route:
  receiver: a
  matchers: ['x="y"']
  routes:
    - match_re: { service: 'a(?=b)' }
    - match: { 'bad-name': x }
`);
    const error = await loadRouting(file, {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as ConfigError).message.split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/:6: route\.matchers: the root route cannot have matchers \(as in Alertmanager\) \(SM108\)$/),
      expect.stringMatching(/:8: route\.routes\[0\]\.match_re\.service: unsupported regex "a\(\?=b\)": .* \(SM130\)$/),
      expect.stringMatching(/:9: route\.routes\[1\]\.match\.bad-name: invalid label name "bad-name" \(SM121\)$/),
    ]);
  });
});
