/**
 * Fleet mode on Postgres: two `snowmon run` daemons share three accounts; one account is removed from
 * snowmon.yaml and both reload at the same moment. Its alerts end once (one history line each), and each
 * (group, receiver) told they fired gets exactly one resolved notification, whichever replica held the
 * account; the other accounts' alerts stay firing and are not notified again. Needs DATABASE_URL.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorSettings } from '../../../src/cli/emulator-settings.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import type { DaemonHandle } from '../../../src/daemon/daemon-handle.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import type { Database } from '../../../src/ledger/database.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { groupByAccount } from '../../../src/router/group-by-account.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { postgresFleetConfig } from '../../support/fleet-config.js';
import { postgresUrl } from '../../support/postgres-url.js';
import { jsonLogs, PASSWORD_VAR, ROUTING, T0 } from './run-harness.js';

const databaseUrl = postgresUrl();
const ACCOUNTS = ['acct-a', 'acct-b', 'acct-c'];
const REMOVED = 'acct-b';
const TTL_MS = 1_500;

async function until(what: string, condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never happened: ${what}`);
}

function configText(emulator: RunningEmulator, accounts: readonly string[]): string {
  return postgresFleetConfig(emulator.url, PASSWORD_VAR, accounts, databaseUrl as string, `${TTL_MS}ms`);
}

describe.skipIf(databaseUrl === undefined)('an account removed while two replicas share the accounts on Postgres', () => {
  const clock = new FrozenClock(T0);
  const schema = `snowmon_removed_${randomBytes(6).toString('hex')}`;
  const handles: Kysely<Database>[] = [];
  const replicas: { handle: DaemonHandle; logs: Record<string, unknown>[] }[] = [];
  let emulator: RunningEmulator;
  let folder: string;
  let db: Kysely<Database>;

  const open = async (url: string) => {
    const handle = await openDatabase(url, { schema });
    handles.push(handle);
    return handle;
  };

  const startReplica = async (file: string) => {
    const load = async () => {
      const config = await loadConfig(file, process.env);
      return { config, routing: groupByAccount(await loadRouting(config.routing.file, process.env), config.accounts) };
    };
    const { config, routing } = await load();
    const { logs, destination } = jsonLogs();
    const handle = runDaemon(config, {
      routing,
      reloadConfig: load,
      now: () => clock.now(),
      openStore: open,
      resolveSettings: async (c, account) => ({ ...emulatorSettings(emulator, c), account: account.snowflake.account ?? account.name }),
      logger: createLogger({ level: 'info', destination }),
      notifierDeps: { out: { write: () => true } },
      schedule: false,
      http: false,
    });
    await handle.ready;
    replicas.push({ handle, logs });
  };

  /** Waits until both replicas' lease rounds ran at the (frozen) time now and together watch exactly `accounts`. */
  const settle = async (accounts: readonly string[]) => {
    const at = clock.now().toISOString();
    await until(`rounds at ${at} watching ${accounts.join()}`, async () => {
      const beats = await db.selectFrom('replicas').select('heartbeat_at').execute();
      const watched = replicas.flatMap((r) => r.handle.watching()).sort();
      return beats.filter((b) => b.heartbeat_at >= at).length >= replicas.length && JSON.stringify(watched) === JSON.stringify([...accounts].sort());
    });
  };

  beforeAll(async () => {
    process.env[PASSWORD_VAR] = 'snowmon-demo-password';
    emulator = await startEmulator({ clock, accounts: ACCOUNTS, scenario: { seed: 7, days: 30, queryHistoryRows: 1000 }, advanceClockWithQueries: false });
    folder = mkdtempSync(join(tmpdir(), 'snowmon-removed-pg-'));
    // group_interval 1s: a changed group flushes a second later.
    writeFileSync(join(folder, 'routing.yaml'), ROUTING.replace('  group_wait: 0s', '  group_wait: 0s\n  group_interval: 1s'));
    db = await open(databaseUrl as string);
    for (const name of ['r0', 'r1']) {
      writeFileSync(join(folder, `${name}.yaml`), configText(emulator, ACCOUNTS));
      await startReplica(join(folder, `${name}.yaml`));
    }
  }, 120_000);

  afterAll(async () => {
    for (const r of replicas) await r.handle.stop('test over').catch(() => undefined);
    if (db) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
    for (const h of handles) await h.destroy().catch(() => undefined);
    await emulator?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
    delete process.env[PASSWORD_VAR];
  });

  it('does end its alerts once and send one resolved notification per group and receiver', async () => {
    await settle(ACCOUNTS);
    // The first replica took every account; the second usually gets a share over a few rounds (in the daemons' time).
    for (let i = 0; i < 6 && replicas.some((r) => r.handle.watching().length === 0); i++) {
      clock.advance(TTL_MS / 3);
      await settle(ACCOUNTS);
    }
    // (Rendezvous hashing may still give all three to one: both replicas reload and end alerts either way.)
    const split = replicas.map((r) => r.handle.watching().join('+') || '-').join(' / ');
    for (const r of replicas) await r.handle.runFreeCycle(clock.now());
    for (const r of replicas) await r.handle.deliverDue(clock.now());
    const notified = async (kind: string, account: string) => {
      const rows = await db.selectFrom('outbox').select(['group_key', 'receiver', 'payload']).execute();
      const counts = new Map<string, number>();
      for (const row of rows) {
        if ((JSON.parse(row.payload) as { kind: string }).kind !== kind || !row.group_key.includes(`account="${account}"`)) continue;
        counts.set(`${row.group_key} ${row.receiver}`, (counts.get(`${row.group_key} ${row.receiver}`) ?? 0) + 1);
      }
      return counts;
    };
    const fired = await notified('firing', REMOVED);
    expect(fired.size).toBeGreaterThan(0);
    const otherFiring = await db.selectFrom('alerts').select('fingerprint').where('status', '=', 'firing').where('account', '<>', REMOVED).execute();
    const outboxBefore = (await db.selectFrom('outbox').select('id').execute()).length;

    // Both replicas' config loses the account; both reload at once.
    for (const name of ['r0', 'r1'])
      writeFileSync(
        join(folder, `${name}.yaml`),
        configText(
          emulator,
          ACCOUNTS.filter((a) => a !== REMOVED),
        ),
      );
    clock.advance(500);
    await settle(ACCOUNTS);
    expect(await Promise.all(replicas.map((r) => r.handle.reload()))).toEqual([true, true]);
    clock.advance(1_000);
    await settle(ACCOUNTS.filter((a) => a !== REMOVED));
    for (const r of replicas) await r.handle.deliverDue(clock.now());
    for (const r of replicas) await r.handle.deliverDue(clock.now());

    const stillFiring = await db.selectFrom('alerts').select('fingerprint').where('status', '=', 'firing').where('account', '=', REMOVED).execute();
    expect(stillFiring).toEqual([]);
    const ended = await db.selectFrom('alert_history').select('fingerprint').where('note', '=', `account ${REMOVED} is no longer in snowmon.yaml`).execute();
    expect(new Set(ended.map((h) => h.fingerprint)).size).toBe(ended.length); // each alert ended once
    const resolved = await notified('resolved', REMOVED);
    expect([...resolved.keys()].sort()).toEqual([...fired.keys()].sort());
    expect([...resolved.values()].every((n) => n === 1)).toBe(true);
    // The other accounts: still firing, nothing new said about them.
    const otherNow = await db.selectFrom('alerts').select('fingerprint').where('status', '=', 'firing').where('account', '<>', REMOVED).execute();
    expect(otherNow.length).toBe(otherFiring.length);
    expect((await db.selectFrom('outbox').select('id').execute()).length).toBe(outboxBefore + resolved.size);
    const said = replicas.flatMap((r) => r.logs).filter((l) => String(l['msg']).startsWith(`account ${REMOVED} is no longer in snowmon.yaml`));
    expect(said).toHaveLength(1);
    console.info(
      `removed account (held ${split}): ${ended.length} alerts ended once, ${resolved.size} resolved notifications (one per group and receiver told it fired)`,
    );
  }, 60_000);
});
