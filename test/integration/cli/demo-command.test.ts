/**
 * `snowmon demo` end to end in this process: the emulator starts, the audit runs through the real driver,
 * the terminal report goes to stdout and the HTML report to the named file; then the daemon runs on the
 * accelerated clock and its timeline shows the account budget's 75, 90 and 100 % notifications in order,
 * the warehouses it suspends, and monitor_health firing and resolving, each sent to a console receiver.
 */

import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/demo.js';
import { captureCli } from './capture-cli.js';

describe('snowmon demo', () => {
  it('does audit the built-in emulator, write the HTML report and show the daemon alerting on an accelerated clock', async () => {
    const html = join(mkdtempSync(join(tmpdir(), 'snowmon-demo-')), 'report.html');
    const { code, stdout, stderr } = await captureCli(run, ['--html', html, '--seed', '3']);
    expect(code).toBe(0);
    for (const check of ['resource_monitors', 'credits_by_warehouse', 'service_account_audit', 'warehouse_utilization']) {
      expect(stdout).toContain(check);
    }
    expect(stdout).toContain('estimated savings');
    expect(stderr).toMatch(/SNOWMON_WH resumed 1 time/);
    expect(existsSync(html)).toBe(true);
    expect(readFileSync(html, 'utf8')).toContain('Warehouse utilization');

    // The daemon's timeline: one line per event, "<emulated time>  <event>".
    const timeline = stdout.slice(stdout.indexOf('emulated time')).split('\n');
    const at = (pattern: RegExp): number => timeline.findIndex((line) => pattern.test(line));
    const crossed = [75, 90, 100].map((t) => at(new RegExp(`sent firing to console-data-costs: .*monitor ACCOUNT_MONTHLY at [\\d.]+% .*\\(passed ${t}%`)));
    expect(crossed.every((i) => i > 0), timeline.join('\n')).toBe(true);
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
  }, 120_000);
});
