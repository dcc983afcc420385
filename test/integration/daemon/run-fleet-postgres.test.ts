/**
 * Fleet mode end to end: three `snowmon run` daemons in-process on one Postgres schema share six accounts
 * served by one emulator. One of them is frozen mid-work (its clock stops and its lease store stops
 * answering, as a paused or partitioned process does, without releasing anything); the other two take its
 * accounts within the lease ttl and one heartbeat, in the daemons' own (fake) time. The frozen one, still
 * believing it holds its accounts, flushes groups it had ingested: every write is fenced off; the new holders
 * write each notification once. Needs DATABASE_URL.
 */

import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emulatorSettings } from '../../../src/cli/emulator-settings.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import type { DaemonHandle } from '../../../src/daemon/daemon-handle.js';
import { LeasedAccounts, type LeasedAccountsStore } from '../../../src/daemon/leased-accounts.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { FrozenClock } from '../../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/start-emulator.js';
import { AccountLeaseStore, type AccountLease } from '../../../src/ledger/account-lease-store.js';
import type { Database } from '../../../src/ledger/database.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { groupByAccount } from '../../../src/router/group-by-account.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { postgresFleetConfig } from '../../support/fleet-config.js';
import { postgresUrl } from '../../support/postgres-url.js';
import { PASSWORD_VAR, ROUTING, T0 } from './run-harness.js';

const databaseUrl = postgresUrl();
const ACCOUNTS = ['acct-a', 'acct-b', 'acct-c', 'acct-d', 'acct-e', 'acct-f'];
const TTL_MS = 900;
const ROUND_MS = TTL_MS / 3;

/** The lease store one replica uses, which the test can make stop answering (a paused or cut-off process). */
class PausableLeases implements LeasedAccountsStore {
  #release: (() => void) | undefined;
  #gate: Promise<void> = Promise.resolve();
  constructor(private readonly store: AccountLeaseStore) {}
  pause(): void {
    this.#gate = new Promise((resolve) => (this.#release = resolve));
  }
  resume(): void {
    this.#release?.();
  }
  heartbeat: LeasedAccountsStore['heartbeat'] = async (...a) => (await this.#gate, this.store.heartbeat(...a));
  liveListings: LeasedAccountsStore['liveListings'] = async (...a) => (await this.#gate, this.store.liveListings(...a));
  foreignLeases: LeasedAccountsStore['foreignLeases'] = async (...a) => (await this.#gate, this.store.foreignLeases(...a));
  claimLeases: LeasedAccountsStore['claimLeases'] = async (...a) => (await this.#gate, this.store.claimLeases(...a));
  renew: LeasedAccountsStore['renew'] = async (...a) => (await this.#gate, this.store.renew(...a));
  release: LeasedAccountsStore['release'] = async (...a) => (await this.#gate, this.store.release(...a));
  forgetReplica: LeasedAccountsStore['forgetReplica'] = async (...a) => (await this.#gate, this.store.forgetReplica(...a));
  forgetStaleReplicas: LeasedAccountsStore['forgetStaleReplicas'] = async (...a) => (await this.#gate, this.store.forgetStaleReplicas(...a));
}

interface Replica {
  readonly name: string;
  readonly handle: DaemonHandle;
  readonly leases: PausableLeases[];
  /** Its JSON log lines. */
  readonly logs: Record<string, unknown>[];
  /** The replica's own clock: the shared one, or frozen at `frozenAt`. */
  frozenAt: Date | undefined;
}

function configText(emulator: RunningEmulator): string {
  return postgresFleetConfig(emulator.url, PASSWORD_VAR, ACCOUNTS, databaseUrl as string, `${TTL_MS}ms`);
}

function jsonLines(into: Record<string, unknown>[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') into.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
}

/** Whether `condition` holds within a few polls (false, not an error, when it does not). */
async function settles(condition: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 8; i++) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`never happened: ${what}`);
}

describe.skipIf(databaseUrl === undefined)('three snowmon run daemons sharing six accounts on Postgres', () => {
  const clock = new FrozenClock(T0);
  const schema = `snowmon_fleet_${randomBytes(6).toString('hex')}`;
  const replicas: Replica[] = [];
  const handles: Kysely<Database>[] = [];
  let emulator: RunningEmulator;
  let folder: string;
  let db: Kysely<Database>;

  const open = async (url: string) => {
    const handle = await openDatabase(url, { schema });
    handles.push(handle);
    return handle;
  };

  const startReplica = async (name: string, configFile: string): Promise<Replica> => {
    const config = await loadConfig(configFile, process.env);
    const replica: Replica = { name, leases: [], logs: [], frozenAt: undefined, handle: undefined as unknown as DaemonHandle };
    const now = () => replica.frozenAt ?? clock.now();
    const handle = runDaemon(config, {
      routing: groupByAccount(await loadRouting(config.routing.file, process.env), config.accounts),
      now,
      openStore: open,
      resolveSettings: async (c, account) => ({ ...emulatorSettings(emulator, c), account: account.snowflake.account ?? account.name }),
      assignment: (c, store, owner, onError) => {
        const leases = new PausableLeases(new AccountLeaseStore(store));
        replica.leases.push(leases);
        return new LeasedAccounts({ store: leases, accounts: c.accounts.map((a) => a.name), owner, ttlMs: c.daemon.leaseTtlMs, onError, now });
      },
      logger: createLogger({ level: 'info', destination: jsonLines(replica.logs) }),
      notifierDeps: { out: { write: () => true } },
      schedule: false,
      http: false,
    });
    Object.assign(replica, { handle });
    await handle.ready;
    return replica;
  };

  /** Moves the shared clock one heartbeat on and waits until every live replica's round ran at the new time. */
  const step = async (live: readonly Replica[]): Promise<void> => {
    clock.advance(ROUND_MS);
    const at = clock.now().toISOString();
    await until(`a round at ${at}`, async () => {
      const rows = await db.selectFrom('replicas').select(['owner', 'heartbeat_at']).execute();
      return rows.filter((r) => r.heartbeat_at >= at).length >= live.length;
    });
  };

  beforeAll(async () => {
    process.env[PASSWORD_VAR] = 'snowmon-demo-password';
    emulator = await startEmulator({ clock, accounts: ACCOUNTS, scenario: { seed: 7, days: 30, queryHistoryRows: 1000 }, advanceClockWithQueries: false });
    await emulator.seedAll();
    folder = mkdtempSync(join(tmpdir(), 'snowmon-fleet-'));
    writeFileSync(join(folder, 'routing.yaml'), ROUTING);
    writeFileSync(join(folder, 'snowmon.yaml'), configText(emulator));
    db = await open(databaseUrl as string);
    for (const name of ['r0', 'r1', 'r2']) replicas.push(await startReplica(name, join(folder, 'snowmon.yaml')));
  }, 180_000);

  afterAll(async () => {
    for (const r of replicas) for (const l of r.leases) l.resume();
    for (const r of replicas) await r.handle.stop('test over').catch(() => undefined);
    if (db) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
    for (const h of handles) await h.destroy().catch(() => undefined);
    await emulator?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
    delete process.env[PASSWORD_VAR];
  });

  it('does move a frozen replica’s accounts to the others within ttl + one round, and fence its late writes', async () => {
    // Converge: every account watched by exactly one replica.
    for (let i = 0; i < 3; i++) await step(replicas);
    const watched = () => replicas.flatMap((r) => r.handle.watching()).sort();
    await until('every account watched once', () => JSON.stringify(watched()) === JSON.stringify(ACCOUNTS));
    // /metrics shows what each holds: the three gauges add up to the six accounts.
    const heldGauge = async (r: Replica) => (await r.handle.metrics.registry.getSingleMetric('snowmon_accounts_held')?.get())?.values[0]?.value ?? 0;
    expect((await Promise.all(replicas.map(heldGauge))).reduce((a, b) => a + b, 0)).toBe(ACCOUNTS.length);
    // The victim is frozen before its first cycle; the others run theirs (ingest, flush, deliver).
    const victim = replicas.find((r) => r.handle.watching().length > 0) as Replica;
    const survivors = replicas.filter((r) => r !== victim);
    const orphaned = [...victim.handle.watching()];
    const victimOwner = (await new AccountLeaseStore(db).list()).find((l) => l.account === orphaned[0])?.owner;
    for (const r of survivors) {
      await r.handle.runFreeCycle(clock.now());
      await r.handle.deliverDue(clock.now());
    }
    victim.frozenAt = clock.now();
    for (const l of victim.leases) l.pause();
    const frozenAt = clock.now().getTime();

    // The others take its accounts once its leases lapse: measured on the store, in the daemons' time.
    let takenAt: number | undefined;
    for (let i = 0; i < 8 && takenAt === undefined; i++) {
      await step(survivors);
      let leases = new Map<string, AccountLease>();
      const heldByOthers = (a: string) => {
        const lease = leases.get(a);
        return lease !== undefined && lease.owner !== null && lease.owner !== victimOwner && lease.expiresAt > clock.now();
      };
      // The round that heartbeats at this time claims just after: give it a moment before looking again.
      const refreshed = async () => {
        leases = new Map((await new AccountLeaseStore(db).list()).map((l) => [l.account, l]));
        return orphaned.every(heldByOthers);
      };
      if (await settles(refreshed)) takenAt = clock.now().getTime();
    }
    expect(takenAt).toBeDefined();
    console.info(
      `fleet: ${orphaned.length} accounts of a frozen replica held by the others ${(takenAt ?? 0) - frozenAt} ms after (ttl ${TTL_MS} ms, round ${ROUND_MS} ms)`,
    );
    expect((takenAt ?? 0) - frozenAt).toBeLessThanOrEqual(TTL_MS + ROUND_MS);
    await until('the others watching them', () => orphaned.every((a) => survivors.some((r) => r.handle.watching().includes(a))));
    expect([...victim.handle.watching()].sort()).toEqual([...orphaned].sort()); // it still believes it holds them

    // The frozen replica, still believing it holds them, runs its cycle: each account's results are fenced
    // off whole (no alert, run or snapshot stored, nothing resolved), so there is nothing for it to flush.
    // The new holders then write each notification once.
    const ofOrphans = async () =>
      (await db.selectFrom('outbox').select('group_key').execute()).filter((r) => orphaned.some((a) => r.group_key.includes(`account="${a}"`))).length;
    const storedFor = async (table: 'alerts' | 'check_runs' | 'check_snapshots') =>
      (await db.selectFrom(table).select('account').execute()).filter((r) => orphaned.includes(r.account ?? '')).length;
    await victim.handle.runFreeCycle(victim.frozenAt);
    await victim.handle.deliverDue(victim.frozenAt);
    expect(await ofOrphans()).toBe(0);
    expect([await storedFor('alerts'), await storedFor('check_runs'), await storedFor('check_snapshots')]).toEqual([0, 0, 0]);
    const fenced = victim.logs.filter((l) => String(l['msg']).startsWith('cycle dropped'));
    expect(fenced.map((l) => l['account']).sort()).toEqual([...orphaned].sort());
    for (const r of survivors) {
      await r.handle.runFreeCycle(clock.now());
      await r.handle.deliverDue(clock.now());
    }
    const written = await ofOrphans();
    expect(written).toBeGreaterThan(0);
    const rows = await db.selectFrom('outbox').select(['group_key', 'receiver', 'payload', 'status']).execute();
    const firsts = new Map<string, number>();
    for (const row of rows) {
      const kind = (JSON.parse(row.payload) as { kind: string }).kind;
      if (kind === 'firing') firsts.set(`${row.group_key} ${row.receiver}`, (firsts.get(`${row.group_key} ${row.receiver}`) ?? 0) + 1);
    }
    expect([...firsts.values()].every((n) => n === 1)).toBe(true);
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    const unflushed = await db.selectFrom('aggregation_groups').select('group_key').where('last_flush_at', 'is', null).execute();
    expect(unflushed).toEqual([]);
    console.info(
      `fleet: ${rows.length} notifications, ${firsts.size} groups announced once each, ${written} for the frozen replica's accounts written by their new holders, ${fenced.length} of its account cycles fenced off`,
    );
  }, 120_000);
});
