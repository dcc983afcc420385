/**
 * `snowmon demo` end to end in this process: the emulator starts, the audit runs through the real driver,
 * the terminal report goes to stdout and the HTML report to the named file; then the daemon runs on the
 * accelerated clock and its timeline shows the account budget's 75, 90 and 100 % notifications in order,
 * the warehouses it suspends, monitor_health firing and resolving, and the dbt story (a failed model with
 * its skipped children, a failing test routed to its owner's receiver, a stale source, a missed SLA, then
 * recovery), each sent through the shipped routing table to console receivers under the shipped names.
 */

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../../src/cli/demo.js';
import { captureCli, type CliResult } from './capture-cli.js';

/** Two real dates the demo might be run on: the last evening of a month (which once moved its start) and a summer day. */
const REAL_DATES = ['2026-03-31T22:50:00.000Z', '2027-07-04T12:00:00.000Z'] as const;

/** The daemon's timeline: one line per event, "<emulated time>  <event>". */
function timelineOf(stdout: string): string[] {
  return stdout.slice(stdout.indexOf('emulated time')).split('\n');
}

/**
 * The story a timeline tells: every line, sorted (the emulated-time stamp keeps the order of events;
 * notifications due at the same instant go in outbox order, which is not part of the story), with the
 * figures inside alert texts masked: snowmon's own statements are billed by their real execution time,
 * so credits, rates and the instants projected from them move by fractions between two runs. What
 * happened, when, to which monitor and warehouse, and who was told stays.
 */
function storyOf(stdout: string): string[] {
  return timelineOf(stdout)
    .map((line) => {
      const stamp = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.exec(line)?.[0] ?? '';
      const text = line
        .slice(stamp.length)
        .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z/g, '<instant>')
        .replace(/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{2}:\d{2}( [A-Z]{3,4})?/g, '<instant>')
        .replace(/\d[\d,]*(\.\d+)?/g, '#');
      return stamp + text;
    })
    .sort();
}

describe('snowmon demo', () => {
  const html = join(mkdtempSync(join(tmpdir(), 'snowmon-demo-')), 'report.html');
  const runs: CliResult[] = [];

  // The wall clock (Date only; timers stay real and Date keeps advancing) reads as each real date in turn.
  beforeAll(async () => {
    for (const today of REAL_DATES) {
      vi.useFakeTimers({ now: new Date(today), toFake: ['Date'], shouldAdvanceTime: true });
      try {
        runs.push(await captureCli(run, ['--html', html, '--seed', '3']));
      } finally {
        vi.useRealTimers();
      }
    }
  }, 240_000);
  afterEach(() => {
    vi.useRealTimers();
  });

  it('does tell the same story from the same fixed mid-cycle instant whatever the real date', () => {
    const [first, second] = runs.map((r) => timelineOf(r.stdout));
    // The first notifications, delivered a minute into the first step.
    expect(first?.[1]).toMatch(/^2026-11-16 00:01 {3}\S/);
    expect(second?.[1]).toMatch(/^2026-11-16 00:01 {3}\S/);
    for (const run of runs) {
      for (const event of [
        'ACCOUNT_MONTHLY passed 75 %',
        'ACCOUNT_MONTHLY passed 90 %',
        'ACCOUNT_MONTHLY passed 100 %',
        'warehouse ADHOC_WH suspended',
        'monitor_health firing',
      ]) {
        expect(
          timelineOf(run.stdout).some((line) => line.includes(event)),
          event,
        ).toBe(true);
      }
    }
    expect(storyOf(runs[1]!.stdout)).toEqual(storyOf(runs[0]!.stdout));
  });

  it("does tell the dbt story through the shipped routes: each alert at its owner's or channel's receiver, then resolved by the fixed run", () => {
    const timeline = timelineOf(runs[0]!.stdout);
    const at = (pattern: RegExp): number => timeline.findIndex((line) => pattern.test(line));
    const failedRun = at(/^2026-11-16 04:45 {3}dbt build \(nightly\) failed/);
    const fixedRun = at(/^2026-11-16 09:45 {3}dbt build \(nightly\) re-run after the fix/);
    expect(failedRun, timeline.join('\n')).toBeGreaterThan(0);
    expect(fixedRun).toBeGreaterThan(failedRun);
    const model =
      /model stg_orders failed: Database Error .*; 5 downstream nodes skipped: dim_customers, fct_orders, revenue_daily, not_null_fct_orders_order_id, unique_stg_orders_order_id/;
    const test = /test accepted_values_stg_payments_method failed \(3 failing rows\)/;
    const source = /source raw\.orders is stale: last loaded 1d 3h ago \(error after 24 hours\)/;
    const late = /pipeline nightly is late: no successful run finished before 07:00 Europe\/London on 2026-11-16, nor since/;
    // receiver: the route that sends it there (config/routing.yaml)
    const story: [string, RegExp][] = [
      ['slack-data-ops', model], // dbt-channel-data-ops: the model's meta.channel is #data-ops
      ['slack-data-alerts', model], // pipeline-failure
      ['slack-finance-data', test], // dbt-owner-finance: stg_payments' owner is finance_team
      ['slack-data-quality', test], // dbt-test-failure
      ['slack-data-alerts', source], // source-freshness
      ['slack-data-alerts', late], // sla-breach
      ['pagerduty-data', late],
    ];
    for (const [receiver, alert] of story) {
      const fired = at(new RegExp(`sent firing to ${receiver}: .*${alert.source}`));
      const resolved = at(new RegExp(`sent resolved to ${receiver}: .*${alert.source}`));
      expect(fired, `${receiver} ${alert.source}`).toBeGreaterThan(failedRun);
      expect(fired).toBeLessThan(fixedRun);
      expect(resolved, `${receiver} ${alert.source} resolved`).toBeGreaterThan(fixedRun);
    }
    // The stale source ends with the next freshness check; the SLA breach fires at 07:00, not before.
    expect(timeline[at(new RegExp(`sent firing to pagerduty-data: .*${late.source}`))]).toMatch(/^2026-11-16 07:01/);
    expect(timeline[at(new RegExp(`sent resolved to slack-data-alerts: .*${source.source}`))]).toMatch(/^2026-11-16 10:01/);
    // Unacknowledged by 09:30 (30 min into business hours), the pipeline failure escalated with a mention.
    expect(at(new RegExp(`^2026-11-16 09:3\\d {3}sent escalation to slack-data-alerts: .*${model.source}`))).toBeGreaterThan(failedRun);
  });

  it('does audit the built-in emulator, write the HTML report and show the daemon alerting on an accelerated clock', () => {
    const { code, stdout, stderr } = runs[0] as CliResult;
    expect(code).toBe(0);
    for (const check of ['resource_monitors', 'credits_by_warehouse', 'service_account_audit', 'warehouse_utilization']) {
      expect(stdout).toContain(check);
    }
    expect(stdout).toContain('estimated savings');
    expect(stderr).toMatch(/SNOWMON_WH resumed 1 time/);
    // The audit shows the monitor above 70 %; the daemon part says it set it back, so the two figures agree.
    expect(stdout).toMatch(
      /ACCOUNT_MONTHLY starts at 70\.0 % of \d+ credits \(set back from the audit's [\d.]+ % so the daemon sees it cross 75, 90 and 100 %\)/,
    );
    expect(existsSync(html)).toBe(true);
    const page = readFileSync(html, 'utf8');
    for (const part of [
      'id="criticals"',
      'id="spend"',
      'id="recommendations"',
      '<details class="card check" id="check-warehouse_utilization">',
      'class="hm-cell"',
    ]) {
      expect(page).toContain(part);
    }

    const timeline = timelineOf(stdout);
    const at = (pattern: RegExp): number => timeline.findIndex((line) => pattern.test(line));
    const crossed = [75, 90, 100].map((t) => at(new RegExp(`sent firing to slack-data-costs: .*monitor ACCOUNT_MONTHLY at [\\d.]+% .*\\(passed ${t}%`)));
    expect(
      crossed.every((i) => i > 0),
      timeline.join('\n'),
    ).toBe(true);
    expect([...crossed].sort((a, b) => a - b)).toEqual(crossed);
    expect(at(/sent firing to pagerduty-data: .*ACCOUNT_MONTHLY at 100%/)).toBeGreaterThan(0);
    const suspended = at(/warehouse ADHOC_WH suspended by resource monitor ACCOUNT_MONTHLY/);
    expect(suspended).toBeGreaterThan(crossed[1]!);
    expect(timeline[crossed[2]!]).toMatch(/suspended warehouses: .*ADHOC_WH/);

    const failed = at(/free loop: resource_monitors failed/);
    const firing = at(/sent firing to slack-data-alerts: .*check resource_monitors failed 3 runs in a row/);
    const resolved = at(/sent resolved to slack-data-alerts: .*check resource_monitors failed 3 runs in a row/);
    expect(failed).toBeGreaterThan(0);
    expect(firing).toBeGreaterThan(failed);
    expect(resolved).toBeGreaterThan(firing);
    expect(at(/monitor_health firing/)).toBeGreaterThan(0);
    expect(at(/monitor_health resolved/)).toBeGreaterThan(at(/monitor_health firing/));
  });
});
