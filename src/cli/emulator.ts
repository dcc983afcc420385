/**
 * `snowmon emulator`: starts the built-in Snowflake emulator with a seeded scenario and runs until
 * SIGINT/SIGTERM, printing how to connect. It does not run checks; `snowmon demo` does that.
 */

import { parseArgs } from 'node:util';
import { FrozenClock } from '../emulator/clock.js';
import { SNOWMON_LOGIN } from '../emulator/scenarios/seed-scenario.js';
import { emulatorForCommand } from './load-emulator.js';

const USAGE = `usage: snowmon emulator [--port 8085] [--seed N] [--days N] [--query-history-rows N] [--now ISO]\n`;

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`invalid --${name} "${value}": expected an integer >= ${min}`);
  return n;
}

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: '8085' },
        seed: { type: 'string' },
        days: { type: 'string' },
        'query-history-rows': { type: 'string' },
        now: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stderr.write(USAGE);
    return 0;
  }
  let port: number;
  let scenario: { seed?: number; days?: number; queryHistoryRows?: number };
  let clock: FrozenClock | undefined;
  try {
    port = integer('port', values.port, 0) ?? 8085;
    if (port > 65_535) throw new Error(`invalid --port "${values.port}": expected 0-65535`);
    const seed = integer('seed', values.seed, 0);
    const days = integer('days', values.days, 1);
    const queryHistoryRows = integer('query-history-rows', values['query-history-rows'], 0);
    scenario = {
      ...(seed !== undefined ? { seed } : {}),
      ...(days !== undefined ? { days } : {}),
      ...(queryHistoryRows !== undefined ? { queryHistoryRows } : {}),
    };
    if (values.now !== undefined) {
      if (Number.isNaN(Date.parse(values.now))) throw new Error(`invalid --now "${values.now}": expected an ISO-8601 time`);
      clock = new FrozenClock(values.now);
    }
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  const emulatorModule = await emulatorForCommand('emulator');
  if (!emulatorModule) return 2;
  const { startEmulator } = emulatorModule;
  const emulator = await startEmulator({ port, scenario, ...(clock ? { clock } : {}) });
  process.stderr.write(
    [
      `snowmon emulator listening on ${emulator.url}`,
      `  accessUrl: ${emulator.url}`,
      `  account:   ${emulator.accountName}`,
      `  user:      ${SNOWMON_LOGIN.name}`,
      // The demo password is the emulator's documented default, not a secret: it opens only this local emulator.
      `  password:  ${SNOWMON_LOGIN.password ?? ''}   (the emulator's documented demo login)`,
      `  clock:     ${emulator.clock.now().toISOString()} (frozen; advances with warehouse queries)`,
      `press Ctrl-C to stop`,
      '',
    ].join('\n'),
  );

  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await emulator.stop();
  process.stderr.write('snowmon emulator stopped\n');
  return 0;
}
