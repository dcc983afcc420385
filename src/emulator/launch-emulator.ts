/**
 * Assembles and starts an emulator from its parts: DuckDB engine, seeded account, billing, SHOW
 * provider, faults, sessions and the HTTP server. The parts are injected so tests can substitute small
 * ones; start-emulator.ts wires the real scenario, billing and SHOW commands.
 */

import type { AddressInfo } from 'node:net';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { EmulatedAccount, LoginUser } from './account-model.js';
import { FrozenClock } from './clock.js';
import type { Clock } from './clock.js';
import { Engine } from './engine.js';
import { Faults } from './faults.js';
import type { BillingHook, ShowProvider, StatementRecord } from './run-statement.js';
import { createEmulatorServer } from './server.js';
import { SessionStore } from './sessions.js';

export interface LaunchParts<B extends BillingHook> {
  /** Creates the account's tables on the admin connection and returns the live account model. */
  readonly seed: (connection: DuckDBConnection, now: Date) => Promise<EmulatedAccount>;
  readonly billing: (account: EmulatedAccount, clock: Clock) => B;
  readonly show: ShowProvider;
}

export interface LaunchOptions {
  readonly port?: number;
  readonly host?: string;
  readonly clock?: Clock;
  readonly users?: readonly LoginUser[];
  readonly advanceClockWithQueries?: boolean;
  /** The TIMEZONE sessions start with (Snowflake's account default is America/Los_Angeles). */
  readonly defaultTimeZone?: string;
}

export interface LaunchedEmulator<B extends BillingHook> {
  readonly url: string;
  readonly port: number;
  readonly accountName: string;
  readonly account: EmulatedAccount;
  readonly clock: Clock;
  readonly billing: B;
  readonly faults: Faults;
  readonly statements: readonly StatementRecord[];
  queryRaw(sql: string): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

/** The default clock: frozen at the current minute. */
export function defaultClock(): FrozenClock {
  const ms = Date.now();
  return new FrozenClock(ms - (ms % 60_000));
}

export async function launchEmulator<B extends BillingHook>(parts: LaunchParts<B>, options: LaunchOptions = {}): Promise<LaunchedEmulator<B>> {
  const clock = options.clock ?? defaultClock();
  const engine = await Engine.create();
  let account: EmulatedAccount;
  try {
    account = await parts.seed(engine.adminConnection, clock.now());
  } catch (error) {
    engine.close();
    throw error;
  }
  for (const user of options.users ?? []) {
    const existing = [...account.loginUsers.keys()].find((k) => k.toUpperCase() === user.name.toUpperCase());
    if (existing !== undefined) account.loginUsers.delete(existing);
    account.loginUsers.set(user.name, user);
  }
  const billing = parts.billing(account, clock);
  const faults = new Faults();
  const sessions = new SessionStore();
  const records: StatementRecord[] = [];
  const server = createEmulatorServer({
    engine,
    sessions,
    account,
    clock,
    billing,
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
    url: `http://${host}:${port}`,
    port,
    accountName: account.name,
    account,
    clock,
    billing,
    faults,
    statements: records,
    queryRaw: (sql) => engine.queryRaw(sql),
    stop() {
      stopped ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        for (const session of sessions.all()) sessions.delete(session);
        engine.close();
      })();
      return stopped;
    },
  };
}
