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
      'pipeline-failure', 'sla-breach', 'cost-100-suspend', 'cost-90', 'cost-75', 'dbt-test-failure', 'fallback',
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
    const labels = { alert_type: 'dbt_test_failure', model: 'customers', test: 'not_null_customers_id' };
    expect(matchRoutes(config, labels).map((m) => m.receiver)).toEqual(['slack-data-quality']);
    expect(config.receivers['slack-data-quality']).toMatchObject({ channel: '#data-quality' });
    expect(dueOf(config, labels, friday1745)).toBe('2026-11-27T18:45:00.000Z');
  });

  it('does send anything else to the catch-all with the default timers', async () => {
    const config = await load();
    const matched = matchRoutes(config, { alert_type: 'security', user: 'ADMIN' });
    expect(matched).toMatchObject([{ route: 'fallback', receiver: 'slack-data-alerts', timers: { groupWaitMs: 30_000, groupIntervalMs: 300_000, repeatIntervalMs: 14_400_000 } }]);
    expect(groupKey(config, 'fallback', groupLabels(['alert_type'], { alert_type: 'security', user: 'ADMIN' }))).toBe(
      '{}/{}:{alert_type="security"}',
    );
  });

  it('does describe every route with its receivers and response', async () => {
    const text = describeRoutes(await load());
    expect(text).toContain('cost-100-suspend');
    expect(text).toContain('response immediate');
  });
});
