/**
 * `snowmon route-test` against the shipped config/routing.yaml (dummy values for its environment
 * variables): each row of DESIGN §6's table goes to its channels, at the time and with the response due
 * time the table promises, and the message text is printed.
 */

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/route-test.js';
import { captureCli } from './capture-cli.js';

const ROUTING_ENV: Record<string, string> = {
  SLACK_BOT_TOKEN: 'xoxb-canary-route-test',
  PD_ROUTING_KEY: 'canary-pd-key',
  DATA_LEAD_EMAIL: 'lead@example.com',
  SNOWMON_EMAIL_FROM: 'snowmon@example.com',
  SMTP_HOST: 'smtp.example.com',
  SMTP_USER: 'snowmon',
  SMTP_PASSWORD: 'canary-smtp-pass',
};
/** Friday 17:45 in London (UTC in November), fifteen minutes before business hours end. */
const FRIDAY_1745 = '2026-11-20T17:45:00Z';

let folder: string;
let config: string;
beforeAll(() => {
  Object.assign(process.env, ROUTING_ENV);
  folder = mkdtempSync(join(tmpdir(), 'snowmon-route-test-'));
  config = join(folder, 'snowmon.yaml');
  writeFileSync(config, 'runbooks:\n  dbt_test_failure: "Ask #data-quality who owns the model."\n');
});
afterAll(() => {
  for (const name of Object.keys(ROUTING_ENV)) delete process.env[name];
});

async function routeTest(...argv: string[]) {
  const result = await captureCli(run, [...argv, '--config', config]);
  expect(result.stdout + result.stderr).not.toContain('canary');
  return result;
}

/** The `route -> receiver: ...` lines of the first-delivery section. */
function deliveries(stdout: string): string[] {
  const section = stdout.split('first delivery:\n')[1] ?? '';
  return section.split('\n\n')[0]?.split('\n').filter(Boolean) ?? [];
}

describe('snowmon route-test with the shipped routing table (DESIGN §6)', () => {
  it('does send a pipeline failure to #data-alerts with 30 business minutes to respond', async () => {
    const { code, stdout } = await routeTest('alert_type=pipeline_failure', 'pipeline=daily_build', '--at', FRIDAY_1745);
    expect(code).toBe(0);
    expect(stdout).toContain('  pipeline-failure -> slack-data-alerts: deliver now\n');
    expect(stdout).toContain('    response due 2026-11-23T09:15:00.000Z if it fired now\n');
    expect(deliveries(stdout)).toEqual(['  pipeline-failure -> slack-data-alerts: 2026-11-20T17:45:30.000Z (Fri 20 Nov 17:45 GMT, after group_wait 30s)']);
    expect(stdout).toContain('Respond by Mon 23 Nov 09:15 GMT\n');
    expect(stdout).toContain('What to do: A model failed: read the error, fix it, and re-run from the failed node; downstream models were skipped.\n');
  });

  it('does send an SLA breach to #data-alerts and PagerDuty at once with 15 minutes to respond', async () => {
    const { stdout } = await routeTest('alert_type=sla_breach', 'pipeline=daily_revenue', 'reason=late', '--at', FRIDAY_1745);
    expect(deliveries(stdout)).toEqual([
      '  sla-breach -> slack-data-alerts: 2026-11-20T17:45:00.000Z (Fri 20 Nov 17:45 GMT, after group_wait 0s)',
      '  sla-breach -> pagerduty-data: 2026-11-20T17:45:00.000Z (Fri 20 Nov 17:45 GMT, after group_wait 0s)',
    ]);
    expect(stdout).toContain('    response due 2026-11-20T18:00:00.000Z if it fired now\n');
    expect(stdout).toContain('message (route sla-breach, to slack-data-alerts, pagerduty-data):\n');
  });

  it('does send a 75 % cost monitor to #data-costs, due by the end of the next business day', async () => {
    const { stdout } = await routeTest('alert_type=cost_monitor', 'threshold=75', 'monitor=ACCOUNT_MONTHLY', '--at', FRIDAY_1745);
    expect(deliveries(stdout)).toEqual(['  cost-75 -> slack-data-costs: 2026-11-20T17:45:30.000Z (Fri 20 Nov 17:45 GMT, after group_wait 30s)']);
    expect(stdout).toContain('    response due 2026-11-23T18:00:00.000Z if it fired now\n');
  });

  it('does defer a 75 % cost monitor that fires after hours to the next business morning', async () => {
    const { stdout } = await routeTest('alert_type=cost_monitor', 'threshold=75', 'monitor=ACCOUNT_MONTHLY', '--at', '2026-11-20T18:30:00Z');
    expect(stdout).toContain('  cost-75 -> slack-data-costs: deferred: outside business_hours, opens 2026-11-23T09:00:00.000Z\n');
    expect(deliveries(stdout)).toEqual([
      '  cost-75 -> slack-data-costs: deferred to 2026-11-23T09:00:00.000Z (Mon 23 Nov 09:00 GMT), when business_hours opens (group_wait 30s)',
    ]);
  });

  it('does send a 90 % cost monitor to #data-costs and the lead by email, due the same day, with the message', async () => {
    const { code, stdout, stderr } = await routeTest('alert_type=cost_monitor', 'threshold=90', 'monitor=ACCOUNT_MONTHLY', '--at', FRIDAY_1745);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const group = '{}/{alert_type="cost_monitor",threshold="90"}:{alert_type="cost_monitor", monitor="ACCOUNT_MONTHLY"}';
    expect(stdout).toBe(
      [
        'alert alert_type="cost_monitor", threshold="90", monitor="ACCOUNT_MONTHLY" at 2026-11-20T17:45:00.000Z:',
        '  cost-90 -> slack-data-costs: deliver now',
        `    group ${group}`,
        '    response due 2026-11-20T18:00:00.000Z if it fired now',
        '  cost-90 -> email-lead: deliver now',
        `    group ${group}`,
        '    response due 2026-11-20T18:00:00.000Z if it fired now',
        '  (inhibit rules and runtime silences depend on other alerts and the store; route-test does not apply them)',
        '',
        'first delivery:',
        '  cost-90 -> slack-data-costs: 2026-11-20T17:45:30.000Z (Fri 20 Nov 17:45 GMT, after group_wait 30s)',
        '  cost-90 -> email-lead: 2026-11-20T17:45:30.000Z (Fri 20 Nov 17:45 GMT, after group_wait 30s)',
        '',
        'message (route cost-90, to slack-data-costs, email-lead):',
        '🟡 [WARNING] test alert alert_type=cost_monitor, monitor=ACCOUNT_MONTHLY, threshold=90',
        'New: 1 of 1 alert firing (first notification).',
        'Respond by Fri 20 Nov 18:00 GMT',
        '',
        'Severity: warning',
        'Status: firing',
        'alert_type: cost_monitor',
        'monitor: ACCOUNT_MONTHLY',
        'Started: Fri 20 Nov 17:45 GMT',
        '',
        '- [firing] test alert alert_type=cost_monitor, monitor=ACCOUNT_MONTHLY, threshold=90 (firing since Fri 20 Nov 17:45 GMT)',
        '',
        'What to do: Spend is ahead of plan: look at the top warehouses and queries this cycle (listed below); right-size or reschedule.',
        '',
        `route cost-90 · group ${group} · first notification`,
        '',
      ].join('\n'),
    );
  });

  it('does page for a 100 % cost monitor with an immediate response', async () => {
    const { stdout } = await routeTest('alert_type=cost_monitor', 'threshold=100', 'monitor=ACCOUNT_MONTHLY', 'severity=critical', '--at', FRIDAY_1745);
    expect(deliveries(stdout)).toEqual([
      '  cost-100-suspend -> slack-data-costs: 2026-11-20T17:45:00.000Z (Fri 20 Nov 17:45 GMT, after group_wait 0s)',
      '  cost-100-suspend -> pagerduty-data: 2026-11-20T17:45:00.000Z (Fri 20 Nov 17:45 GMT, after group_wait 0s)',
    ]);
    expect(stdout).toContain('    response due 2026-11-20T17:45:00.000Z if it fired now\n');
    expect(stdout).toContain('🔴 [CRITICAL] ');
    expect(stdout).toContain('Respond now (was due Fri 20 Nov 17:45 UTC)\n');
    expect(stdout).toContain('What to do: The credit limit was hit and warehouses are suspended');
  });

  it('does send a dbt test failure to #data-quality with an hour to respond and the configured runbook', async () => {
    const { stdout } = await routeTest(
      'alert_type=dbt_test_failure',
      'pipeline=nightly',
      'node=test.shop.unique_customers_id.0123456789',
      '--at',
      FRIDAY_1745,
      '--summary',
      'unique_customers_id failed',
    );
    expect(deliveries(stdout)).toEqual(['  dbt-test-failure -> slack-data-quality: 2026-11-20T17:45:30.000Z (Fri 20 Nov 17:45 GMT, after group_wait 30s)']);
    expect(stdout).toContain('    response due 2026-11-20T18:45:00.000Z if it fired now\n');
    expect(stdout).toContain('🟡 [WARNING] unique_customers_id failed\n');
    expect(stdout).toContain('What to do: Ask #data-quality who owns the model.\n');
  });

  it('does route a dbt alert by its channel and owner, list dbt labels in its help, and note labels snowmon never sets', async () => {
    const routed = await routeTest(
      'alert_type=pipeline_failure',
      'pipeline=nightly',
      'node=model.shop.stg_orders',
      'owner=data_ops_team',
      'channel=#data-ops',
      'severity=critical',
      '--at',
      FRIDAY_1745,
    );
    expect(routed.code).toBe(0);
    expect(routed.stderr).toBe('');
    expect(deliveries(routed.stdout)).toEqual([
      '  dbt-channel-data-ops -> slack-data-ops: 2026-11-20T17:45:30.000Z (Fri 20 Nov 17:45 GMT, after group_wait 30s)',
      '  pipeline-failure -> slack-data-alerts: 2026-11-20T17:45:30.000Z (Fri 20 Nov 17:45 GMT, after group_wait 30s)',
    ]);
    const help = await routeTest('--help');
    expect(help.stdout).toContain('  pipeline_failure        pipeline, node, owner, channel, finding\n');
    expect(help.stdout).toContain('  sla_breach              pipeline, reason, finding\n');
    expect(help.stdout).toContain(
      '  snowmon route-test alert_type=dbt_runtime_regression pipeline=nightly node=model.shop.orders owner=alice@shop.io severity=info\n',
    );
    // `model` is Elementary's vocabulary, not a label snowmon sets: a route on it would never match.
    const foreign = await routeTest('alert_type=dbt_test_failure', 'model=customers', '--at', FRIDAY_1745);
    expect(foreign.code).toBe(0);
    expect(foreign.stderr).toBe(
      'note: snowmon\'s dbt_test_failure alerts never carry "model" (they carry pipeline, node, owner, channel, finding, besides alert_type, check, severity, account): a matcher on it never matches them\n',
    );
    // The organization view's organization-wide alerts (several accounts) carry `organization`, not `account`.
    const organization = await routeTest('alert_type=cost_budget', 'budget=organization', 'threshold=90', 'organization=myorg-hq', '--at', FRIDAY_1745);
    expect([organization.code, organization.stderr]).toEqual([0, '']);
    expect(help.stdout).toContain('  cost_budget             budget, owner, team, threshold, cycle_start, organization\n');
    const unknown = await routeTest('alert_type=dbt_failure', '--at', FRIDAY_1745);
    expect(unknown.stderr.split('\n')[0]).toMatch(/^note: alert_type "dbt_failure" is not one snowmon raises \(cost_monitor, .*, dbt_runtime_regression\)$/);
  });

  it('does send anything else to the catch-all route', async () => {
    const { stdout } = await routeTest('alert_type=something_new', 'user=ETL_SVC', '--at', FRIDAY_1745);
    expect(deliveries(stdout)).toEqual(['  fallback -> slack-data-alerts: 2026-11-20T17:45:30.000Z (Fri 20 Nov 17:45 GMT, after group_wait 30s)']);
  });

  it('does exit 2 naming the problem for bad labels or a time without a zone, and route with receiver variables unset', async () => {
    const bad = await routeTest('alert_type');
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe('invalid label "alert_type": expected name="value" with =, !=, =~ or !~');
    const regex = await routeTest('alert_type=~"x.*"');
    expect(regex.stderr.split('\n')[0]).toBe('invalid label "alert_type=~\\"x.*\\"": labels are name=value pairs, not =~ matchers');
    const twice = await routeTest('a=1', 'a=2');
    expect(twice.stderr.split('\n')[0]).toBe('label a is given twice');
    const zoneless = await routeTest('alert_type=x', '--at', '2026-11-20T17:45');
    expect(zoneless.stderr.split('\n')[0]).toBe('--at: invalid time "2026-11-20T17:45" (expected ISO 8601 with a zone, e.g. 2026-11-20T17:45:00Z)');
    delete process.env.PD_ROUTING_KEY;
    try {
      // It sends nothing, so an unset secret is a note, not an error.
      const unset = await routeTest('alert_type=sla_breach', 'pipeline=orders');
      expect(unset.code).toBe(0);
      expect(unset.stderr).toMatch(
        /config\/routing\.yaml:37: receivers\.pagerduty-data\.routing_key: environment variable PD_ROUTING_KEY is not set \(SM105\)\n$/,
      );
      expect(unset.stdout).toContain('sla-breach -> pagerduty-data');
    } finally {
      process.env.PD_ROUTING_KEY = ROUTING_ENV.PD_ROUTING_KEY;
    }
  });

  it('does print JSON and verify the receivers reached, exiting 1 when they differ (amtool --verify.receivers)', async () => {
    const json = await routeTest(
      'alert_type=sla_breach',
      'pipeline=orders',
      '--at',
      FRIDAY_1745,
      '--format',
      'json',
      '--verify-receivers',
      'slack-data-alerts,pagerduty-data',
    );
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      receivers: string[];
      verified: boolean;
      routes: { route: string; first_delivery: string }[];
      missing_env: string[];
    };
    expect(report.receivers).toEqual(['slack-data-alerts', 'pagerduty-data']);
    expect(report.verified).toBe(true);
    expect(report.routes[0]).toMatchObject({ route: 'sla-breach', first_delivery: '2026-11-20T17:45:00.000Z' });
    expect(report.missing_env).toEqual([]);
    const order = await routeTest('alert_type=sla_breach', 'pipeline=orders', '--verify-receivers', 'pagerduty-data,slack-data-alerts');
    expect(order.code).toBe(1);
    expect(order.stderr).toContain('expected receivers pagerduty-data,slack-data-alerts did not match the receivers reached: slack-data-alerts,pagerduty-data');
    const text = await routeTest('alert_type=something_new', '--verify-receivers', 'slack-data-alerts');
    expect(text.code).toBe(0);
    const usage = await routeTest('alert_type=x', '--format', 'yaml');
    expect(usage.code).toBe(2);
  });

  it('does answer as amtool for an Alertmanager route: tree given as-is, with no receiver secret set', async () => {
    const tree = 'test/fixtures/routing/alertmanager-tree.yaml';
    const both = await routeTest('service=database', 'owner=team-X', '--routing', tree, '--verify-receivers', 'audit,team-X-pager');
    expect(both.code).toBe(0);
    expect(both.stdout).toContain('route.routes[3].routes[0] -> team-X-pager');
    const root = await routeTest('service=other', '--routing', tree, '--format', 'json');
    expect((JSON.parse(root.stdout) as { receivers: string[] }).receivers).toEqual(['default-receiver']);
    const wrong = await routeTest('owner=me', '--routing', tree, '--verify-receivers', 'audit,default-receiver');
    expect(wrong.code).toBe(1);
    // Saturday noon UTC: the weekends mute interval drops it.
    const muted = await routeTest('service=batch', 'env=staging', '--routing', tree, '--at', '2026-11-21T12:00:00Z');
    expect(deliveries(muted.stdout)).toEqual([
      '  route.routes[4] -> quiet: dropped at 2026-11-21T12:00:30.000Z (Sat 21 Nov 12:00 UTC): muted by time interval weekends, as Alertmanager drops (group_wait 30s)',
    ]);
  });
});

describe('snowmon route-test in fleet mode', () => {
  it('does group by account when several are watched, and name the account in the message', async () => {
    const fleet = join(folder, 'fleet.yaml');
    writeFileSync(fleet, 'accounts:\n  - name: prod\n    account: myorg-prod\n    labels: { team: core }\n  - name: dev\n    account: myorg-dev\n');
    const labels = ['alert_type=pipeline_failure', 'pipeline=daily_build', 'account=prod', 'team=core', '--at', FRIDAY_1745];
    const json = await captureCli(run, [...labels, '--format', 'json', '--config', fleet]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { routes: { route: string; group_key: string }[] };
    expect(report.routes.map((r) => r.group_key)).toEqual([
      '{}/{alert_type="pipeline_failure"}:{account="prod", alert_type="pipeline_failure", pipeline="daily_build"}',
    ]);
    const text = await captureCli(run, [...labels, '--config', fleet]);
    expect(text.stderr).not.toContain('never carry');
    expect(text.stdout).toContain('myorg-prod');
    // One account: the routing table groups as written.
    const single = await captureCli(run, [...labels, '--format', 'json', '--config', config]);
    expect((JSON.parse(single.stdout) as { routes: { group_key: string }[] }).routes[0]?.group_key).not.toContain('account=');
  });

  it('does need none of the Snowflake or store secrets (unset variables, unreadable files), but still refuses an unset variable it reads', async () => {
    const fleet = join(folder, 'fleet-secrets.yaml');
    const text = (label: string) =>
      'snowflake:\n  user: SNOWMON_SVC\n  password: ${SNOWMON_ROUTE_TEST_UNSET_PW}\n' +
      'accounts:\n  - name: prod\n    account: myorg-prod\n' +
      `    labels: { team: "${label}" }\n` +
      `  - name: dev\n    account: myorg-dev\n    private_key_file: ${folder}/none.p8\n    private_key_passphrase_file: ${folder}/missing.pass\n` +
      'store:\n  url: ${SNOWMON_ROUTE_TEST_UNSET_DB}\n';
    writeFileSync(fleet, text('core'));
    const labels = ['alert_type=pipeline_failure', 'pipeline=daily_build', 'account=prod', '--at', FRIDAY_1745, '--config', fleet];
    const ok = await captureCli(run, [...labels, '--verify-receivers', 'slack-data-alerts']);
    expect([ok.code, ok.stderr]).toEqual([0, "note: added account prod's labels, as its alerts carry them: team=core\n"]);
    expect(ok.stdout).toContain('myorg-prod');
    // A label's variable is part of what routes: unset, it is an error (exit 2) naming file, line, key and variable.
    writeFileSync(fleet, text('${SNOWMON_ROUTE_TEST_UNSET_TEAM}'));
    const bad = await captureCli(run, labels);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toBe(`${fleet}:7: accounts[0].labels.team: environment variable SNOWMON_ROUTE_TEST_UNSET_TEAM is not set (SM105)`);
    expect(bad.stderr).not.toMatch(/UNSET_PW|UNSET_DB|missing\.pass/);
  });

  it("does route snowmon's own alerts as the daemon raises them: a delivery failure under its account, a store outage by replica with none", async () => {
    const fleet = join(folder, 'fleet-own.yaml');
    writeFileSync(fleet, 'accounts:\n  - name: prod\n    account: myorg-prod\n    labels: { team: core }\n  - name: dev\n    account: myorg-dev\n');
    const table = join(folder, 'fleet-routing.yaml');
    writeFileSync(
      table,
      [
        'version: 1',
        'receivers: { prod-oncall: { type: console }, accounts: { type: console }, platform: { type: console } }',
        'routes:',
        '  - { name: prod, matchers: [\'account="prod"\'], notify: [prod-oncall] }',
        '  - { name: any-account, matchers: [\'account=~".+"\'], notify: [accounts] }',
        '  - { name: platform, notify: [platform] }',
        '',
      ].join('\n'),
    );
    const args = ['--config', fleet, '--routing', table, '--at', FRIDAY_1745];
    const delivery = await captureCli(run, [
      'alert_type=monitor_health',
      'component=delivery',
      'receiver=slack-data-costs',
      'account=prod',
      ...args,
      '--verify-receivers',
      'prod-oncall',
    ]);
    expect([delivery.code, delivery.stderr]).toEqual([0, "note: added account prod's labels, as its alerts carry them: team=core\n"]);
    const outage = await captureCli(run, [
      'alert_type=monitor_health',
      'component=store',
      'severity=critical',
      'replica=snowmon-0:7:0a1b2c3d',
      ...args,
      '--verify-receivers',
      'platform',
    ]);
    // replica is a label snowmon's monitor_health alerts carry: no note that a route on it never matches.
    expect([outage.code, outage.stderr]).toEqual([0, '']);
    expect(outage.stdout).toContain('platform -> platform');
  });

  it("adds the account's labels, as its alerts carry them, and says when no account has the name", async () => {
    const fleet = join(folder, 'fleet-labels.yaml');
    writeFileSync(fleet, 'accounts:\n  - name: prod\n    account: myorg-prod\n    labels: { team: core, env: prod }\n  - name: dev\n    account: myorg-dev\n');
    const labels = ['alert_type=pipeline_failure', 'pipeline=daily_build', 'env=production-like', '--at', FRIDAY_1745, '--config', fleet];
    const json = await captureCli(run, ['account=prod', ...labels, '--format', 'json']);
    // team comes from accounts[0].labels; env was given, and a given label wins.
    expect((JSON.parse(json.stdout) as { labels: Record<string, string> }).labels).toEqual({
      account: 'prod',
      alert_type: 'pipeline_failure',
      pipeline: 'daily_build',
      env: 'production-like',
      team: 'core',
    });
    const text = await captureCli(run, ['account=prod', ...labels]);
    expect(text.stderr).toContain("note: added account prod's labels, as its alerts carry them: team=core\n");
    const typo = await captureCli(run, ['account=production', ...labels]);
    expect(typo.code).toBe(0);
    expect(typo.stderr).toContain('note: account "production" is not one of the configured accounts (prod, dev): no alert carries it\n');
    expect(typo.stdout).not.toContain('team=');
  });
});
