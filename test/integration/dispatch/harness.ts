/**
 * Test helper for alerting: the fakes (Slack Web API, PagerDuty over HTTPS, SMTP), the shipped
 * config/routing.yaml with its receivers pointing at them, a store per dialect (ledger's dialects.ts), a `Dispatcher`
 * recording its events, and check outcomes (resource monitors through the real evaluator).
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isMap, isSeq, parseDocument } from 'yaml';
import { join } from 'node:path';
import { Dispatcher, type DispatcherDeps } from '../../../src/dispatch/dispatcher.js';
import type { DispatchEvent } from '../../../src/dispatch/dispatch-events.js';
import type { CheckOutcome, Finding } from '../../../src/checks/check.js';
import type { Row } from '../../../src/sources/snowflake-client.js';
import { evaluateResourceMonitors } from '../../../src/checks/evaluate-resource-monitors.js';
import { routingWithReceivers, shippedRoutingText } from '../../../src/cli/demo-routing.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import type { RoutingConfig } from '../../../src/router/routing-config.js';
import { FakePagerDuty } from '../../fakes/fake-pagerduty.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { FakeSmtp } from '../../fakes/fake-smtp.js';
import type { TestDialect, TestStore } from '../ledger/dialects.js';
import { shippedThresholds } from '../../support/shipped-thresholds.js';

export interface HarnessOptions {
  /** Routes whose `notify` a test narrows, by route name; the shipped table's otherwise. */
  readonly notify?: Readonly<Record<string, readonly string[]>>;
}

/** config/routing.yaml as shipped, its receivers pointed at the fakes (Slack's API, PagerDuty's server, SMTP). */
async function routingYaml(smtpPort: number, options: HarnessOptions): Promise<string> {
  const text = routingWithReceivers(await shippedRoutingText(), (_name, body) => {
    if (body.type === 'slack') return { ...body, api_url: '${SLACK_API_URL}' };
    if (body.type === 'pagerduty') return { ...body, server: '${PD_SERVER}' };
    if (body.type === 'email')
      return { type: 'email', to: ['lead@example.test'], from: 'snowmon@example.test', send_resolved: false, smtp: { host: '127.0.0.1', port: smtpPort } };
    return body;
  });
  const doc = parseDocument(text);
  const routes = doc.get('routes');
  for (const route of isSeq(routes) ? routes.items : []) {
    const narrowed = isMap(route) ? options.notify?.[String(route.get('name'))] : undefined;
    if (isMap(route) && narrowed !== undefined) route.set('notify', doc.createNode(narrowed, { flow: true }));
  }
  return doc.toString();
}

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

export async function openHarness(dialect: TestDialect, options: HarnessOptions = {}): Promise<Harness> {
  const slack = await new FakeSlack().start();
  const pagerduty = await new FakePagerDuty().start();
  const smtp = await new FakeSmtp().start();
  const dir = mkdtempSync(join(tmpdir(), 'snowmon-alerting-'));
  const file = join(dir, 'routing.yaml');
  writeFileSync(file, await routingYaml(smtp.port, options));
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
