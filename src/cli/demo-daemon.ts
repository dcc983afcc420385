/**
 * The daemon part of `snowmon demo`: runs the real daemon (runDaemon, a SQLite store in a temp folder, the
 * real driver, the shipped routing table with console receivers) against the emulator on an accelerated
 * clock. Emulated time steps 15 minutes at a time over a few days; at each step the daemon's own schedules
 * (daemon.free_loop, daemon.warehouse_loop, dbt.poll_interval) say which loops run, then due notifications
 * are delivered. The timeline shows the account budget crossing 75 → 90 → 100 %, warehouses suspended, a
 * check failing then recovering (monitor_health), the dbt story of demo-dbt.ts, and every notification
 * with its receiver. Not the audit part.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTask } from 'node-cron';
import { loadConfig } from './load-config.js';
import { daemonJobs, FREE_JOB, WAREHOUSE_JOB } from '../daemon/daemon-jobs.js';
import type { DaemonHandle } from '../daemon/daemon-handle.js';
import { DBT_JOB, dbtJobs } from '../daemon/dbt-loop.js';
import type { RunConfig } from '../daemon/run-config.js';
import { runDaemon } from '../daemon/run-daemon.js';
import type { FrozenClock } from '../emulator/clock.js';
import type { RunningEmulator } from '../emulator/start-emulator.js';
import { loadRouting } from '../router/load-routing.js';
import { DEMO_DBT_CONFIG, DemoDbtProject } from './demo-dbt.js';
import { demoRoutingText } from './demo-routing.js';
import { DemoTimeline } from './demo-timeline.js';
import { emulatorSettings } from './emulator-settings.js';

export interface DemoDaemonOptions {
  readonly emulator: RunningEmulator;
  readonly clock: FrozenClock;
  /** The user's routing table (Slack, PagerDuty...); default the shipped one with console receivers (demo-routing.ts). */
  readonly routingFile?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where the timeline goes. */
  readonly write: (text: string) => void;
  /** Emulated days to run (default 3). */
  readonly days?: number;
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
const STEP_MS = 15 * 60_000;
/** Each step's delivery pass comes this long after it: past the shipped group_wait (30 s). */
const DELIVERY_DELAY_MS = 60_000;

/** What the account does at each step besides the daemon: the budget filling, a check broken for a while. */
interface Story {
  before(step: number, at: Date): void;
  after(at: Date): void;
}

export async function runDemoDaemon(options: DemoDaemonOptions): Promise<DemoDaemonSummary> {
  const { emulator, clock, write } = options;
  const days = options.days ?? 3;
  const folder = mkdtempSync(join(tmpdir(), 'snowmon-demo-daemon-'));
  try {
    const { config, routingFile } = await demoConfig(folder, options);
    const timeline = new DemoTimeline(write);
    const daemon = runDaemon(config, {
      routing: await loadRouting(routingFile, options.env),
      now: () => clock.now(),
      resolveSettings: async (c) => emulatorSettings(emulator, c),
      logger: timeline.logger,
      notifierDeps: { out: timeline.console },
      schedule: false,
      http: false,
    });
    await daemon.ready;
    const dbt = new DemoDbtProject(folder, clock.now(), days);
    const account = accountStory(emulator, (at, text) => timeline.line(at, text));
    write(
      `\nsnowmon demo: the daemon on an accelerated clock: ${days} emulated days in steps of 15 minutes; its schedules run the free loop every step, the warehouse loop at 06:00 and the dbt loop every step.\n` +
        `snowmon demo: ${account.intro} Notifications go to ${options.routingFile ?? 'config/routing.yaml as shipped, every receiver printing to the console under its own name'}.\n` +
        `\n${'emulated time'.padEnd(17)}  event\n`,
    );
    const due = dueLoops(config);
    const steps = Math.round((days * 86_400_000) / STEP_MS);
    // The audit's statements moved the clock on by their run time: the steps' own instants start on a whole step.
    const start = Math.floor(clock.now().getTime() / STEP_MS) * STEP_MS;
    let cycles = 0;
    for (let step = 0; step < steps; step++) {
      if (step > 0) clock.advance(STEP_MS);
      const at = clock.now();
      // Statements move the emulator's clock by their run time: the step's own instant says which loops tick.
      const tick = new Date(start + step * STEP_MS);
      account.before(step, at);
      for (const line of dbt.due(at)) timeline.line(at, line);
      cycles += await runDueLoops(daemon, due.at(tick), at, (text) => timeline.line(at, text), emulator);
      account.after(at);
      timeline.flush(at);
      const delivered = new Date(at.getTime() + DELIVERY_DELAY_MS);
      await daemon.deliverDue(delivered);
      timeline.flush(delivered);
    }
    await daemon.stop('demo over');
    due.stop();
    const charges = emulator.billing.charges(clock.now()).get('SNOWMON_WH');
    const { notifications, repeats, monitorHealthFired, monitorHealthResolved } = timeline.counts;
    write(
      `\nsnowmon demo: ${cycles} free-loop cycles, ${notifications} notifications (${repeats} repeats of unchanged alerts not shown); SNOWMON_WH resumed ${charges?.resumes ?? 0} time(s) in ${days} emulated days, ${(charges?.credits ?? 0).toFixed(3)} credits.\n`,
    );
    return { cycles, notifications, monitorHealthFired, monitorHealthResolved };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** snowmon.yaml for the demo: a SQLite store, the routing table, a free loop every step, the dbt project. */
async function demoConfig(folder: string, options: DemoDaemonOptions): Promise<{ config: RunConfig; routingFile: string }> {
  const routingFile = options.routingFile ?? join(folder, 'routing.yaml');
  if (options.routingFile === undefined) writeFileSync(routingFile, await demoRoutingText());
  const configFile = join(folder, 'snowmon.yaml');
  const yaml = [
    'store:',
    `  url: ${JSON.stringify(`sqlite:${join(folder, 'alerts.db')}`)}`,
    'routing:',
    `  file: ${JSON.stringify(routingFile)}`,
    'daemon:',
    `  free_loop: "*/${STEP_MS / 60_000} * * * *"`,
    ...DEMO_DBT_CONFIG,
  ];
  writeFileSync(configFile, `${yaml.join('\n')}\n`);
  return { config: await loadConfig(configFile, options.env), routingFile };
}

/** Which of the daemon's jobs tick at an instant, read from the config's own cron expressions (the scheduler's jobs). */
function dueLoops(config: RunConfig): { readonly at: (at: Date) => string[]; readonly stop: () => void } {
  const idle = async () => undefined;
  const jobs = [...daemonJobs(config.daemon, { free: idle, warehouse: idle }), ...dbtJobs(config.dbt, config.daemon.runTimeoutMs, idle)];
  const tasks = jobs.map((job) => ({ name: job.name, task: createTask(job.cron, idle, { timezone: config.daemon.timezone }) }));
  return {
    at: (at) => tasks.filter(({ task }) => task.match(at)).map(({ name }) => name),
    stop: () => tasks.forEach(({ task }) => void task.destroy()),
  };
}

/** Runs the loops due at `at` as the scheduler would, and says on the timeline what failed; returns the free cycles run. */
async function runDueLoops(daemon: DaemonHandle, jobs: readonly string[], at: Date, line: (text: string) => void, emulator: RunningEmulator): Promise<number> {
  if (jobs.includes(FREE_JOB)) {
    const failed = (await daemon.runFreeCycle(at))?.outcomes.filter((o) => o.status === 'failed').map((o) => o.name) ?? [];
    if (failed.length > 0) line(`free loop: ${failed.join(', ')} failed`);
  }
  if (jobs.includes(WAREHOUSE_JOB)) {
    const wh = await daemon.runWarehouseCycle(at);
    const charges = emulator.billing.charges(at).get('SNOWMON_WH');
    const failed = wh?.outcomes.filter((o) => o.status === 'failed') ?? [];
    const why = wh?.sessionError ?? failed[0]?.error;
    const failures = failed.length > 0 ? ` (${failed.length} failed${why ? `: ${why.slice(0, 140)}` : ''})` : '';
    line(
      `warehouse loop: ${wh?.outcomes.length ?? 0} checks on SNOWMON_WH${failures}; SNOWMON_WH resumed ${charges?.resumes ?? 0} time(s) so far, ${(charges?.credits ?? 0).toFixed(3)} credits`,
    );
  }
  if (jobs.includes(DBT_JOB)) {
    const failed = (await daemon.runDbtCycle(at))?.outcomes.find((o) => o.status === 'failed');
    if (failed) line(`dbt loop failed: ${failed.error ?? 'unknown error'}`);
  }
  return jobs.includes(FREE_JOB) ? 1 : 0;
}

/** The account's side of the story: ACCOUNT_MONTHLY filling past 75, 90, 100 %, warehouses suspended, a check broken for 3 cycles. */
function accountStory(emulator: RunningEmulator, line: (at: Date, text: string) => void): Story & { readonly intro: string } {
  const monitor = emulator.account.monitors.get(DEMO_MONITOR);
  if (monitor === undefined || monitor.creditQuota === null) throw new Error(`the emulator has no ${DEMO_MONITOR} monitor with a quota`);
  const quota = monitor.creditQuota;
  emulator.billing.observe(emulator.clock.now());
  const fill = () => (100 * monitor.usedCredits) / quota;
  const audited = fill();
  monitor.usedCredits = Math.min(monitor.usedCredits, quota * START_FILL);
  // The audit above showed the monitor's own fill: say it was set back, or the two figures seem to disagree.
  const setBack = audited > fill() ? ` (set back from the audit's ${audited.toFixed(1)} % so the daemon sees it cross 75, 90 and 100 %)` : '';
  const suspended = new Set([...emulator.account.warehouses.values()].filter((w) => w.suspendedByMonitor !== null).map((w) => w.name));
  let before = fill();
  return {
    intro: `${DEMO_MONITOR} starts at ${fill().toFixed(1)} % of ${quota} credits${setBack}; ADHOC_WH and DEV_WH keep burning.`,
    before(step, at) {
      before = fill();
      if (step === FAIL_FROM_STEP) line(at, `fault injected: the next ${FAIL_CYCLES} runs of ${FAILING_CHECK} fail (${FAILURE.message})`);
      if (step >= FAIL_FROM_STEP && step < FAIL_FROM_STEP + FAIL_CYCLES) emulator.faults.failNext(1, FAILURE);
    },
    after(at) {
      const after = fill();
      for (const threshold of [75, 90, 100]) {
        if (before < threshold - 1e-6 && after >= threshold - 1e-6)
          line(at, `${DEMO_MONITOR} passed ${threshold} % (${after.toFixed(1)} % of ${quota} credits)`);
      }
      for (const w of emulator.account.warehouses.values()) {
        if (w.suspendedByMonitor === null || suspended.has(w.name)) continue;
        suspended.add(w.name);
        line(at, `warehouse ${w.name} suspended by resource monitor ${w.suspendedByMonitor}`);
      }
    },
  };
}
