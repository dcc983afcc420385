/**
 * `snowmon emulator`: starts the built-in Snowflake emulator with a seeded scenario and runs until
 * SIGINT/SIGTERM, printing how to connect. It does not run checks; `snowmon demo` does that.
 */

import { parseArgs } from 'node:util';
import { FrozenClock } from '../emulator/clock.js';
import { SNOWMON_LOGIN } from '../emulator/scenarios/seed-scenario.js';
import type { RunningEmulator } from '../emulator/start-emulator.js';
import { emulatorForCommand } from './load-emulator.js';

const USAGE = `usage: snowmon emulator [--port 8085] [--seed N] [--days N] [--query-history-rows N] [--now ISO] [--accounts a,b,c | --accounts N [--seed-all] [--organization NAME]]\n`;

/** `--accounts`: a comma-separated list of names, or a count N for acct-001 … acct-N. */
export function parseAccounts(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) {
    const count = Number(value);
    if (count < 1 || count > 10_000) throw new Error(`invalid --accounts "${value}": expected a count from 1 to 10000 or a list of names`);
    const width = Math.max(3, String(count).length);
    return Array.from({ length: count }, (_, i) => `acct-${String(i + 1).padStart(width, '0')}`);
  }
  const names = value.split(',').map((n) => n.trim());
  const bad = names.find((n) => !/^\w+(-\w+)*$/.test(n));
  if (bad !== undefined) throw new Error(`invalid --accounts name "${bad}": letters, digits, _ and - only (a dot would cut the name for snowflake-sdk)`);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n.toUpperCase())) throw new Error(`invalid --accounts: "${n}" appears twice`);
    seen.add(n.toUpperCase());
  }
  return names;
}

/** `--organization NAME`: the organization account, added to the served accounts (last) when it is not one of them. */
export function withOrganization(accounts: string[] | undefined, organization: string | undefined): string[] | undefined {
  if (organization === undefined) return accounts;
  if (accounts === undefined) throw new Error(`invalid --organization "${organization}": it needs --accounts (the organization's accounts)`);
  if (!/^\w+(-\w+)*$/.test(organization)) throw new Error(`invalid --organization name "${organization}": letters, digits, _ and - only`);
  return accounts.some((a) => a.toUpperCase() === organization.toUpperCase()) ? accounts : [...accounts, organization];
}

/** The account lines of the banner: every name up to 5, else the first three and a count. */
function accountLines(names: readonly string[], single: string): string[] {
  if (names.length === 0) return [`  account:   ${single}`];
  const shown = names.length <= 5 ? names.join(', ') : `${names.slice(0, 3).join(', ')}, … ${names.at(-1) ?? ''} (${names.length} accounts)`;
  return [`  accounts:  ${shown}   (the login's account name picks one; others are refused)`];
}

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`invalid --${name} "${value}": expected an integer >= ${min}`);
  return n;
}

/** `--seed-all`: seeds every account now, in the background, and says when they are all ready. */
function seedInBackground(emulator: { seedAll(): Promise<void>; readonly accountNames: readonly string[] }): void {
  const started = performance.now();
  emulator.seedAll().then(
    () => process.stderr.write(`all ${emulator.accountNames.length} accounts seeded in ${((performance.now() - started) / 1000).toFixed(1)} s\n`),
    (error: unknown) => process.stderr.write(`seeding stopped: ${(error as Error).message}\n`),
  );
}

/** How to connect, on stderr. */
function printBanner(emulator: RunningEmulator, organization: string | undefined): void {
  process.stderr.write(
    [
      `snowmon emulator listening on ${emulator.url}`,
      `  accessUrl: ${emulator.url}`,
      ...accountLines(emulator.accountNames, emulator.accountName),
      ...(organization === undefined ? [] : [`  organization account: ${organization} (its SNOWFLAKE.ORGANIZATION_USAGE covers every account)`]),
      `  user:      ${SNOWMON_LOGIN.name}`,
      // The demo password is the emulator's documented default, not a secret: it opens only this local emulator.
      `  password:  ${SNOWMON_LOGIN.password ?? ''}   (the emulator's documented demo login)`,
      `  role:      ${SNOWMON_LOGIN.defaultRole ?? ''}   (or SNOWMON_NARROW_ROLE, a half-done setup)`,
      `  warehouse: ${SNOWMON_LOGIN.defaultWarehouse ?? ''}`,
      `  clock:     ${emulator.clock.now().toISOString()} (frozen; advances with warehouse queries)`,
      `press Ctrl-C to stop`,
      '',
    ].join('\n'),
  );
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
        accounts: { type: 'string' },
        'seed-all': { type: 'boolean' },
        organization: { type: 'string' },
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
  let accounts: string[] | undefined;
  try {
    accounts = withOrganization(parseAccounts(values.accounts), values.organization);
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
  const organization = values.organization === undefined ? {} : { organization: { account: values.organization } };
  const emulator = await startEmulator({ port, scenario, ...(clock ? { clock } : {}), ...(accounts ? { accounts } : {}), ...organization });
  printBanner(emulator, values.organization);

  if (values['seed-all'] === true && accounts !== undefined) seedInBackground(emulator);
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
