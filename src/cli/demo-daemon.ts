/**
 * The daemon part of `snowmon demo`: runs the real daemon (runDaemon, a SQLite store in a temp folder,
 * the real driver) against the emulator on an accelerated clock, stepping emulated time 15 minutes per
 * free-loop cycle (the warehouse loop at 06:00 each day) over a few emulated days, and prints a timeline:
 * the account budget crossing 75 → 90 → 100 %, warehouses suspended, a check failing then recovering
 * (monitor_health firing then resolving), and every notification sent with its receiver. Not the audit part.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from './load-config.js';
import { createLogger } from '../daemon/logger.js';
import { runDaemon } from '../daemon/run-daemon.js';
import type { FrozenClock } from '../emulator/clock.js';
import type { RunningEmulator } from '../emulator/start-emulator.js';
import { loadRouting } from '../router/load-routing.js';
import { DEMO_ROUTING } from './demo-routing.js';
import { emulatorSettings } from './emulator-settings.js';

export interface DemoDaemonOptions {
  readonly emulator: RunningEmulator;
  readonly clock: FrozenClock;
  /** The user's routing table (Slack, PagerDuty...); default the console table in demo-routing.ts. */
  readonly routingFile?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the timeline goes. */
  readonly write: (text: string) => void;
  /** Emulated days to run (default 3). */
  readonly days?: number;
  /** Emulated minutes per free-loop cycle (default 15). */
  readonly stepMinutes?: number;
}

export interface DemoDaemonSummary {
  readonly cycles: number;
  readonly notifications: number;
  readonly monitorHealthFired: boolean;
  readonly monitorHealthResolved: boolean;
}

/** The monitor the demo watches fill up, and where it starts (its quota's fraction). */
export const DEMO_MONITOR = 'ACCOUNT_MONTHLY';
const START_FILL = 0.7;
/** The check the demo breaks for a few cycles, and the statement that fails. */
const FAILING_CHECK = 'resource_monitors';
const FAILURE = { code: '000603', sqlState: '57P03', message: 'Snowflake is undergoing maintenance (emulated)', match: /SHOW RESOURCE MONITORS/i };
const FAIL_FROM_STEP = 4;
const FAIL_CYCLES = 3;

interface LogLine {
  readonly msg?: string;
  readonly receiver?: string;
  readonly kind?: string;
  readonly check?: string;
  readonly fingerprint?: string;
  readonly from?: string;
  readonly to?: string;
}

const stamp = (at: Date): string => at.toISOString().slice(0, 16).replace('T', ' ');

export async function runDemoDaemon(options: DemoDaemonOptions): Promise<DemoDaemonSummary> {
  const { emulator, clock, write } = options;
  const days = options.days ?? 3;
  const stepMs = (options.stepMinutes ?? 15) * 60_000;
  const folder = mkdtempSync(join(tmpdir(), 'snowmon-demo-daemon-'));
  try {
    const routingFile = options.routingFile ?? join(folder, 'routing.yaml');
    if (options.routingFile === undefined) writeFileSync(routingFile, DEMO_ROUTING);
    const configFile = join(folder, 'snowmon.yaml');
    writeFileSync(configFile, ['store:', `  url: sqlite:${join(folder, 'alerts.db')}`, 'routing:', `  file: ${JSON.stringify(routingFile)}`, ''].join('\n'));
    const config = await loadConfig(configFile, options.env);
    const routing = await loadRouting(routingFile, options.env);

    const logs: LogLine[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n')) {
          if (line.trim() === '') continue;
          try {
            logs.push(JSON.parse(line) as LogLine);
          } catch {
            /* not a log line */
          }
        }
        done();
      },
    });
    const consoleText: string[] = [];
    const daemon = runDaemon(config, {
      routing,
      now: () => clock.now(),
      resolveSettings: async (c) => emulatorSettings(emulator, c),
      logger: createLogger({ level: 'info', destination }),
      notifierDeps: { out: { write: (text: string) => consoleText.push(text) } },
      schedule: false,
      http: false,
    });
    await daemon.ready;

    const monitor = emulator.account.monitors.get(DEMO_MONITOR);
    if (monitor === undefined || monitor.creditQuota === null) throw new Error(`the emulator has no ${DEMO_MONITOR} monitor with a quota`);
    const quota = monitor.creditQuota;
    emulator.billing.observe(clock.now());
    monitor.usedCredits = Math.min(monitor.usedCredits, quota * START_FILL);
    const fill = () => (100 * monitor.usedCredits) / quota;
    const suspendedBefore = new Set([...emulator.account.warehouses.values()].filter((w) => w.suspendedByMonitor !== null).map((w) => w.name));

    write(
      `\nsnowmon demo: the daemon on an accelerated clock: ${days} emulated days, a free-loop cycle every ${stepMs / 60_000} emulated minutes, the warehouse loop at 06:00.\n`,
    );
    write(
      `snowmon demo: ${DEMO_MONITOR} starts at ${fill().toFixed(1)} % of ${quota} credits; ADHOC_WH and DEV_WH keep burning. Notifications go to ${options.routingFile ?? 'console receivers (the shipped routes, inhibit rules and response times)'}.\n`,
    );
    write(`\n${'emulated time'.padEnd(17)}  event\n`);

    const used = new Set<number>();
    const summary = { cycles: 0, notifications: 0, monitorHealthFired: false, monitorHealthResolved: false };
    const steps = Math.round((days * 86_400_000) / stepMs);
    let consoleSeen = 0;
    for (let step = 0; step < steps; step++) {
      if (step > 0) clock.advance(stepMs);
      const at = clock.now();
      const line = (text: string) => write(`${stamp(at).padEnd(17)}  ${text}\n`);
      if (step === FAIL_FROM_STEP) line(`fault injected: the next ${FAIL_CYCLES} runs of ${FAILING_CHECK} fail (${FAILURE.message})`);
      if (step >= FAIL_FROM_STEP && step < FAIL_FROM_STEP + FAIL_CYCLES) emulator.faults.failNext(1, FAILURE);
      const firstLog = logs.length;
      const before = fill();
      const record = await daemon.runFreeCycle(at);
      summary.cycles += 1;
      const failed = record?.outcomes.filter((o) => o.status === 'failed').map((o) => o.name) ?? [];
      if (failed.length > 0) line(`free loop: ${failed.join(', ')} failed`);
      if (at.getUTCHours() === 6 && at.getUTCMinutes() < stepMs / 60_000) {
        const wh = await daemon.runWarehouseCycle(at);
        const charges = emulator.billing.charges(at).get('SNOWMON_WH');
        const whFailed = wh?.outcomes.filter((o) => o.status === 'failed') ?? [];
        const why = wh?.sessionError ?? whFailed[0]?.error;
        line(
          `warehouse loop: ${wh?.outcomes.length ?? 0} checks on SNOWMON_WH${whFailed.length > 0 ? ` (${whFailed.length} failed${why ? `: ${why.slice(0, 140)}` : ''})` : ''}; SNOWMON_WH resumed ${charges?.resumes ?? 0} time(s) so far, ${(charges?.credits ?? 0).toFixed(3)} credits`,
        );
      }
      await daemon.deliverDue(at);
      const after = fill();
      for (const threshold of [75, 90, 100]) {
        if (before < threshold - 1e-6 && after >= threshold - 1e-6) line(`${DEMO_MONITOR} passed ${threshold} % (${after.toFixed(1)} % of ${quota} credits)`);
      }
      for (const w of emulator.account.warehouses.values()) {
        if (w.suspendedByMonitor !== null && !suspendedBefore.has(w.name)) {
          suspendedBefore.add(w.name);
          line(`warehouse ${w.name} suspended by resource monitor ${w.suspendedByMonitor}`);
        }
      }
      for (const entry of logs.slice(firstLog)) {
        if (entry.msg === 'alert transition' && entry.check === 'snowmon_health') {
          if (entry.to === 'firing') {
            summary.monitorHealthFired = true;
            line(`monitor_health firing: snowmon's own alert about a failing check`);
          } else if (entry.to === 'resolved') {
            summary.monitorHealthResolved = true;
            line('monitor_health resolved: the check runs again');
          }
        } else if (entry.msg === 'notification sent' && entry.receiver !== undefined) {
          summary.notifications += 1;
          const index = consoleText.findIndex((t, i) => i >= consoleSeen && !used.has(i) && t.startsWith(`── ${entry.receiver} ·`));
          if (index >= 0) used.add(index);
          const headline = index < 0 ? '' : headlineOf(consoleText[index] as string);
          line(`sent ${entry.kind ?? 'notification'} to ${entry.receiver}${headline ? `: ${headline}` : ''}`);
        }
      }
      consoleSeen = consoleText.length;
      used.clear();
    }
    await daemon.stop('demo over');
    const charges = emulator.billing.charges(clock.now()).get('SNOWMON_WH');
    write(
      `\nsnowmon demo: ${summary.cycles} free-loop cycles, ${summary.notifications} notifications; SNOWMON_WH resumed ${charges?.resumes ?? 0} time(s) in ${days} emulated days, ${(charges?.credits ?? 0).toFixed(3)} credits.\n`,
    );
    return summary;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The first meaningful line of a console notification (after its receiver header). */
function headlineOf(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('──'));
  return lines[0] ?? '';
}
