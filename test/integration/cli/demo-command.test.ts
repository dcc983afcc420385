/**
 * `snowmon demo` end to end in this process: the emulator starts, the audit runs through the real driver,
 * the terminal report goes to stdout and the HTML report to the named file; then the daemon runs on the
 * accelerated clock and its timeline shows the account budget's 75, 90 and 100 % notifications in order,
 * the warehouses it suspends, and monitor_health firing and resolving, each sent to a console receiver.
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
    expect(first?.[1]).toMatch(/^2026-11-16 00:00 {3}\S/);
    expect(second?.[1]).toMatch(/^2026-11-16 00:00 {3}\S/);
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

  it('does audit the built-in emulator, write the HTML report and show the daemon alerting on an accelerated clock', () => {
    const { code, stdout, stderr } = runs[0] as CliResult;
    expect(code).toBe(0);
    for (const check of ['resource_monitors', 'credits_by_warehouse', 'service_account_audit', 'warehouse_utilization']) {
      expect(stdout).toContain(check);
    }
    expect(stdout).toContain('estimated savings');
    expect(stderr).toMatch(/SNOWMON_WH resumed 1 time/);
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
    const crossed = [75, 90, 100].map((t) => at(new RegExp(`sent firing to console-data-costs: .*monitor ACCOUNT_MONTHLY at [\\d.]+% .*\\(passed ${t}%`)));
    expect(
      crossed.every((i) => i > 0),
      timeline.join('\n'),
    ).toBe(true);
    expect([...crossed].sort((a, b) => a - b)).toEqual(crossed);
    expect(at(/sent firing to console-pager: .*ACCOUNT_MONTHLY at 100%/)).toBeGreaterThan(0);
    const suspended = at(/warehouse ADHOC_WH suspended by resource monitor ACCOUNT_MONTHLY/);
    expect(suspended).toBeGreaterThan(crossed[1]!);
    expect(timeline[crossed[2]!]).toMatch(/suspended warehouses: .*ADHOC_WH/);

    const failed = at(/free loop: resource_monitors failed/);
    const firing = at(/sent firing to console-data-alerts: .*check resource_monitors failed 3 runs in a row/);
    const resolved = at(/sent resolved to console-data-alerts: .*check resource_monitors failed 3 runs in a row/);
    expect(failed).toBeGreaterThan(0);
    expect(firing).toBeGreaterThan(failed);
    expect(resolved).toBeGreaterThan(firing);
    expect(at(/monitor_health firing/)).toBeGreaterThan(0);
    expect(at(/monitor_health resolved/)).toBeGreaterThan(at(/monitor_health firing/));
  });
});
