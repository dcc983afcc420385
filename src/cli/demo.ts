/**
 * `snowmon demo`: starts the built-in Snowflake emulator with its seeded account, audits it with the real
 * driver exactly as `snowmon audit` audits a real account, prints the report, and writes the HTML
 * version next to it. Needs no config and no Snowflake account. The daemon part of the demo (alerts
 * routed to the console over a few cycles) is not built yet.
 */

import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { auditAccount } from '../audit/audit-account.js';
import { defaultConfig } from '../config/default-config.js';
import { startEmulator } from '../emulator/start-emulator.js';
import { EXIT_CODES, renderReport } from '../report/render-report.js';
import { emulatorSettings } from './emulator-settings.js';
import { printProgress } from './print-progress.js';

const USAGE = 'usage: snowmon demo [--html FILE] [--seed N]\n';

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        html: { type: 'string', default: 'snowmon-demo-report.html' },
        seed: { type: 'string' },
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

  process.stderr.write('snowmon demo: starting the Snowflake emulator with a seeded account...\n');
  const emulator = await startEmulator(seed === undefined ? {} : { scenario: { seed } });
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
    process.stdout.write(`${renderReport(report, 'table', { color, width: process.stdout.columns ?? 120 })}\n`);
    const htmlFile = resolve(values.html ?? 'snowmon-demo-report.html');
    await writeFile(htmlFile, renderReport(report, 'html'));

    const charges = emulator.billing.charges(emulator.clock.now()).get('SNOWMON_WH');
    const statements = emulator.statements.length;
    process.stderr.write(
      `\nsnowmon demo: ${statements} statements sent; snowmon's own warehouse SNOWMON_WH resumed ` +
        `${charges?.resumes ?? 0} time(s), billed ${(charges?.credits ?? 0).toFixed(4)} credits by the emulator's billing model.\n` +
        `snowmon demo: HTML report written to ${htmlFile}\n`,
    );
    return EXIT_CODES.ok;
  } finally {
    await emulator.stop();
  }
}
