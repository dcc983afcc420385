import type { ReceiverConfig } from '../../../src/notifiers/registry.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dueAt } from '../../../src/router/business-clock.js';
import { groupKey, groupLabels } from '../../../src/router/group.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { matchRoutes } from '../../../src/router/route-tree.js';
import { describeRoutes } from '../../../src/router/describe-routes.js';

const DUMMY_ENV = {
  SLACK_BOT_TOKEN: 'xoxb-dummy-canary',
  PD_ROUTING_KEY: 'pd-dummy-canary',
  DATA_LEAD_EMAIL: 'lead@example.com',
  SNOWMON_EMAIL_FROM: 'snowmon@example.com',
  SMTP_HOST: 'smtp.example.com',
  SMTP_USER: 'snowmon',
  SMTP_PASSWORD: 'smtp-dummy-canary',
};

const load = () => loadRouting('config/routing.yaml', DUMMY_ENV);
// Tuesday 2026-11-24 10:00 London (GMT), inside business hours.
const tuesday10 = new Date('2026-11-24T10:00:00Z');
// Friday 2026-11-27 17:45 London.
const friday1745 = new Date('2026-11-27T17:45:00Z');

function dueOf(config: Awaited<ReturnType<typeof load>>, labels: Record<string, string>, firedAt: Date): string {
  const [first] = matchRoutes(config, labels);
  if (!first?.response) throw new Error('no response');
  return dueAt(first.response, firedAt, config).toISOString();
}

describe('config/routing.yaml', () => {
  it('does load with dummy environment values and keep secrets out of its JSON', async () => {
    const config = await load();
    expect(Object.isFrozen(config.routes)).toBe(true);
    expect(config.routes.map((r) => r.name)).toEqual([
      'dbt-channel-data-ops',
      'dbt-owner-finance',
      'pipeline-failure',
      'sla-breach',
      'cost-100-suspend',
      'cost-suspend',
      'cost-90',
      'cost-75',
      'dbt-test-failure',
      'source-freshness',
      'dbt-runtime-regression',
      'burn-rate-critical',
      'burn-rate',
      'cost-monitor-other',
      'runaway-warehouse',
      'cost-findings',
      'cost-budget',
      'security-critical',
      'security',
      'monitor-health-critical',
      'monitor-health',
      'fallback',
    ]);
    expect(JSON.stringify(config)).not.toContain('canary');
    expect(config.receivers['email-lead']).toMatchObject({ type: 'email', to: ['lead@example.com'], sendResolved: false });
  });

  it('does report only the missing variable when an environment secret is unset', async () => {
    const { PD_ROUTING_KEY: _unset, ...rest } = DUMMY_ENV;
    const error = await loadRouting('config/routing.yaml', rest).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'config/routing.yaml:37: receivers.pagerduty-data.routing_key: environment variable PD_ROUTING_KEY is not set (SM105)',
    );
  });

  it('does send a pipeline failure to #data-alerts due 30 business minutes later', async () => {
    const config = await load();
    const labels = { alert_type: 'pipeline_failure', pipeline: 'daily_orders' };
    const matched = matchRoutes(config, labels);
    expect(matched.map((m) => [m.route, m.receiver])).toEqual([['pipeline-failure', 'slack-data-alerts']]);
    expect(config.receivers['slack-data-alerts']).toMatchObject({ type: 'slack', channel: '#data-alerts' });
    expect(dueOf(config, labels, tuesday10)).toBe('2026-11-24T10:30:00.000Z');
    expect(dueOf(config, labels, friday1745)).toBe('2026-11-30T09:15:00.000Z');
    // Thursday 24 December 17:45; the 25th and 28th are shipped holidays.
    expect(dueOf(config, labels, new Date('2026-12-24T17:45:00Z'))).toBe('2026-12-29T09:15:00.000Z');
    expect(matched[0]?.escalate).toEqual([{ afterMs: 0, if: 'unacknowledged', notify: ['slack-data-alerts'], mention: '@data-oncall' }]);
  });

  it('does send an SLA breach to #data-alerts and PagerDuty due in 15 minutes', async () => {
    const config = await load();
    const labels = { alert_type: 'sla_breach', sla: 'orders_by_7am' };
    expect(matchRoutes(config, labels).map((m) => m.receiver)).toEqual(['slack-data-alerts', 'pagerduty-data']);
    expect(config.receivers['pagerduty-data']?.type).toBe('pagerduty');
    expect(dueOf(config, labels, friday1745)).toBe('2026-11-27T18:00:00.000Z');
  });

  it('does send cost monitor 75 % to #data-costs due the next business day, deferred outside hours', async () => {
    const config = await load();
    const labels = { alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY', threshold: '75' };
    const matched = matchRoutes(config, labels);
    expect(matched.map((m) => m.receiver)).toEqual(['slack-data-costs']);
    expect(config.receivers['slack-data-costs']).toMatchObject({ channel: '#data-costs' });
    expect(matched[0]?.deliverDuring).toBe('business_hours');
    expect(dueOf(config, labels, friday1745)).toBe('2026-11-30T18:00:00.000Z');
    expect(dueOf(config, labels, tuesday10)).toBe('2026-11-25T18:00:00.000Z');
  });

  it('does send cost monitor 90 % to #data-costs and the lead by email due the same day', async () => {
    const config = await load();
    const labels = { alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY', threshold: '90' };
    expect(matchRoutes(config, labels).map((m) => m.receiver)).toEqual(['slack-data-costs', 'email-lead']);
    expect(dueOf(config, labels, tuesday10)).toBe('2026-11-24T18:00:00.000Z');
    expect(dueOf(config, labels, new Date('2026-11-28T12:00:00Z'))).toBe('2026-11-30T18:00:00.000Z');
  });

  it('does send cost monitor 100 % to #data-costs and PagerDuty due immediately', async () => {
    const config = await load();
    const labels = { alert_type: 'cost_monitor', monitor: 'ACCOUNT_MONTHLY', threshold: '100' };
    const matched = matchRoutes(config, labels);
    expect(matched.map((m) => m.receiver)).toEqual(['slack-data-costs', 'pagerduty-data']);
    expect(matched[0]?.timers.groupWaitMs).toBe(0);
    expect(dueOf(config, labels, friday1745)).toBe(friday1745.toISOString());
  });

  it('does send a dbt test failure to #data-quality due in one hour', async () => {
    const config = await load();
    const labels = { alert_type: 'dbt_test_failure', pipeline: 'nightly', node: 'test.shop.not_null_customers_id.0123456789', owner: 'analytics' };
    expect(matchRoutes(config, labels).map((m) => m.receiver)).toEqual(['slack-data-quality']);
    expect(config.receivers['slack-data-quality']).toMatchObject({ channel: '#data-quality' });
    expect(dueOf(config, labels, friday1745)).toBe('2026-11-27T18:45:00.000Z');
  });

  it('does also send dbt alerts to their channel and owner examples (Elementary meta), then to their own route', async () => {
    const config = await load();
    const route = (labels: Record<string, string>) => matchRoutes(config, labels).map((m) => `${m.route} -> ${m.receiver}`);
    expect(
      route({
        alert_type: 'pipeline_failure',
        pipeline: 'nightly',
        node: 'model.shop.stg_orders',
        owner: 'data_ops_team',
        channel: '#data-ops',
        severity: 'critical',
      }),
    ).toEqual(['dbt-channel-data-ops -> slack-data-ops', 'pipeline-failure -> slack-data-alerts']);
    // Elementary writes the channel without '#'.
    expect(route({ alert_type: 'dbt_test_failure', pipeline: 'nightly', channel: 'data_ops' })[0]).toBe('dbt-channel-data-ops -> slack-data-ops');
    // One owner among several (joined with ',' in sorted order).
    expect(route({ alert_type: 'source_freshness', pipeline: 'freshness', owner: 'alice@shop.io,finance_team' })).toEqual([
      'dbt-owner-finance -> slack-finance-data',
      'source-freshness -> slack-data-alerts',
    ]);
    expect(route({ alert_type: 'source_freshness', pipeline: 'freshness', owner: 'not_finance_team' })).toEqual(['source-freshness -> slack-data-alerts']);
    // Only dbt alerts: a cost finding about a model with an owner keeps its own route.
    expect(route({ alert_type: 'cost_finding', finding: 'expensive_model', owner: 'finance_team', channel: 'data_ops' })).toEqual([
      'cost-findings -> slack-data-costs',
    ]);
    expect(route({ alert_type: 'dbt_runtime_regression', pipeline: 'nightly', severity: 'info' })).toEqual(['dbt-runtime-regression -> slack-data-quality']);
  });

  it('does send anything else to the catch-all with the default timers', async () => {
    const config = await load();
    const labels = { alert_type: 'something_new', user: 'ADMIN' };
    const matched = matchRoutes(config, labels);
    expect(matched).toMatchObject([
      { route: 'fallback', receiver: 'slack-data-alerts', timers: { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 14_400_000 } },
    ]);
    expect(groupKey(config, 'fallback', groupLabels(['alert_type'], labels))).toBe('{}/{}:{alert_type="something_new"}');
  });

  it('does page for a critical burn rate at once and keep a warning one in #data-costs', async () => {
    const config = await load();
    const burn = { alert_type: 'cost_monitor', finding: 'burn_rate', monitor: 'ACCOUNT_MONTHLY', cycle_start: '2026-11-01T00:00:00.000Z', check: 'burn_rate' };
    const critical = matchRoutes(config, { ...burn, severity: 'critical' });
    expect(critical.map((m) => [m.route, m.receiver])).toEqual([
      ['burn-rate-critical', 'slack-data-costs'],
      ['burn-rate-critical', 'pagerduty-data'],
    ]);
    expect(critical[0]?.timers.groupWaitMs).toBe(0);
    expect(dueOf(config, { ...burn, severity: 'critical' }, friday1745)).toBe('2026-11-27T18:45:00.000Z');
    expect(matchRoutes(config, { ...burn, severity: 'warning' }).map((m) => [m.route, m.receiver])).toEqual([['burn-rate', 'slack-data-costs']]);
  });

  it('does page for a suspending trigger below 100 % and not defer it to business hours', async () => {
    const config = await load();
    const labels = { alert_type: 'cost_monitor', monitor: 'WH_ETL', threshold: '75', severity: 'critical', check: 'resource_monitors' };
    const matched = matchRoutes(config, labels);
    expect(matched.map((m) => [m.route, m.receiver])).toEqual([
      ['cost-suspend', 'slack-data-costs'],
      ['cost-suspend', 'pagerduty-data'],
    ]);
    expect(matched[0]?.deliverDuring).toBeUndefined();
    expect(dueOf(config, labels, friday1745)).toBe(friday1745.toISOString());
    // A notify-only trigger at another percentage and the projected overrun wait for business hours.
    for (const threshold of ['50', 'projected']) {
      const other = matchRoutes(config, { alert_type: 'cost_monitor', monitor: 'WH_ETL', threshold, severity: 'warning' });
      expect(other.map((m) => [m.route, m.receiver, m.deliverDuring])).toEqual([['cost-monitor-other', 'slack-data-costs', 'business_hours']]);
    }
  });

  it('does page for critical security findings and snowmon health, and keep the rest in Slack', async () => {
    const config = await load();
    const route = (labels: Record<string, string>) => matchRoutes(config, labels).map((m) => `${m.route} -> ${m.receiver}`);
    expect(route({ alert_type: 'security', finding: 'service_user_admin', user: 'ETL_SVC', severity: 'critical' })).toEqual([
      'security-critical -> slack-data-alerts',
      'security-critical -> pagerduty-data',
    ]);
    expect(route({ alert_type: 'security', finding: 'password_only_service_user', user: 'ETL_SVC', severity: 'warning' })).toEqual([
      'security -> slack-data-alerts',
    ]);
    expect(route({ alert_type: 'monitor_health', component: 'snowflake', severity: 'critical' })).toEqual([
      'monitor-health-critical -> slack-data-alerts',
      'monitor-health-critical -> pagerduty-data',
    ]);
    expect(route({ alert_type: 'monitor_health', component: 'check', failing_check: 'top_queries', severity: 'warning' })).toEqual([
      'monitor-health -> slack-data-alerts',
    ]);
    expect(route({ alert_type: 'cost_finding', finding: 'runaway_warehouse', warehouse: 'WH_ETL', severity: 'warning' })).toEqual([
      'runaway-warehouse -> slack-data-costs',
    ]);
    expect(route({ alert_type: 'cost_finding', finding: 'idle_warehouse', warehouse: 'WH_ETL', severity: 'warning' })).toEqual([
      'cost-findings -> slack-data-costs',
    ]);
    expect(route({ alert_type: 'source_freshness', source: 'raw.orders' })).toEqual(['source-freshness -> slack-data-alerts']);
  });

  it('does give every alert_type the code raises, at every severity, a route other than the catch-all', async () => {
    const config = await load();
    const types = new Set([
      'pipeline_failure',
      'sla_breach',
      'cost_monitor',
      'dbt_test_failure',
      'source_freshness',
      'security',
      'cost_finding',
      'monitor_health',
      'dbt_runtime_regression',
      'cost_budget',
    ]);
    for (const file of readdirSync('src', { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.startsWith('emulator')) continue;
      for (const [, type] of readFileSync(join('src', file), 'utf8').matchAll(/alert_type: '([a-z_]+)'/g)) types.add(type as string);
    }
    expect(types.size).toBe(10);
    for (const type of types) {
      for (const severity of ['critical', 'warning', 'info']) {
        const [first] = matchRoutes(config, { alert_type: type, severity });
        expect(first?.route, `${type} ${severity}`).not.toBe('fallback');
      }
    }
    // The kinds raised at severity critical today (resource monitors and burn rate, the security audit,
    // snowmon's own health) and SLA breaches page.
    for (const type of ['cost_monitor', 'security', 'monitor_health', 'sla_breach']) {
      expect(
        matchRoutes(config, { alert_type: type, severity: 'critical' }).map((m) => m.receiver),
        type,
      ).toContain('pagerduty-data');
    }
    for (const type of types) {
      for (const severity of ['warning', 'info']) {
        if (type === 'sla_breach') continue;
        expect(
          matchRoutes(config, { alert_type: type, severity }).map((m) => m.receiver),
          `${type} ${severity}`,
        ).not.toContain('pagerduty-data');
      }
    }
  });

  it('does match the README table row for row: channels, business-hours deferral and response times', async () => {
    const config = await load();
    const readme = readFileSync('README.md', 'utf8');
    const table = readme.slice(readme.indexOf('The shipped routing table'), readme.indexOf('A 100 % alert inhibits'));
    const rows = table
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| alert '))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim()),
      );
    const channel = (name: string): string => {
      const receiver = config.receivers[name] as ReceiverConfig | undefined; // the shipped table uses built-ins only
      if (receiver?.type === 'slack') return `Slack ${receiver.channel}`;
      if (receiver?.type === 'pagerduty') return 'PagerDuty';
      if (name === 'email-lead') return 'email to lead';
      return name;
    };
    const minutes = (ms: number): string => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} hour${ms === 3_600_000 ? '' : 's'}` : `${ms / 60_000} min`);
    const response = (route: (typeof config.routes)[number]): string => {
      const r = route.response;
      if (r === undefined) return 'none';
      if (r.kind === 'immediate') return 'immediate';
      if (r.kind === 'by') return r.by.replaceAll('_', ' ');
      return `${minutes(r.withinMs)}${r.clock === 'business_hours' ? ' during business hours' : ''}`;
    };
    const fromFile = config.routes.map((route) => [
      route.notify.map(channel).join(' + ') + (route.deliverDuring === 'business_hours' ? ' (business hours)' : ''),
      response(route),
    ]);
    expect(rows.map(([, ch, resp]) => [ch, resp])).toEqual(fromFile);
  });

  it('does describe every route with its receivers and response', async () => {
    const text = describeRoutes(await load());
    expect(text).toContain('cost-100-suspend');
    expect(text).toContain('response immediate');
  });
});
