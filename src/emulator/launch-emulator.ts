/**
 * Assembles and starts an emulator from its parts: the served accounts (each a DuckDB engine, seeded
 * account, clock and billing), SHOW provider, faults, sessions and the HTTP server. The parts are
 * injected so tests can substitute small ones; start-emulator.ts wires the real scenario, billing and
 * SHOW commands.
 */

import type { AddressInfo } from 'node:net';
import type { DuckDBConnection } from '@duckdb/node-api';
import { AccountDirectory } from './account-directory.js';
import type { Tenant } from './account-directory.js';
import type { EmulatedAccount, LoginUser } from './account-model.js';
import { FrozenClock } from './clock.js';
import type { Clock } from './clock.js';
import { Engine } from './engine.js';
import { Faults } from './faults.js';
import type { BillingHook, ShowProvider, StatementRecord } from './run-statement.js';
import { createEmulatorServer } from './server.js';
import { SessionStore } from './sessions.js';

export interface LaunchParts<B extends BillingHook> {
  /**
   * Creates the account's tables on the admin connection and returns the live account model; `name` is
   * the account's configured name, undefined for the single default account.
   */
  readonly seed: (connection: DuckDBConnection, now: Date, name: string | undefined) => Promise<EmulatedAccount>;
  readonly billing: (account: EmulatedAccount, clock: Clock) => B;
  readonly show: ShowProvider;
  /**
   * Builds the organization account's ORGANIZATION_USAGE from every served account (itself included): after
   * its own seed, then again before each statement reading those views, with `now` the organization account's
   * clock (it may skip the work when nothing it reads moved); used when `organizationAccount` is set.
   */
  readonly organization?: (connection: DuckDBConnection, now: Date, members: readonly OrganizationMember<B>[]) => Promise<void>;
}

/** A served account as the organization account's views read it. */
export interface OrganizationMember<B> {
  /** The configured name. */
  readonly name: string;
  queryRaw(sql: string): Promise<Record<string, unknown>[]>;
  /** Its clock and billing; undefined for the organization account itself while it is being seeded. */
  live(): Promise<{ readonly clock: Clock; readonly billing: B } | undefined>;
}

export interface LaunchOptions {
  readonly port?: number;
  readonly host?: string;
  readonly clock?: Clock;
  readonly users?: readonly LoginUser[];
  readonly advanceClockWithQueries?: boolean;
  /** The TIMEZONE sessions start with (Snowflake's account default is America/Los_Angeles). */
  readonly defaultTimeZone?: string;
  /**
   * Serve these accounts, chosen by the login's account name (others are refused); the first is seeded
   * at start, the others on their first login. Absent: one account that any account name reaches.
   */
  readonly accounts?: readonly string[];
  /**
   * One of `accounts`: the organization account, whose SNOWFLAKE.ORGANIZATION_USAGE covers every served
   * account. Its first login seeds every other account first.
   */
  readonly organizationAccount?: string;
}

/** One served account, for tests and benchmarks that look inside it. */
export interface EmulatorAccountHandle<B extends BillingHook> {
  /** Pass as snowflake-sdk `account`. */
  readonly accountName: string;
  readonly account: EmulatedAccount;
  readonly clock: Clock;
  readonly billing: B;
  queryRaw(sql: string): Promise<Record<string, unknown>[]>;
}

export interface LaunchedEmulator<B extends BillingHook> extends EmulatorAccountHandle<B> {
  readonly url: string;
  readonly port: number;
  /** The served account names (`accounts`), empty for the single default account. */
  readonly accountNames: readonly string[];
  /** A served account by name (seeding it if no login has yet); throws for a name the emulator does not serve. */
  accountByName(name: string): Promise<EmulatorAccountHandle<B>>;
  /** Seeds every served account now rather than at its first login; resolves when all are ready. */
  seedAll(): Promise<void>;
  /** Emulator-wide faults; `faults.account(name)` are one served account's own. */
  readonly faults: Faults;
  /** Every statement run, in order, in every account. */
  readonly statements: readonly StatementRecord[];
  stop(): Promise<void>;
}

/** The default clock: frozen at the current minute. */
export function defaultClock(): FrozenClock {
  const ms = Date.now();
  return new FrozenClock(ms - (ms % 60_000));
}

function handle<B extends BillingHook>(tenant: Tenant<B>, accountName: string): EmulatorAccountHandle<B> {
  return {
    accountName,
    account: tenant.account,
    clock: tenant.clock,
    billing: tenant.billing,
    queryRaw: (sql) => tenant.engine.queryRaw(sql),
  };
}

/** DuckDB settings of each account's engine when the emulator serves several: two cores for many accounts, one thread each is plenty. */
const FLEET_ENGINE: Readonly<Record<string, string>> = Object.freeze({ threads: '1' });

/**
 * Compresses what the seed wrote (the smallest scenario drops from about 16 MB to 5 MB in DuckDB). With several
 * accounts it also hands what seeding freed back to the system: DuckDB's allocator keeps freed memory until
 * 512 MB were freed at once (allocator_bulk_deallocation_flush_threshold), which left ~6.5 MB of RSS per seeded
 * smallest account; a threshold of 0 during the checkpoint flushes it once (bench:emulator-accounts: ~14.7 → ~8 MB
 * an account, the rest being the DuckDB instance, ~3.5 MB, and its tables, ~4.3 MB). Results are unchanged.
 */
async function compactSeed(engine: Engine, fleet: boolean): Promise<void> {
  if (fleet) await engine.adminConnection.run("SET allocator_bulk_deallocation_flush_threshold = '0MB'");
  await engine.adminConnection.run('CHECKPOINT snowflake');
  if (fleet) await engine.adminConnection.run('RESET allocator_bulk_deallocation_flush_threshold');
}

/** How each account is made: its engine, seed (named accounts get their own name and clock), users and billing. */
function tenantFactory<B extends BillingHook>(parts: LaunchParts<B>, options: LaunchOptions, firstClock: Clock, lookup: (name: string) => Promise<Tenant<B>>) {
  const start = firstClock.now();
  const organization = options.organizationAccount?.toUpperCase();
  /** The organization account once created (its own member's clock and billing). */
  let self: Tenant<B> | undefined;
  /** The served accounts for the organization's views: every other one (seeded now if need be) and itself. */
  const members = (engine: Engine): OrganizationMember<B>[] =>
    (options.accounts ?? []).map((name) =>
      name.toUpperCase() === organization
        ? { name, queryRaw: (sql) => engine.queryRaw(sql), live: () => Promise.resolve(self) }
        : { name, queryRaw: (sql) => lookup(name).then((t) => t.engine.queryRaw(sql)), live: () => lookup(name) },
    );
  const fleet = options.accounts !== undefined;
  let first = true;
  return async (name: string | undefined): Promise<Tenant<B>> => {
    const engine = await Engine.create(fleet ? FLEET_ENGINE : {});
    let seeded: EmulatedAccount;
    try {
      seeded = await parts.seed(engine.adminConnection, start, name);
      if (name !== undefined && name.toUpperCase() === organization && parts.organization !== undefined) {
        await parts.organization(engine.adminConnection, start, members(engine));
      }
      await compactSeed(engine, fleet);
    } catch (error) {
      engine.close();
      throw error;
    }
    const account: EmulatedAccount = name === undefined ? seeded : { ...seeded, name: name.toUpperCase() };
    for (const user of options.users ?? []) {
      const existing = [...account.loginUsers.keys()].find((k) => k.toUpperCase() === user.name.toUpperCase());
      if (existing !== undefined) account.loginUsers.delete(existing);
      account.loginUsers.set(user.name, user);
    }
    // Each named account keeps its own frozen clock (queries in one do not move another's time).
    const clock = first || !(firstClock instanceof FrozenClock) ? firstClock : new FrozenClock(start);
    first = false;
    const tenant: Tenant<B> = { name: name ?? account.name, engine, account, clock, billing: parts.billing(account, clock) };
    if (organization === undefined || name?.toUpperCase() !== organization || parts.organization === undefined) return tenant;
    const build = parts.organization;
    let rebuilt = Promise.resolve();
    self = {
      ...tenant,
      // One rebuild at a time; each statement reading the views waits for its own check.
      refresh: (sql) => {
        if (!/organization_usage/i.test(sql)) return Promise.resolve();
        rebuilt = rebuilt.catch(() => undefined).then(() => build(engine.adminConnection, clock.now(), members(engine)));
        return rebuilt;
      },
    };
    return self;
  };
}

export async function launchEmulator<B extends BillingHook>(parts: LaunchParts<B>, options: LaunchOptions = {}): Promise<LaunchedEmulator<B>> {
  const clock = options.clock ?? defaultClock();
  const org = options.organizationAccount;
  if (org !== undefined && !(options.accounts ?? []).some((a) => a.toUpperCase() === org.toUpperCase())) {
    throw new Error(`the organization account "${org}" is not one of the served accounts`);
  }
  const lookup = (name: string): Promise<Tenant<B>> => directory.find(name) ?? Promise.reject(new Error(`no account "${name}"`));
  const directory: AccountDirectory<B> = new AccountDirectory(tenantFactory(parts, options, clock, lookup), options.accounts);
  const firstName = directory.names()[0] ?? '';
  const first = await (directory.find(firstName) as Promise<Tenant<B>>);
  const served = new Set(directory.names().map((n) => n.toUpperCase()));
  const faults = new Faults((name) => served.has(name.toUpperCase()));
  const sessions = new SessionStore();
  const records: StatementRecord[] = [];
  const server = createEmulatorServer({
    directory,
    sessions,
    faults,
    records,
    show: parts.show,
    advanceClockWithQueries: options.advanceClockWithQueries ?? true,
    defaultTimeZone: options.defaultTimeZone ?? 'America/Los_Angeles',
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    ...handle(first, options.accounts === undefined ? first.account.name : first.name),
    url: `http://${host}:${port}`,
    port,
    accountNames: directory.names(),
    async accountByName(name) {
      const tenant = directory.find(name);
      if (tenant === undefined || options.accounts === undefined) throw new Error(`the emulator does not serve account "${name}"`);
      return handle(await tenant, (await tenant).name);
    },
    seedAll: () => directory.seedAll(),
    faults,
    statements: records,
    stop() {
      stopped ??= (async () => {
        directory.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        for (const session of sessions.all()) sessions.delete(session);
        const tenants = await Promise.allSettled(directory.created());
        for (const t of tenants) if (t.status === 'fulfilled') t.value.engine.close();
      })();
      return stopped;
    },
  };
}
