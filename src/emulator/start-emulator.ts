/**
 * The emulator's public entry point: starts a Snowflake emulator on 127.0.0.1 seeded with a scenario,
 * with billing, SHOW commands, faults and a frozen clock, ready for snowflake-sdk's `accessUrl`.
 * The assembly itself is in launch-emulator.ts.
 */

import type { EmulatedAccount, LoginUser } from './account-model.js';
import { Billing } from './billing.js';
import type { Clock } from './clock.js';
import type { Faults } from './faults.js';
import { launchEmulator } from './launch-emulator.js';
import type { StatementRecord } from './run-statement.js';
import { seedScenario } from './scenarios/seed-scenario.js';
import type { ScenarioOptions } from './scenarios/seed-scenario.js';
import { showResourceMonitors, showWarehouses } from './show-commands.js';

export type { StatementRecord } from './run-statement.js';

export interface EmulatorOptions {
  /** Default 0 (ephemeral). */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default: a FrozenClock at the current minute. */
  readonly clock?: Clock;
  /** Passed to seedScenario with now = clock.now(). */
  readonly scenario?: Omit<ScenarioOptions, 'now'>;
  /** Added to, or overriding, the scenario's login users. */
  readonly users?: readonly LoginUser[];
  /** Advance a FrozenClock by each warehouse statement's real duration. Default true. */
  readonly advanceClockWithQueries?: boolean;
  /** TIMEZONE sessions start with. Default America/Los_Angeles, Snowflake's account default. */
  readonly defaultTimeZone?: string;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT`, for snowflake-sdk's `accessUrl`. */
  readonly url: string;
  readonly port: number;
  /** Pass as snowflake-sdk `account`. */
  readonly accountName: string;
  readonly account: EmulatedAccount;
  readonly clock: Clock;
  readonly billing: Billing;
  readonly faults: Faults;
  /** Every statement run, in order. */
  readonly statements: readonly StatementRecord[];
  /**
   * Runs DuckDB SQL directly (no dialect layer), for tests computing expectations from the scenario's own
   * data. Values are DuckDB's JSON forms: BIGINT, HUGEINT and DECIMAL arrive as strings, timestamps as text.
   */
  queryRaw(sql: string): Promise<Record<string, unknown>[]>;
  /** Closes connections, the server and DuckDB. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  // SHOW reads live state that only moves when billing observes the time (auto-suspend, cycle resets),
  // so every SHOW first lets billing catch up with the clock.
  let billing: Billing | undefined;
  return launchEmulator(
    {
      seed: (connection, now) => seedScenario(connection, { ...options.scenario, now }),
      billing: (account, clock) => (billing = new Billing(account, clock)),
      show: {
        warehouses: (account, show) => {
          billing?.observe(show.now);
          return showWarehouses(account, show);
        },
        resourceMonitors: (account, show) => {
          billing?.observe(show.now);
          return showResourceMonitors(account, show);
        },
      },
    },
    options,
  );
}
