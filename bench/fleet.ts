/**
 * Fleet benchmark (issue 11): N emulated accounts watched by 3 `snowmon run` replicas, real child
 * processes sharing one Postgres (a fresh database per size, dropped after), the free loop on a short
 * cron, a fake Slack with one channel per account. At each size it prints CPU and RSS per replica, the
 * Postgres statements per minute (counted on the wire by a proxy per replica, beside pg_stat_database's
 * transactions), the longest time an account went unwatched when the busiest replica is killed -9 (goal:
 * at most the lease TTL plus one cycle) cut into its parts (before the kill, TTL wait, notice, first run),
 * accounts moved on leave and join, and notifications lost (goal 0) and duplicated (goal: only re-sends of
 * the rows the killed replica had in flight: Slack answers it `--slack-delay` seconds late and it dies
 * with a call unanswered). Prints figures; asserts nothing.
 *
 *   npm run bench:fleet -- [--accounts 50,100,200] [--cycle 60] [--minutes 5] [--lease-ttl 30] [--replicas 3] [--slack-delay 3]
 *
 * `--cycle` is the free loop's period in seconds (60: every minute, the default; 15: a seconds cron); a quick run:
 * `--accounts 20 --cycle 15 --minutes 1 --lease-ttl 10` (about 4 minutes). DATABASE_URL names the server
 * (default postgres://postgres@127.0.0.1:5432/test); the user must be allowed to CREATE DATABASE.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/cli/load-config.js';
import { loadRouting } from '../src/router/load-routing.js';
import { writeReplicaConfig, writeRouting } from './fleet/fleet-config.js';
import { printFleetTable } from './fleet/fleet-table.js';
import { accountNames, runFleet, startEmulatorChild, type FleetResult } from './fleet/run-fleet.js';

function positive(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`invalid --${name} "${text}": expected a positive number`);
  return n;
}

/** Whether this build's config understands `accounts:` (issue 11's per-account daemon). */
async function supportsAccounts(): Promise<boolean> {
  const folder = mkdtempSync(join(tmpdir(), 'snowmon-fleet-probe-'));
  try {
    const files = {
      folder,
      accounts: ['a1', 'a2'],
      multiAccount: true,
      emulatorUrl: 'http://127.0.0.1:9',
      user: 'U',
      role: 'R',
      warehouse: 'W',
      slackApiUrl: 'http://127.0.0.1:9/api',
      freeLoop: '*/1 * * * *',
      leaseTtl: '30s',
    };
    const env = { STORE_URL: 'postgres://u@127.0.0.1/db', SNOWFLAKE_PASSWORD: 'x', SLACK_BOT_TOKEN: 'x' };
    await loadRouting(writeRouting(files), env);
    await loadConfig(writeReplicaConfig(files, 'probe', 0), env);
    return true;
  } catch (error) {
    if (error instanceof Error && /accounts/.test(error.message)) return false;
    throw error;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '50,100,200' },
      cycle: { type: 'string', default: '60' },
      minutes: { type: 'string', default: '5' },
      'lease-ttl': { type: 'string', default: '30' },
      replicas: { type: 'string', default: '3' },
      'slack-delay': { type: 'string', default: '3' },
    },
  });
  const sizes = (values.accounts ?? '').split(',').map((s) => Math.round(positive('accounts', s)));
  const cycleSeconds = Math.round(positive('cycle', values.cycle ?? '60'));
  const slackDelaySeconds = Number(values['slack-delay'] ?? '3');
  // Slack's client gives up after 10 s: a later answer would be a failed send, not one in flight.
  if (!(slackDelaySeconds >= 0 && slackDelaySeconds < 10))
    throw new Error(`invalid --slack-delay "${values['slack-delay']}": expected seconds from 0 to under 10`);
  if (cycleSeconds !== 60 && !(cycleSeconds < 60 && 60 % cycleSeconds === 0)) throw new Error(`--cycle ${cycleSeconds}: expected 60 or a divisor of 60`);
  const multiAccount = await supportsAccounts();
  const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  if (!multiAccount) log('this build has no `accounts:` config: every replica watches the one `snowflake:` account (leader election only)');
  const emulator = await startEmulatorChild(accountNames(Math.max(...sizes)));
  log(`emulator: ${Math.max(...sizes)} accounts seeded in ${emulator.seedSeconds.toFixed(0)} s (once, for every size)`);
  const results: FleetResult[] = [];
  for (const accounts of sizes) {
    results.push(
      await runFleet(
        {
          accounts,
          replicas: Math.round(positive('replicas', values.replicas ?? '3')),
          cycleSeconds,
          steadyMinutes: positive('minutes', values.minutes ?? '5'),
          leaseTtlSeconds: positive('lease-ttl', values['lease-ttl'] ?? '30'),
          slackDelaySeconds,
          adminUrl: process.env['DATABASE_URL'] || 'postgres://postgres@127.0.0.1:5432/test',
          multiAccount,
          log,
        },
        emulator,
      ),
    );
  }
  await emulator.send({ type: 'stop' });
  process.stdout.write(printFleetTable(results));
}

main().catch((error: unknown) => {
  process.stderr.write(`fleet bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
