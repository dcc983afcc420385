import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeAlertRoute } from '../../../src/router/describe-alert-route.js';
import { describeRoutes } from '../../../src/router/describe-routes.js';
import { loadRouting } from '../../../src/router/load-routing.js';

describe('describeRoutes', () => {
  it('does print routes in order with receivers, timers, windows, intervals, inhibitions and silences', async () => {
    const file = 'test/fixtures/routing/valid-everything.yaml';
    const text = describeRoutes(await loadRouting(file, {}));
    expect(text).toBe(
      [
        `routes (${resolve(file)}, time zone Europe/London; first match wins unless continue):`,
        '  1. everything: {severity=~"page|critical",team!="none"} (continue)',
        '     notify console (console)',
        '     group by ... (every label); wait 10s, interval 5m, repeat 4h',
        '     deliver during weekends (deferred outside, never dropped)',
        '     send resolved on (route override)',
        '  2. fallback: catch-all',
        '     notify hook (slack_webhook), mail (email ops@example.com)',
        '     group by (nothing); wait 10s, interval 5m, repeat 4h',
        '     escalate after due + 30m if unresolved: console',
        'time intervals:',
        '  weekends: saturday,sunday all day Europe/London',
        '  month_end: days -3:-1 january:march,december years 2026:2027 00:00-24:00 America/New_York',
        'holidays: (none)',
        'inhibit rules:',
        '  inhibit_rules[0]: firing {severity="critical"} mutes {severity="warning"} with equal warehouse',
        'config silences:',
        '  config-1: {warehouse="SANDBOX_WH"} always (sandbox is noisy)',
        '  xmas-freeze: {alert_type="cost_finding"} 2026-12-24T18:00:00.000Z to 2026-12-26T23:00:00.000Z',
      ].join('\n'),
    );
    expect(text).not.toContain('canary');
  });
});

describe('describeAlertRoute', () => {
  it('does show receivers, group key, deferral and due time for one alert', async () => {
    const env = {
      SLACK_BOT_TOKEN: 'x',
      PD_ROUTING_KEY: 'x',
      DATA_LEAD_EMAIL: 'lead@example.com',
      SNOWMON_EMAIL_FROM: 's@example.com',
      SMTP_HOST: 'h',
      SMTP_USER: 'u',
      SMTP_PASSWORD: 'p',
    };
    const config = await loadRouting('config/routing.yaml', env);
    const text = describeAlertRoute(config, { alert_type: 'cost_monitor', monitor: 'M', threshold: '75' }, new Date('2026-11-28T10:00:00Z'));
    expect(text).toBe(
      [
        'alert alert_type="cost_monitor", monitor="M", threshold="75" at 2026-11-28T10:00:00.000Z:',
        '  cost-75 -> slack-data-costs: deferred: outside business_hours, opens 2026-11-30T09:00:00.000Z',
        '    group {}/{alert_type="cost_monitor",threshold="75"}:{alert_type="cost_monitor", monitor="M"}',
        '    response due 2026-11-30T18:00:00.000Z if it fired now',
      ].join('\n'),
    );
  });
});
