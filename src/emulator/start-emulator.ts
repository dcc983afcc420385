/**
 * The emulator's public entry point: starts a Snowflake emulator on 127.0.0.1 seeded with a scenario,
 * with billing, SHOW commands, faults and a frozen clock, ready for snowflake-sdk's `accessUrl`.
 * The assembly itself is in launch-emulator.ts.
 */

import { locatorForAccount, seedForAccount } from './account-directory.js';
import type { EmulatedAccount, LoginUser } from './account-model.js';
import { Billing } from './billing.js';
import type { Clock } from './clock.js';
import type { Faults } from './faults.js';
import { launchEmulator } from './launch-emulator.js';
import type { LaunchParts } from './launch-emulator.js';
import type { StatementRecord } from './run-statement.js';
import { readMemberUsage, seedOrganizationUsage, withLiveCredits } from './scenarios/organization-usage.js';
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
  /**
   * Serve several accounts, chosen by the login's account name (an unknown name is refused with HTTP 403,
   * as Snowflake does). Each has its own scenario seed derived from its name (seedForAccount), its own data,
   * frozen clock and billing; every account after the first also has its own warehouses and resource monitors
   * drawn from that seed (scenarios/account-variant.ts), the first the documented scenario's; the first is seeded at start, the others on their first login. Absent: the
   * single default account (locator EMU12345), which any account name reaches.
   */
  readonly accounts?: readonly string[];
  /**
   * Makes one of `accounts` the organization account: its SNOWFLAKE.ORGANIZATION_USAGE (METERING_DAILY_HISTORY,
   * USAGE_IN_CURRENCY_DAILY, REMAINING_BALANCE_DAILY, CONTRACT_ITEMS) is derived from every served account's
   * own seeded metering and storage (organization-usage.ts), so its first login seeds them all.
   */
  readonly organization?: {
    readonly account: string;
    /** USD per credit on the bill. Default 3. */
    readonly usdPerCredit?: number;
    /** The capacity contract in USD. Default: 80 % of a year at the accounts' average daily spend. */
    readonly contractUsd?: number;
  };
}

/** One served account. */
export interface EmulatorAccount {
  /** Pass as snowflake-sdk `account`. */
  readonly accountName: string;
  readonly account: EmulatedAccount;
  readonly clock: Clock;
  readonly billing: Billing;
  /**
   * Runs DuckDB SQL directly (no dialect layer), for tests computing expectations from the scenario's own
   * data. Values are DuckDB's JSON forms: BIGINT, HUGEINT and DECIMAL arrive as strings, timestamps as text.
   */
  queryRaw(sql: string): Promise<Record<string, unknown>[]>;
}

/** The running emulator; its own account fields are the first (or only) account's. */
export interface RunningEmulator extends EmulatorAccount {
  /** `http://127.0.0.1:PORT`, for snowflake-sdk's `accessUrl`. */
  readonly url: string;
  readonly port: number;
  /** The served account names (`accounts`), empty for the single default account. */
  readonly accountNames: readonly string[];
  /** A served account by name, seeding it if no login has yet; throws for a name the emulator does not serve. */
  accountByName(name: string): Promise<EmulatorAccount>;
  /** Seeds every served account now rather than at its first login; resolves when all are ready. */
  seedAll(): Promise<void>;
  /** Emulator-wide faults; `faults.account(name)` are one served account's own (the others answer as usual). */
  readonly faults: Faults;
  /** Every statement run, in order, in every account. */
  readonly statements: readonly StatementRecord[];
  /** Closes connections, the server and DuckDB. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Builds the organization account's ORGANIZATION_USAGE from its members' seeded metering and storage plus the
 * credits their billing charged since; skips a rebuild when neither the organization's day (the views' latency
 * window) nor any member's charged credits (to 0.001 credit, USAGE's precision) moved since the last one.
 */
function organizationViews(settings: EmulatorOptions['organization']): LaunchParts<Billing>['organization'] {
  /** The last build: what it was derived from, and the contract amount it used. */
  let built: { key: string; contractUsd: number | null } | undefined;
  return async (connection, now, members) => {
    const live: ReadonlyMap<string, number>[] = [];
    for (const m of members) {
      const tenant = await m.live();
      live.push(tenant?.billing.dailyCredits(tenant.clock.now()) ?? new Map<string, number>());
    }
    // To the bill's 0.001 credit: a statement moving the organization's own clock by its milliseconds does not rebuild them.
    const key = JSON.stringify([now.toISOString().slice(0, 10), live.map((daily) => [...daily].map(([d, c]) => [d, c.toFixed(3)]))]);
    if (built?.key === key) return;
    const usage = [];
    for (const [n, m] of members.entries()) {
      const seeded = await readMemberUsage(m.name.toUpperCase(), locatorForAccount(m.name), (sql) => m.queryRaw(sql));
      usage.push(withLiveCredits(seeded, live[n] ?? new Map<string, number>()));
    }
    // The contract stays what it was at the first build (a default one is sized from the spend then).
    const contractUsd = settings?.contractUsd ?? built?.contractUsd ?? undefined;
    const amount = await seedOrganizationUsage(connection, {
      now,
      members: usage,
      ...(settings?.usdPerCredit !== undefined ? { usdPerCredit: settings.usdPerCredit } : {}),
      ...(contractUsd !== undefined ? { contractUsd } : {}),
    });
    built = { key, contractUsd: amount };
  };
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  // SHOW reads live state that only moves when billing observes the time (auto-suspend, cycle resets),
  // so every SHOW first lets the account's billing catch up with the clock.
  const billings = new WeakMap<EmulatedAccount, Billing>();
  const baseSeed = options.scenario?.seed ?? 42;
  return launchEmulator(
    {
      seed: async (connection, now, name) => {
        if (name === undefined) return seedScenario(connection, { ...options.scenario, now });
        // The first account has the documented scenario's shape; every other its own, drawn from its seed.
        const vary = name.toUpperCase() !== options.accounts?.[0]?.toUpperCase();
        const account = await seedScenario(connection, { ...options.scenario, seed: seedForAccount(name, baseSeed), now, vary });
        // The scenario names its account EMU12345; a named account's daily metering carries its own name.
        await connection.run(`UPDATE snowflake.account_usage.METERING_DAILY_HISTORY SET ACCOUNT_NAME = '${name.toUpperCase()}'`);
        return account;
      },
      organization: organizationViews(options.organization),
      billing: (account, clock) => {
        const billing = new Billing(account, clock);
        billings.set(account, billing);
        return billing;
      },
      show: {
        warehouses: (account, show) => {
          billings.get(account)?.observe(show.now);
          return showWarehouses(account, show);
        },
        resourceMonitors: (account, show) => {
          billings.get(account)?.observe(show.now);
          return showResourceMonitors(account, show);
        },
      },
    },
    { ...options, ...(options.organization ? { organizationAccount: options.organization.account } : {}) },
  );
}
