/**
 * The shapes of the daemon's API: what `runDaemon` is given (routing, clock, connection factory, settings
 * and reload sources, logger) and the handle it returns (ready, stop, reload, the loops one cycle at a time).
 * Types only; src/daemon/run-daemon.ts builds them.
 */

import type { Kysely } from 'kysely';
import type { DeliverySummary } from '../delivery/delivery-events.js';
import type { RunConfig } from './run-config.js';
import type { Database } from '../ledger/database.js';
import type { NotifierDeps } from '../notifiers/registry.js';
import type { RoutingConfig } from '../router/routing-config.js';
import type { SnowflakeClient } from '../sources/snowflake-client.js';
import type { SnowflakeSettings } from '../sources/snowflake-settings.js';
import type { AccountConfig } from '../sources/account-config.js';
import type { AccountAssignment } from './account-assignment.js';
import type { Logger } from './logger.js';
import type { DaemonMetrics } from './metrics.js';
import type { CycleRecord } from './record-cycle.js';
import type { SelfCostDigest } from './self-cost-digest.js';

export interface DaemonDeps {
  readonly routing: RoutingConfig;
  /** The instant every decision uses; default the system clock. */
  readonly now?: () => Date;
  /** Opens a Snowflake session; default the real driver. */
  readonly connect?: (settings: SnowflakeSettings) => Promise<SnowflakeClient>;
  /** Snowflake settings of one account of a config (environment, connections.toml); called for each account at start and on reload. */
  readonly resolveSettings: (config: RunConfig, account: AccountConfig) => Promise<SnowflakeSettings>;
  /** The account assignment; default account-fences.ts's (every account, or leases in fleet mode). */
  readonly assignment?: (config: RunConfig, db: Kysely<Database>, owner: string, onError: (message: string) => void) => AccountAssignment;
  /** Loads the config and routing again for `reload()`; throws (ConfigError) when invalid. */
  readonly reloadConfig?: () => Promise<{ readonly config: RunConfig; readonly routing: RoutingConfig }>;
  readonly logger?: Logger;
  readonly notifierDeps?: NotifierDeps;
  /** Start the cron schedules (and a first free cycle); default true. Tests drive the loops by hand. */
  readonly schedule?: boolean;
  /** Overrides `daemon.http` (tests: port 0 on 127.0.0.1); false serves nothing. */
  readonly http?: { readonly port: number; readonly host: string } | false;
  /** Take the lease before working; default: only with a Postgres store. True on SQLite tests HA on one machine. */
  readonly lease?: boolean;
  /** Opens the store; default src/ledger/open-database.ts (tests: a store that hangs). */
  readonly openStore?: (url: string) => Promise<Kysely<Database>>;
  /** Heartbeat fetch (tests). */
  readonly fetch?: typeof fetch;
}

export interface DaemonHandle {
  /** Resolves once the store is open, the checks loaded and HTTP listening; rejects when startup fails. */
  readonly ready: Promise<void>;
  /** Stops scheduling, finishes or hands back work in flight, closes Snowflake, HTTP and the store; never past `daemon.shutdown_grace` (what still hangs then is abandoned and logged). */
  stop(reason: string): Promise<void>;
  /** Reloads config and routing; an invalid one keeps the current and logs why. Resolves true when applied. */
  reload(): Promise<boolean>;
  /**
   * One free-loop cycle at `now` (default the daemon's clock), as the schedule runs it, of `account`, or of
   * every watched account in turn (the last one's record returned).
   */
  runFreeCycle(now?: Date, account?: string): Promise<CycleRecord | undefined>;
  /** One warehouse-loop cycle, of `account` or of every watched account. */
  runWarehouseCycle(now?: Date, account?: string): Promise<CycleRecord | undefined>;
  /** One poll of the dbt loop; undefined when dbt is not configured (`dbt.artifacts` empty), not leading or the dbt account is not watched here. */
  runDbtCycle(now?: Date): Promise<CycleRecord | undefined>;
  /**
   * One warehouse-loop cycle, only when the loop's latest tick passed since the last warehouse run in the
   * store (a restart across it); done at start and on taking the lease. Undefined when nothing was missed.
   */
  catchUpWarehouse(now?: Date, account?: string): Promise<CycleRecord | undefined>;
  /** The accounts watched now, by name. */
  watching(): readonly string[];
  /** One delivery pass (flush, then deliver until nothing is claimed); nothing when not leading. */
  deliverDue(now?: Date): Promise<DeliverySummary>;
  /** The config in force. */
  config(): RunConfig;
  readonly metrics: DaemonMetrics;
  /** The HTTP port bound, once ready. */
  httpPort(): number | undefined;
  /** Whether this daemon does the work now (holds the lease, or needs none). */
  leading(): boolean;
  /** The self-cost digest of the last warehouse cycle whose self_cost check ran (also logged at info). */
  lastSelfCost(): SelfCostDigest | undefined;
}
