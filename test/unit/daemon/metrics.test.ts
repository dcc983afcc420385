import { describe, expect, it } from 'vitest';
import { register as globalRegistry } from 'prom-client';
import { createMetrics } from '../../../src/daemon/metrics.js';

async function value(metrics: ReturnType<typeof createMetrics>, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) return undefined;
  const data = await metric.get();
  const hit = data.values.find(
    (v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l) && Object.keys(labels).length === Object.keys(v.labels).filter((k) => k !== 'le').length,
  );
  return hit?.value;
}

describe('createMetrics', () => {
  it('does count check runs and observe durations by check and status when runs are recorded', async () => {
    const m = createMetrics({ processMetrics: false });
    m.recordCheckRun('resource_monitors', 'ok', 0.4);
    m.recordCheckRun('resource_monitors', 'ok', 1.5);
    m.recordCheckRun('top_queries', 'timeout', 300);
    expect(await value(m, 'snowmon_check_runs_total', { check: 'resource_monitors', status: 'ok' })).toBe(2);
    expect(await value(m, 'snowmon_check_runs_total', { check: 'top_queries', status: 'timeout' })).toBe(1);
    const text = await m.registry.metrics();
    expect(text).toContain('snowmon_check_duration_seconds_sum{check="resource_monitors",status="ok"} 1.9');
    expect(text).toContain('snowmon_check_duration_seconds_bucket{le="0.5",check="resource_monitors",status="ok"} 1');
  });

  it('does set alerts firing per type and zero a type when it is no longer reported', async () => {
    const m = createMetrics({ processMetrics: false });
    m.setAlertsFiring({ cost_monitor: 3, security: 1 });
    m.setAlertsFiring({ cost_monitor: 2 });
    expect(await value(m, 'snowmon_alerts_firing', { alert_type: 'cost_monitor' })).toBe(2);
    expect(await value(m, 'snowmon_alerts_firing', { alert_type: 'security' })).toBe(0);
  });

  it('does read the firing counts when scraped, once per scrape, and keep the last ones when the read fails', async () => {
    let reads = 0;
    let answer: () => Promise<Record<string, number>> = async () => ({ cost_monitor: 3, security: 1 });
    const m = createMetrics({
      processMetrics: false,
      alertsFiring: () => {
        reads += 1;
        return answer();
      },
    });
    expect(reads).toBe(0);
    expect(await m.registry.metrics()).toContain('snowmon_alerts_firing{alert_type="security"} 1');
    expect(reads).toBe(1);
    answer = async () => ({ cost_monitor: 2 });
    expect(await value(m, 'snowmon_alerts_firing', { alert_type: 'security' })).toBe(0);
    answer = async () => Promise.reject(new Error('store down'));
    expect(await value(m, 'snowmon_alerts_firing', { alert_type: 'cost_monitor' })).toBe(2);
  });

  it('does count notifications, statements, errors and set self-cost when recorded', async () => {
    const m = createMetrics({ processMetrics: false });
    m.recordNotification('slack-costs', 'sent');
    m.recordNotification('slack-costs', 'retried');
    m.recordNotification('slack-costs', 'sent');
    m.recordStatement('top_queries', false);
    m.recordStatement('top_queries', true);
    m.setSelfCostCredits(0.017);
    expect(await value(m, 'snowmon_notifications_total', { receiver: 'slack-costs', result: 'sent' })).toBe(2);
    expect(await value(m, 'snowmon_snowflake_statements_total', { check: 'top_queries' })).toBe(2);
    expect(await value(m, 'snowmon_snowflake_statement_errors_total', { check: 'top_queries' })).toBe(1);
    expect(await value(m, 'snowmon_self_cost_credits')).toBe(0.017);
  });

  it('does expose leadership and the last successful run of each job when recorded', async () => {
    const m = createMetrics({ processMetrics: false });
    m.setLeader(true);
    m.recordJobSuccess('free_loop', new Date('2026-11-22T12:00:00Z'));
    expect(await value(m, 'snowmon_leader')).toBe(1);
    expect(await value(m, 'snowmon_job_last_success_timestamp_seconds', { job: 'free_loop' })).toBe(Date.parse('2026-11-22T12:00:00Z') / 1000);
    m.setLeader(false);
    expect(await value(m, 'snowmon_leader')).toBe(0);
  });

  it('does show which configured accounts this replica holds, and how many, as they change', async () => {
    const m = createMetrics({ processMetrics: false });
    m.setAccountsHeld(['prod', 'dev'], ['prod', 'dev', 'stage']);
    m.setAccountsHeld(['dev'], ['prod', 'dev', 'stage']);
    expect(await value(m, 'snowmon_account_held', { account: 'prod' })).toBe(0);
    expect(await value(m, 'snowmon_account_held', { account: 'dev' })).toBe(1);
    expect(await value(m, 'snowmon_account_held', { account: 'stage' })).toBe(0);
    expect(await value(m, 'snowmon_accounts_held')).toBe(1);
  });

  it('does read the outbox once per scrape and expose depth and oldest age when a callback is given', async () => {
    let reads = 0;
    const m = createMetrics({
      processMetrics: false,
      outboxStats: async () => {
        reads++;
        return { depth: 7, oldestAgeSeconds: 42 };
      },
    });
    const text = await m.registry.metrics();
    expect(text).toContain('snowmon_outbox_depth 7');
    expect(text).toContain('snowmon_outbox_oldest_age_seconds 42');
    expect(reads).toBe(1);
  });

  it('does include process metrics on its own registry and leave the global registry empty', async () => {
    const m = createMetrics();
    expect(await m.registry.metrics()).toContain('snowmon_process_cpu_user_seconds_total');
    expect(globalRegistry.getSingleMetric('snowmon_check_runs_total')).toBeUndefined();
    // Two instances do not collide (a global registry would throw "already registered").
    expect(() => createMetrics()).not.toThrow();
  });
});
