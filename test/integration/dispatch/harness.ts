/**
 * Test helper for alerting: the fakes (Slack Web API, PagerDuty over HTTPS, SMTP), a routing file shaped
 * like config/routing.yaml pointing at them, a store per dialect (ledger's dialects.ts), a `Dispatcher`
 * recording its events, and check outcomes (resource monitors through the real evaluator).
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dispatcher, type DispatcherDeps } from '../../../src/dispatch/dispatcher.js';
import type { DispatchEvent } from '../../../src/dispatch/dispatch-events.js';
import type { CheckOutcome, Finding } from '../../../src/checks/check.js';
import type { Row } from '../../../src/sources/snowflake-client.js';
import { evaluateResourceMonitors } from '../../../src/checks/evaluate-resource-monitors.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import type { RoutingConfig } from '../../../src/router/routing-config.js';
import { FakePagerDuty } from '../../fakes/fake-pagerduty.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { FakeSmtp } from '../../fakes/fake-smtp.js';
import type { TestDialect, TestStore } from '../ledger/dialects.js';
import { shippedThresholds } from '../../support/shipped-thresholds.js';

/** config/routing.yaml's table, receivers pointed at the fakes, plus a webhook-free health route. */
const ROUTING_YAML = `
version: 1
timezone: Europe/London
defaults:
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 4h
  send_resolved: true
  resolve_suppressed: true
time_intervals:
  business_hours:
    - weekdays: ['monday:friday']
      times: [{ start_time: '09:00', end_time: '18:00' }]
      location: Europe/London
holidays: [2026-12-25]
receivers:
  slack-data-alerts:  { type: slack, channel: '#data-alerts', token: '\${SLACK_BOT_TOKEN}', api_url: '\${SLACK_API_URL}' }
  slack-data-costs:   { type: slack, channel: '#data-costs', token: '\${SLACK_BOT_TOKEN}', api_url: '\${SLACK_API_URL}' }
  slack-data-quality: { type: slack, channel: '#data-quality', token: '\${SLACK_BOT_TOKEN}', api_url: '\${SLACK_API_URL}' }
  pagerduty-data:     { type: pagerduty, routing_key: '\${PD_ROUTING_KEY}', server: '\${PD_SERVER}' }
  email-lead:
    type: email
    to: ['lead@example.test']
    from: 'snowmon@example.test'
    send_resolved: false
    smtp: { host: 127.0.0.1, port: __SMTP_PORT__ }
routes:
  - name: pipeline-failure
    matchers: ['alert_type="pipeline_failure"']
    notify: [slack-data-alerts]
    group_by: [alert_type, pipeline]
    response: { within: 30m, clock: business_hours }
    escalate:
      - { after: due, if: unacknowledged, notify: [slack-data-alerts], mention: '@data-oncall' }
  - name: cost-100-suspend
    matchers: ['alert_type="cost_monitor"', 'threshold="100"']
    notify: [slack-data-costs, pagerduty-data]
    group_by: [alert_type, monitor]
    group_wait: 0s
    response: immediate
  - name: cost-90
    matchers: ['alert_type="cost_monitor"', 'threshold="90"']
    notify: [slack-data-costs, email-lead]
    group_by: [alert_type, monitor]
    response: { by: same_day }
  - name: cost-75
    matchers: ['alert_type="cost_monitor"', 'threshold="75"']
    notify: [slack-data-costs]
    group_by: [alert_type, monitor]
    deliver_during: business_hours
    repeat_interval: 24h
    response: { by: next_business_day }
  - name: dbt-test-failure
    matchers: ['alert_type="dbt_test_failure"']
    notify: [slack-data-quality]
    group_by: [alert_type, model]
    repeat_interval: 1h
    response: { within: 1h }
  - name: fallback
    notify: [slack-data-alerts]
    group_by: [alert_type]
inhibit_rules:
  - name: cost-100-over-lower
    source_matchers: ['alert_type="cost_monitor"', 'threshold="100"']
    target_matchers: ['alert_type="cost_monitor"', 'threshold=~"75|90"']
    equal: [monitor]
  - name: cost-90-over-75
    source_matchers: ['alert_type="cost_monitor"', 'threshold="90"']
    target_matchers: ['alert_type="cost_monitor"', 'threshold="75"']
    equal: [monitor]
`;

export interface Harness {
  readonly slack: FakeSlack;
  readonly pagerduty: FakePagerDuty;
  readonly smtp: FakeSmtp;
  readonly routing: RoutingConfig;
  readonly store: TestStore;
  readonly events: DispatchEvent[];
  /** A new Dispatcher over the same store (another daemon, or the same after a restart). */
  alerting(owner?: string, deps?: Partial<DispatcherDeps>): Dispatcher;
  /** Delivers until nothing is due, stepping the fake clock by 1 s per pass; returns the last instant. */
  drain(alerting: Dispatcher, from: Date, passes?: number): Promise<Date>;
  close(): Promise<void>;
}

export async function openHarness(dialect: TestDialect): Promise<Harness> {
  const slack = await new FakeSlack().start();
  const pagerduty = await new FakePagerDuty().start();
  const smtp = await new FakeSmtp().start();
  const dir = mkdtempSync(join(tmpdir(), 'snowmon-alerting-'));
  const file = join(dir, 'routing.yaml');
  writeFileSync(file, ROUTING_YAML.replace('__SMTP_PORT__', String(smtp.port)));
  const routing = await loadRouting(file, {
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_API_URL: slack.apiUrl,
    PD_ROUTING_KEY: 'R0123456789ABCDEF0123456789ABCDE',
    PD_SERVER: pagerduty.server,
  });
  const store = await dialect.open();
  const events: DispatchEvent[] = [];
  const opened: Dispatcher[] = [];
  const agent = pagerduty.agent();
  return {
    slack,
    pagerduty,
    smtp,
    routing,
    store,
    events,
    alerting(owner = 'test:1:a', deps = {}) {
      const alerting = new Dispatcher({
        db: store.db,
        routing,
        owner,
        random: () => 0.5,
        notifierDeps: { timeoutMs: 3000, pagerDutyAgent: agent, pagerDutyRetryTimeoutMs: 1 },
        onEvent: (e) => events.push(e),
        ...deps,
      });
      opened.push(alerting);
      return alerting;
    },
    async drain(alerting, from, passes = 30) {
      let now = from;
      for (let i = 0; i < passes; i++) {
        await alerting.deliver(now);
        const next = await alerting.nextWakeAt(now);
        const outbox = await store.db.selectFrom('outbox').select('id').where('status', 'in', ['pending', 'failed', 'sending']).execute();
        if (outbox.length === 0) return now;
        now = new Date(Math.max(now.getTime() + 1000, next?.getTime() ?? 0));
      }
      return now;
    },
    async close() {
      for (const a of opened) await a.close();
      await store.close();
      await Promise.all([slack.stop(), pagerduty.stop(), smtp.stop()]);
      agent.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A check outcome with these findings. */
export function outcome(name: string, findings: readonly Finding[], now: Date, status: 'ok' | 'failed' = 'ok', rows: readonly Row[] = []): CheckOutcome {
  return {
    name,
    status,
    ...(status === 'failed' ? { error: 'statement timed out' } : {}),
    rows,
    findings,
    startedAt: now.toISOString(),
    durationMs: 10,
    statementsSent: 1,
  };
}

/** The resource_monitors outcome for an account monitor of 1000 credits with `used` credits this cycle. */
export function resourceMonitors(used: number, now: Date, cycleStart = '2026-11-01 00:00:00.000 +0000'): CheckOutcome {
  return resourceMonitorsOf(used, 1000, now, cycleStart);
}

/** The same with another quota (a quota raised mid-cycle). */
export function resourceMonitorsOf(used: number, quota: number, now: Date, cycleStart = '2026-11-01 00:00:00.000 +0000'): CheckOutcome {
  const suspended = used >= quota;
  const { rows, findings } = evaluateResourceMonitors({
    results: [
      [
        {
          name: 'ACCOUNT_MONTHLY',
          credit_quota: quota.toFixed(2),
          used_credits: String(used),
          remaining_credits: String(quota - used),
          level: 'ACCOUNT',
          frequency: 'MONTHLY',
          start_time: cycleStart,
          end_time: '',
          notify_at: '',
          suspend_at: '100%',
          suspend_immediately_at: '',
        },
      ],
      [
        { name: 'ETL_WH', state: suspended ? 'SUSPENDED' : 'STARTED', size: 'Large', resource_monitor: 'null' },
        { name: 'BI_WH', state: suspended ? 'SUSPENDED' : 'STARTED', size: 'Small', resource_monitor: 'null' },
      ],
    ],
    thresholds: { ...shippedThresholds('resource_monitors'), projected_pct: 100_000, min_elapsed_pct: 5 },
    now,
    usdPerCredit: 3,
  });
  return outcome('resource_monitors', findings, now, 'ok', rows);
}

/** The spend rows the cost context lines come from. */
export function spendOutcomes(now: Date): CheckOutcome[] {
  return [
    outcome('credits_by_warehouse', [], now, 'ok', [
      { warehouse_name: 'ETL_WH', credits: 610 },
      { warehouse_name: 'BI_WH', credits: 150 },
    ]),
    outcome('top_queries', [], now, 'ok', [
      { query_hash: 'qh_merge_orders', warehouse_name: 'ETL_WH', credits: 212, runs: 24, sample_text: 'merge into orders using staging' },
    ]),
  ];
}

/** A finding of another alert type. */
export function finding(alertType: string, labels: Readonly<Record<string, string>>, summary: string): Finding {
  return { severity: 'warning', summary, labels: { alert_type: alertType, ...labels } };
}
