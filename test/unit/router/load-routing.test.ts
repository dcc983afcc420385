import type { ReceiverConfig } from '../../../src/notifiers/registry.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/errors.js';
import { loadRouting } from '../../../src/router/load-routing.js';

const dir = 'test/fixtures/routing';
const env = { PD_ROUTING_KEY: 'pd-canary-key' };

async function messageOf(fixture: string): Promise<string> {
  const error = await loadRouting(`${dir}/${fixture}`, env).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).message;
}

const CASES: readonly (readonly [string, string])[] = [
  ['undefined-receiver.yaml', '7: routes[0].notify[1]: undefined receiver "pager" used in route "cost-90" (SM120)'],
  ['bad-matcher.yaml', '6: routes[0].matchers[0]: invalid matcher "threshold > 90": expected name="value" with =, !=, =~ or !~ (SM121)'],
  ['bad-regex.yaml', '6: routes[0].matchers[0]: invalid regex in matcher "threshold=~\\"(75|90\\"": missing closing ): `^(?:(75|90)$` (SM122)'],
  [
    'lookahead-regex.yaml',
    '6: routes[0].matchers[0]: unsupported regex in matcher "monitor=~\\"WH_(?!SANDBOX).*\\"": lookahead/lookbehind are not supported: Alertmanager regexes are Go RE2 (invalid or unsupported Perl syntax: `(?!`) (SM130)',
  ],
  [
    'unknown-time-interval.yaml',
    '11: routes[0].deliver_during: unknown time interval "busines_hours" used in route "cost-75", did you mean "business_hours"? (SM123)',
  ],
  [
    'overlapping-times.yaml',
    '7: time_intervals.business_hours[0].times[1]: times overlap in time interval "business_hours": "09:00-13:00" and "12:00-18:00" (SM124)',
  ],
  ['start-24-00.yaml', '4: time_intervals.nights[0].times[0].start_time: "24:00" cannot be a start time (SM125)'],
  ['no-catch-all.yaml', '6: routes[0].matchers: the last route must be a catch-all (no matchers), got route "dbt-test-failure" (SM126)'],
  ['immediate-without-pager.yaml', '8: routes[0].response: response: immediate needs a pagerduty receiver in notify of route "cost-100" (SM127)'],
  [
    'literal-secret.yaml',
    '6: receivers.slack-data-alerts.token: secrets come from the environment or files, never from config text: use token: ${ENV_VAR} or token_file (SM106)',
  ],
  ['unknown-key.yaml', '7: routes[0].group_wiat: unknown key, did you mean "group_wait"? (SM102)'],
  ['bad-time-zone.yaml', '2: timezone: unknown time zone "Europe/Lundon" (SM129)'],
  ['duplicate-route-name.yaml', '8: routes[1].name: duplicate route name "fallback" (SM128)'],
  ['duplicate-receiver.yaml', '6: routes[0].notify[1]: duplicate receiver "hook" used in route "fallback" (SM128)'],
  ['receiver-named-like-a-builtin.yaml', '6: routes[0].notify[1]: undefined receiver "constructor" used in route "fallback" (SM120)'],
  ['interval-named-like-a-builtin.yaml', '7: routes[0].deliver_during: unknown time interval "toString" used in route "fallback" (SM123)'],
  [
    'missing-slack-token.yaml',
    '3: receivers.slack-data-alerts.token: receiver "slack-data-alerts" needs token: use token: ${SLACK_BOT_TOKEN} or token_file (SM110)',
  ],
  ['unknown-receiver-type.yaml', '3: receivers.ops.type: unknown receiver type "opsgenie" (use slack, slack_webhook, pagerduty, email or console) (SM108)'],
  ['bad-days-of-month.yaml', '4: time_intervals.month_end[0].days_of_month[0]: invalid day of month "0:5" (SM108)'],
  ['silence-without-end.yaml', '8: silences[0]: silence "config-1" needs starts and ends, or always: true (SM110)'],
  [
    'escalation-undefined-receiver.yaml',
    '8: routes[0].escalate[0].notify[0]: undefined receiver "consol" used in escalation of route "fallback", did you mean "console"? (SM120)',
  ],
  ['yaml-syntax-error.yaml', '4: yaml syntax error: duplicate key "console" (a key appears once in a mapping: merge the two) (SM101)'],
  ['missing-env-var.yaml', '3: receivers.pd.routing_key: environment variable PD_ROUTING_KEY_DATA is not set (SM105)'],
];

describe('loadRouting', () => {
  for (const [fixture, expected] of CASES) {
    it(`does report exactly one line when loading ${fixture}`, async () => {
      expect(await messageOf(fixture)).toBe(`${dir}/${fixture}:${expected}`);
    });
  }

  it('does collect every problem, sorted by line, when a file has several', async () => {
    expect((await messageOf('several-errors.yaml')).split('\n')).toEqual([
      `${dir}/several-errors.yaml:3: defaults.group_wait: invalid duration "soon" (SM104)`,
      `${dir}/several-errors.yaml:6: time_intervals.business_hours[0].weekdays[0]: invalid weekday "monday:funday" (SM108)`,
      `${dir}/several-errors.yaml:7: time_intervals.business_hours[0].times[0].start_time: invalid time of day "9am" (expected HH:MM from 00:00 to 24:00) (SM125)`,
      `${dir}/several-errors.yaml:13: routes[0].notify[1]: undefined receiver "slack" used in route "sla" (SM120)`,
      `${dir}/several-errors.yaml:14: routes[0].response.clock: unknown time interval "office_hours" used in route "sla" (SM123)`,
      `${dir}/several-errors.yaml:16: routes[1].matchers: the last route must be a catch-all (no matchers), got route "last" (SM126)`,
    ]);
  });

  it('does keep a receiver and a time interval named __proto__ as their own entries', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'snowmon-routing-')), 'proto.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'time_intervals:',
        '  __proto__: [{ weekdays: [saturday] }]',
        'receivers:',
        '  __proto__: { type: console }',
        'routes:',
        '  - name: fallback',
        '    notify: [__proto__]',
        '    deliver_during: __proto__',
        '',
      ].join('\n'),
    );
    const config = await loadRouting(file, env);
    expect(Object.hasOwn(config.receivers, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(config.receivers)).toBe(Object.prototype);
    expect(Object.hasOwn(config.timeIntervals, '__proto__')).toBe(true);
    expect(config.routes[0]?.notify).toEqual(['__proto__']);
  });

  it('does never echo a literal secret when refusing it', async () => {
    const error = await loadRouting(`${dir}/literal-secret.yaml`, env).catch((e: unknown) => e);
    expect(inspect(error)).not.toContain('canary');
  });

  it('does parse every section into typed, frozen values when the file is valid', async () => {
    const config = await loadRouting(`${dir}/valid-everything.yaml`, env);
    expect(config.defaults).toEqual({
      groupWaitMs: 10_000,
      groupIntervalMs: 300_000,
      repeatIntervalMs: 14_400_000,
      sendResolved: false,
      resolveSuppressed: true,
    });
    expect(config.timeIntervals.weekends?.specs).toEqual([
      {
        times: [],
        weekdays: [
          { start: 6, end: 6 },
          { start: 0, end: 0 },
        ],
        daysOfMonth: [],
        months: [],
        years: [],
        location: 'Europe/London',
      },
    ]);
    expect(config.timeIntervals.month_end?.specs[0]).toEqual({
      times: [{ startMinute: 0, endMinute: 1440 }],
      weekdays: [],
      daysOfMonth: [{ start: -3, end: -1 }],
      months: [
        { start: 1, end: 3 },
        { start: 12, end: 12 },
      ],
      years: [{ start: 2026, end: 2027 }],
      location: 'America/New_York',
    });
    const [everything, fallback] = config.routes;
    expect(everything).toMatchObject({ continue: true, notify: ['console'], groupBy: 'all', deliverDuring: 'weekends', sendResolved: true });
    expect(everything?.timers.groupWaitMs).toBe(10_000);
    expect(fallback?.escalate).toEqual([{ afterMs: 1_800_000, if: 'unresolved', notify: ['console'] }]);
    // The table holds any registered receiver; this one is a built-in, so its fields are known.
    const hook = config.receivers.hook as ReceiverConfig | undefined;
    expect(hook?.type === 'slack_webhook' && hook.url.reveal()).toBe('https://hooks.slack.com/services/T0/B0/canary');
    expect(config.receivers.mail).toMatchObject({
      type: 'email',
      to: ['ops@example.com'],
      sendResolved: false,
      smtp: { host: 'localhost', port: 465, secure: true },
    });
    expect(config.receivers.console?.sendResolved).toBe(false);
    expect(config.inhibitRules).toMatchObject([{ name: 'inhibit_rules[0]', equal: ['warehouse'] }]);
    expect(config.silences.map((s) => [s.id, s.startsAt.toISOString(), s.endsAt?.toISOString()])).toEqual([
      ['config-1', '1970-01-01T00:00:00.000Z', undefined],
      ['xmas-freeze', '2026-12-24T18:00:00.000Z', '2026-12-26T23:00:00.000Z'],
    ]);
    expect(Object.isFrozen(config.timeIntervals.month_end?.specs[0]?.daysOfMonth)).toBe(true);
    expect(JSON.stringify(config)).not.toContain('canary');
  });

  it('does report a missing file without a stack', async () => {
    expect(await messageOf('no-such-file.yaml')).toBe(`${dir}/no-such-file.yaml: cannot read routing file: no such file (SM100)`);
  });
});
