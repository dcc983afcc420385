/**
 * The side-by-side benchmark's inputs: a routing table shaped like snowmon's shipped default (same routes,
 * group_by and inhibit rules; short timers; every receiver a Slack incoming webhook to the local sink),
 * and a 60-second alert stream (cost tiers climbing to 100 % and resetting, pipelines failing and
 * recovering, an SLA breach, dbt tests, one unrouted type). Data only.
 */

import type { Finding } from '../../src/checks/check.js';

export const COMPARISON_RECEIVERS = ['slack-data-alerts', 'slack-data-costs', 'slack-data-quality', 'pagerduty-data', 'email-lead'] as const;

/** The env var holding a receiver's webhook URL (snowmon reads webhook URLs as secrets from the environment). */
export const urlEnv = (receiver: string) => `VS_AM_URL_${receiver.toUpperCase().replace(/-/g, '_')}`;

export function comparisonRoutingYaml(): string {
  return [
    'version: 1',
    'timezone: UTC',
    'defaults: { group_wait: 1s, group_interval: 5s, repeat_interval: 1h, send_resolved: true, resolve_suppressed: true }',
    'receivers:',
    ...COMPARISON_RECEIVERS.map((r) => `  ${r}: { type: slack_webhook, url: '\${${urlEnv(r)}}'${r === 'email-lead' ? ', send_resolved: false' : ''} }`),
    'routes:',
    '  - { name: pipeline-failure, matchers: [\'alert_type="pipeline_failure"\'], notify: [slack-data-alerts], group_by: [alert_type, pipeline] }',
    '  - { name: sla-breach, matchers: [\'alert_type="sla_breach"\'], notify: [slack-data-alerts, pagerduty-data], group_by: [alert_type, sla], group_wait: 0s }',
    '  - { name: cost-100-suspend, matchers: [\'alert_type="cost_monitor"\', \'threshold="100"\'], notify: [slack-data-costs, pagerduty-data], group_by: [alert_type, monitor], group_wait: 0s }',
    '  - { name: cost-90, matchers: [\'alert_type="cost_monitor"\', \'threshold="90"\'], notify: [slack-data-costs, email-lead], group_by: [alert_type, monitor] }',
    '  - { name: cost-75, matchers: [\'alert_type="cost_monitor"\', \'threshold="75"\'], notify: [slack-data-costs], group_by: [alert_type, monitor] }',
    '  - { name: dbt-test-failure, matchers: [\'alert_type="dbt_test_failure"\'], notify: [slack-data-quality], group_by: [alert_type, model] }',
    '  - { name: fallback, notify: [slack-data-alerts], group_by: [alert_type] }',
    'inhibit_rules:',
    '  - name: cost-100-over-lower',
    '    source_matchers: [\'alert_type="cost_monitor"\', \'threshold="100"\']',
    '    target_matchers: [\'alert_type="cost_monitor"\', \'threshold=~"75|90"\']',
    '    equal: [monitor]',
    '  - name: cost-90-over-75',
    '    source_matchers: [\'alert_type="cost_monitor"\', \'threshold="90"\']',
    '    target_matchers: [\'alert_type="cost_monitor"\', \'threshold="75"\']',
    '    equal: [monitor]',
    '',
  ].join('\n');
}

/** One alert of the stream: the check that reports it, what it says, and when it fires: [from, to) seconds. */
export interface StreamAlert {
  readonly check: string;
  readonly finding: Finding;
  readonly from: number;
  /** Absent: still firing at the end. */
  readonly to?: number;
}

/** How long the stream runs, seconds; afterwards both sides get time to flush (see the benchmark). */
export const STREAM_SECONDS = 60;

const cost = (monitor: string, threshold: number, from: number, to?: number): StreamAlert => ({
  check: 'resource_monitors',
  finding: {
    severity: threshold >= 100 ? 'critical' : 'warning',
    summary: `monitor ${monitor} at ${threshold}% of quota`,
    labels: { alert_type: 'cost_monitor', monitor, threshold: String(threshold) },
  },
  from,
  ...(to !== undefined ? { to } : {}),
});
const pipeline = (name: string, from: number, to?: number): StreamAlert => ({
  check: 'dbt_runs',
  finding: { severity: 'critical', summary: `pipeline ${name} failed`, labels: { alert_type: 'pipeline_failure', pipeline: name } },
  from,
  ...(to !== undefined ? { to } : {}),
});
const dbtTest = (model: string, test: string, from: number, to?: number): StreamAlert => ({
  check: 'dbt_tests',
  finding: { severity: 'warning', summary: `test ${test} on ${model} failed`, labels: { alert_type: 'dbt_test_failure', model, test } },
  from,
  ...(to !== undefined ? { to } : {}),
});

export const STREAM: readonly StreamAlert[] = [
  // M1 climbs 75 → 90 → 100 and resets at 30 s: the lower tiers are inhibited while the higher fire.
  cost('M1', 75, 0, 30),
  cost('M1', 90, 6, 30),
  cost('M1', 100, 16, 30),
  // M2 reaches 90 and stays; M3 passes 75 and falls back (quota raised); M4 passes 75 late.
  cost('M2', 75, 0),
  cost('M2', 90, 9),
  cost('M3', 75, 2, 40),
  cost('M4', 75, 44),
  // M5: 75 % announced, then inhibited by 100 %, then the 75 % alert clears while 100 % still fires (AM #2754).
  cost('M5', 75, 0, 40),
  cost('M5', 100, 20),
  pipeline('p1', 0, 20),
  pipeline('p2', 0),
  pipeline('p3', 3, 41),
  pipeline('p4', 21),
  // A short flap: fires and clears inside group_wait on the second tick.
  pipeline('p5', 50, 51),
  { check: 'sla', finding: { severity: 'critical', summary: 'daily load late', labels: { alert_type: 'sla_breach', sla: 'daily' } }, from: 11, to: 35 },
  dbtTest('orders', 'not_null_orders_id', 0),
  dbtTest('orders', 'unique_orders_id', 12),
  dbtTest('customers', 'relationships_customers', 25, 50),
  {
    check: 'security',
    finding: { severity: 'warning', summary: 'service user SVC_ETL has ACCOUNTADMIN', labels: { alert_type: 'security', user: 'SVC_ETL' } },
    from: 5,
  },
];

/** Whether the alert fires at second `t`. */
export function firesAt(alert: StreamAlert, t: number): boolean {
  return t >= alert.from && (alert.to === undefined || t < alert.to);
}

/** The checks of the stream, in a stable order. */
export function streamChecks(stream: readonly StreamAlert[] = STREAM): string[] {
  return [...new Set(stream.map((a) => a.check))];
}
