import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { alertmanagerConfig, formatDuration, UNROUTED_RECEIVER } from '../../../bench/alertmanager/alertmanager-config.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { matchingRoutes } from '../../../src/router/route-tree.js';

const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-dummy',
  PD_ROUTING_KEY: 'pd-dummy',
  DATA_LEAD_EMAIL: 'lead@example.com',
  SNOWMON_EMAIL_FROM: 'snowmon@example.com',
  SMTP_HOST: 'smtp.example.com',
  SMTP_USER: 'snowmon',
  SMTP_PASSWORD: 'smtp-dummy',
};
const webhookUrl = (receiver: string) => `http://127.0.0.1:9/am/${receiver}`;
const dir = mkdtempSync(join(tmpdir(), 'snowmon-amconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface AmRoute {
  receiver: string;
  matchers: string[];
  group_by: string[];
  group_wait: string;
  group_interval: string;
  repeat_interval: string;
  continue: boolean;
  active_time_intervals?: string[];
}

describe('alertmanagerConfig', () => {
  it('does keep route order, matchers, group_by, timers and inhibit rules when translating the shipped table', async () => {
    const routing = await loadRouting('config/routing.yaml', ENV);
    const { yaml, receiverOfRoute, notes } = alertmanagerConfig(routing, { webhookUrl });
    const am = parse(yaml) as {
      route: { receiver: string; routes: AmRoute[] };
      receivers: { name: string; webhook_configs?: { url: string; send_resolved: boolean }[] }[];
      inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
      time_intervals: { name: string; time_intervals: Record<string, unknown>[] }[];
    };
    expect(am.route.receiver).toBe(UNROUTED_RECEIVER);
    expect(am.route.routes.map((r) => r.receiver)).toEqual(routing.routes.map((r) => `snowmon-route-${r.name}`));
    const cost100 = am.route.routes.find((r) => r.receiver === 'snowmon-route-cost-100-suspend');
    expect(cost100).toEqual({
      receiver: 'snowmon-route-cost-100-suspend',
      matchers: ['alert_type="cost_monitor"', 'threshold="100"'],
      group_by: ['alert_type', 'monitor'],
      group_wait: '0s',
      group_interval: '5m',
      repeat_interval: '4h',
      continue: false,
    });
    const cost75 = am.route.routes.find((r) => r.receiver === 'snowmon-route-cost-75');
    expect(cost75?.active_time_intervals).toEqual(['business_hours']);
    expect(cost75?.repeat_interval).toBe('24h');
    const receiver = am.receivers.find((r) => r.name === receiverOfRoute['cost-90']);
    expect(receiver?.webhook_configs).toEqual([
      { url: 'http://127.0.0.1:9/am/slack-data-costs', send_resolved: true, max_alerts: 0 },
      { url: 'http://127.0.0.1:9/am/email-lead', send_resolved: false, max_alerts: 0 },
    ]);
    expect(am.inhibit_rules[0]).toEqual({
      source_matchers: ['alert_type="cost_monitor"', 'threshold="100"'],
      target_matchers: ['alert_type="cost_monitor"', 'threshold=~"75|90"'],
      equal: ['monitor'],
    });
    expect(am.time_intervals).toEqual([
      {
        name: 'business_hours',
        time_intervals: [{ times: [{ start_time: '09:00', end_time: '18:00' }], weekdays: ['monday:friday'], location: 'Europe/London' }],
      },
    ]);
    expect(notes).toContain('route cost-75: deliver_during business_hours becomes active_time_intervals, which drops (snowmon defers)');
    expect(notes.some((n) => n.startsWith('holidays (3)'))).toBe(true);
  });

  it('does keep a nested tree nested, with its mute intervals, so AM matches it the same way', async () => {
    const routing = await loadRouting('test/fixtures/routing/alertmanager-tree.yaml', {});
    const { yaml } = alertmanagerConfig(routing, { webhookUrl });
    type Node = AmRoute & { routes?: Node[]; mute_time_intervals?: string[] };
    const am = parse(yaml) as { route: { routes: Node[] }; time_intervals: { name: string }[] };
    const [root] = am.route.routes;
    expect(root?.receiver).toBe('snowmon-route-route');
    expect(root?.routes?.map((r) => r.receiver)).toEqual([
      'snowmon-route-route.routes[0]',
      'snowmon-route-route.routes[1]',
      'snowmon-route-route.routes[2]',
      'snowmon-route-route.routes[3]',
      'snowmon-route-route.routes[4]',
    ]);
    expect(root?.routes?.[3]?.routes?.map((r) => [r.matchers, r.continue, r.group_by])).toEqual([
      [['owner="team-X"'], true, ['alertname', 'cluster', 'database']],
      [['owner="team-Y"'], false, ['alertname', 'cluster', 'database']],
    ]);
    expect(root?.routes?.[4]?.mute_time_intervals).toEqual(['weekends']);
    expect(am.time_intervals.map((t) => t.name)).toEqual(['weekends']);
  });

  it('does route every sample alert to the same routes as snowmon when amtool is installed', async (context) => {
    const amtool = spawnSync('sh', ['-c', 'command -v amtool'], { encoding: 'utf8' });
    if (amtool.status !== 0) {
      context.skip('amtool not installed (apt-get install prometheus-alertmanager)');
      return;
    }
    const routing = await loadRouting('config/routing.yaml', ENV);
    const { yaml, receiverOfRoute } = alertmanagerConfig(routing, { webhookUrl });
    const file = join(dir, 'alertmanager.yml');
    writeFileSync(file, yaml);
    const check = spawnSync('amtool', ['check-config', file], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const samples: Record<string, string>[] = [
      { alert_type: 'cost_monitor', threshold: '100', monitor: 'M' },
      { alert_type: 'cost_monitor', threshold: '90', monitor: 'M' },
      { alert_type: 'cost_monitor', threshold: '75', monitor: 'M' },
      { alert_type: 'sla_breach', sla: 'daily' },
      { alert_type: 'pipeline_failure', pipeline: 'etl' },
      { alert_type: 'dbt_test_failure', model: 'orders' },
      { alert_type: 'security', user: 'SVC' },
      { alert_type: 'security', user: 'SVC', severity: 'critical' },
      { alert_type: 'cost_monitor', monitor: 'M', finding: 'burn_rate', severity: 'critical' },
      { alert_type: 'cost_monitor', monitor: 'M', threshold: '95', severity: 'critical' },
      { alert_type: 'monitor_health', component: 'snowflake', severity: 'critical' },
      { alert_type: 'something_new' },
    ];
    for (const labels of samples) {
      const args = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
      const out = spawnSync('amtool', ['config', 'routes', 'test', `--config.file=${file}`, ...args], { encoding: 'utf8' });
      expect(out.status, out.stderr).toBe(0);
      const expected = matchingRoutes(routing, labels)
        .map((r) => receiverOfRoute[r.name])
        .join(',');
      expect(out.stdout.trim()).toBe(expected);
    }
  });
});

describe('formatDuration', () => {
  it('does pick the largest unit that divides the duration', () => {
    expect([0, 1000, 1500, 300_000, 14_400_000, 90_000].map(formatDuration)).toEqual(['0s', '1s', '1500ms', '5m', '4h', '90s']);
  });

  it('does refuse a negative or fractional duration', () => {
    expect(() => formatDuration(-1)).toThrow('duration -1 ms is not a whole non-negative number');
    expect(() => formatDuration(1.5)).toThrow('not a whole');
  });
});
