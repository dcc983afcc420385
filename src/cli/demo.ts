/**
 * `snowmon demo`: starts the built-in Snowflake emulator with its seeded account, audits it with the real
 * driver exactly as `snowmon audit` audits a real account, prints the report, and writes the HTML
 * version next to it; then runs the daemon on an accelerated clock over a few emulated days, against the
 * emulator and a dbt project it writes (src/cli/demo-dbt.ts), and prints its timeline (src/cli/demo-daemon.ts),
 * all from the fixed instant DEMO_START. Needs no config and no Snowflake account; `--routing FILE` sends the
 * daemon's notifications through the user's own routing table (Slack, PagerDuty...) instead of the shipped
 * one on the console.
 */

import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { auditAccount } from '../audit/audit-account.js';
import { defaultConfig } from './default-config.js';
import { FrozenClock } from '../emulator/clock.js';
import { loadRouting } from '../router/load-routing.js';
import { EXIT_CODES, renderReport } from '../report/render-report.js';
import { runDemoDaemon } from './demo-daemon.js';
import { emulatorSettings } from './emulator-settings.js';
import { emulatorForCommand } from './load-emulator.js';
import type { ImportDuckDB } from './load-emulator.js';
import { printProgress } from './print-progress.js';

/**
 * Where the demo's emulated time starts, whatever today's date: Monday 16 November 2026 00:00 UTC, half-way
 * through ACCOUNT_MONTHLY's monthly cycle, so the budget has half a cycle of history behind it and two weeks
 * ahead (the 75 → 90 → 100 % story fits in the default 3 days). The wall clock is never read for the story.
 */
export const DEMO_START = new Date('2026-11-16T00:00:00.000Z');

const USAGE = `usage: snowmon demo [--html FILE] [--seed N] [--routing FILE] [--days N]
  Audits the built-in emulator, then runs the daemon against it and a dbt project on an accelerated clock
  (steps of 15 emulated minutes over --days emulated days, default 3) and prints what happened and what
  was sent where. --routing FILE: deliver through this routing table (e.g. Slack or PagerDuty receivers,
  with their variables set) instead of the shipped table with console receivers.
`;

export interface DemoOptions {
  /** How DuckDB is imported (tests make it fail as an absent package does). */
  readonly importDuckDB?: ImportDuckDB;
}

interface DemoArgs {
  readonly html: string;
  readonly seed?: number;
  readonly days: number;
  readonly routingFile?: string;
}

/** The command line, checked (the --routing table loads); an exit code when the demo must not run. */
async function demoArgs(argv: string[]): Promise<DemoArgs | number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        html: { type: 'string', default: 'snowmon-demo-report.html' },
        seed: { type: 'string' },
        routing: { type: 'string' },
        days: { type: 'string', default: '3' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return EXIT_CODES.usage;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return EXIT_CODES.ok;
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) {
    process.stderr.write(`invalid --seed "${values.seed}": expected an integer\n`);
    return EXIT_CODES.usage;
  }
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 30) {
    process.stderr.write(`invalid --days "${values.days}": expected an integer from 1 to 30\n`);
    return EXIT_CODES.usage;
  }
  const routingFile = values.routing === undefined ? undefined : resolve(values.routing);
  if (routingFile !== undefined) {
    try {
      await loadRouting(routingFile, process.env);
    } catch (error) {
      process.stderr.write(`${(error as Error).message}\n`);
      return EXIT_CODES.usage;
    }
  }
  return {
    html: values.html ?? 'snowmon-demo-report.html',
    days,
    ...(seed === undefined ? {} : { seed }),
    ...(routingFile === undefined ? {} : { routingFile }),
  };
}

export async function run(argv: string[], options: DemoOptions = {}): Promise<number> {
  const args = await demoArgs(argv);
  if (typeof args === 'number') return args;
  const { seed, days, routingFile } = args;
  const emulatorModule = await emulatorForCommand('demo', options.importDuckDB);
  if (!emulatorModule) return EXIT_CODES.usage;
  const { startEmulator } = emulatorModule;
  process.stderr.write('snowmon demo: starting the Snowflake emulator with a seeded account...\n');
  const clock = new FrozenClock(DEMO_START);
  const emulator = await startEmulator({ clock, ...(seed === undefined ? {} : { scenario: { seed } }) });
  try {
    const config = defaultConfig(process.env);
    process.stderr.write(`snowmon demo: auditing account ${emulator.accountName} at ${emulator.url} with snowflake-sdk\n`);
    const report = await auditAccount({
      config,
      settings: emulatorSettings(emulator, config),
      now: emulator.clock.now(),
      onProgress: printProgress,
    });
    const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
    const width = process.stdout.isTTY === true && process.stdout.columns ? { width: process.stdout.columns } : {};
    process.stdout.write(`${renderReport(report, 'table', { color, ...width })}\n`);
    const htmlFile = resolve(args.html);
    await writeFile(htmlFile, renderReport(report, 'html'));

    const charges = emulator.billing.charges(emulator.clock.now()).get('SNOWMON_WH');
    const statements = emulator.statements.length;
    process.stderr.write(
      `\nsnowmon demo: ${statements} statements sent; snowmon's own warehouse SNOWMON_WH resumed ` +
        `${charges?.resumes ?? 0} time(s), billed ${(charges?.credits ?? 0).toFixed(4)} credits by the emulator's billing model.\n` +
        `snowmon demo: HTML report written to ${htmlFile}\n`,
    );
    await runDemoDaemon({
      emulator,
      clock,
      env: process.env,
      days,
      ...(routingFile === undefined ? {} : { routingFile }),
      write: (text) => process.stdout.write(text),
    });
    return EXIT_CODES.ok;
  } finally {
    await emulator.stop();
  }
}
