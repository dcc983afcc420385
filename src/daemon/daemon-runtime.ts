/**
 * What the steps of `runDaemon` share: the parts fixed for the daemon's life (clock, logger, metrics, the
 * dbt loop, the delivery timer) and one mutable `DaemonRuntime` (the config in force, the open store, the
 * dispatcher, lease, the watched accounts with their loops and schedules, the server, the last cycle). Built once per daemon; no steps live here.
 */

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { CheckDefinition } from '../checks/check.js';
import type { RunConfig } from './run-config.js';
import type { DispatchEvent } from '../dispatch/dispatch-events.js';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { Outbox } from '../delivery/outbox.js';
import type { AlertLedger } from '../ledger/alert-ledger.js';
import type { Database } from '../ledger/database.js';
import { withAccountLabels } from '../alerts/account-labels.js';
import { DbtInvocationStore } from '../ledger/dbt-invocation-store.js';
import type { RoutingConfig } from '../router/routing-config.js';
import type { SnowflakeSettings } from '../sources/snowflake-settings.js';
import type { AccountAssignment } from './account-assignment.js';
import type { AccountWatch } from './account-watch.js';
import { alertingLogger } from './alerting-log.js';
import type { DaemonDeps } from './daemon-handle.js';
import { DbtLoop } from './dbt-loop.js';
import { deliveryPass } from './deliver-due.js';
import { DeliveryLoop } from './delivery-loop.js';
import type { RunningServer } from './http-server.js';
import type { Leader } from './lease.js';
import { createLogger, type Logger } from './logger.js';
import { message, serial, type Exclusive } from './loop-settings.js';
import { createMetrics, type DaemonMetrics } from './metrics.js';
import type { SelfCostDigest } from './self-cost-digest.js';
import { StoreOutageNotice, type StoreOutageSubject } from './store-outage-notice.js';

/** The store once open. */
export interface DaemonStore {
  readonly db: Kysely<Database>;
  readonly ledger: AlertLedger;
  readonly outbox: Outbox;
}

/** Everything about a running daemon that changes: set at start, on reload, by cycles, by stop. */
export interface DaemonRuntime {
  config: RunConfig;
  routing: RoutingConfig;
  /** Every configured account's resolved Snowflake settings, by name; resolved when the store opens and on reload. */
  accountSettings: ReadonlyMap<string, SnowflakeSettings>;
  /** Set once the schedules run: an account gained from then on starts its loops at once. */
  scheduling: boolean;
  /** The accounts this daemon watches now, by name: each its settings, loops, health and schedules. */
  readonly watches: Map<string, AccountWatch>;
  /** Which accounts this daemon is assigned (all with SQLite; leased on Postgres in fleet mode); set once the store is open. */
  assignment: AccountAssignment | undefined;
  checks: CheckDefinition[];
  store: DaemonStore | undefined;
  /** Rebuilt on reload; every use of it runs inside `exclusive`. */
  alerting: Dispatcher | undefined;
  /** Only when a lease is taken (Postgres, or `deps.lease`). */
  leader: Leader | undefined;
  server: RunningServer | undefined;
  lastCycleAt: Date | undefined;
  lastSelfCost: SelfCostDigest | undefined;
  /** Set by the first stop(); once set, no new cycle starts. */
  stopping: Promise<void> | undefined;
}

export interface Daemon {
  readonly deps: DaemonDeps;
  readonly now: () => Date;
  readonly startedAt: Date;
  readonly logger: Logger;
  /** This replica's name in the lease and the outbox claims. */
  readonly owner: string;
  /** One at a time: cycles, delivery passes and reloads share one Dispatcher. */
  readonly exclusive: Exclusive;
  /** One at a time, in order: changes to the watched accounts (gained, lost, a reload's schedules). */
  readonly watchChanges: Exclusive;
  readonly metrics: DaemonMetrics;
  readonly dbtLoop: DbtLoop;
  readonly delivery: DeliveryLoop;
  readonly storeOutage: StoreOutageNotice;
  /** Cycles in flight (scheduled or driven by hand): stop() lets them finish within the grace period. */
  readonly inFlight: Set<Promise<unknown>>;
  /** With schedules off (tests driving the loops), delivery runs only when asked (deliverDue). */
  readonly autoDeliver: boolean;
  readonly onAlertingEvent: (event: DispatchEvent) => void;
  /** Whether this daemon does the work now (holds the lease, or needs none). */
  readonly leading: () => boolean;
  readonly rt: DaemonRuntime;
}

export function createDaemon(initialConfig: RunConfig, deps: DaemonDeps): Daemon {
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger ?? createLogger({ level: initialConfig.daemon.logLevel });
  const rt: DaemonRuntime = {
    config: initialConfig,
    routing: deps.routing,
    accountSettings: new Map(),
    scheduling: false,
    watches: new Map(),
    assignment: undefined,
    checks: [],
    store: undefined,
    alerting: undefined,
    leader: undefined,
    server: undefined,
    lastCycleAt: undefined,
    lastSelfCost: undefined,
    stopping: undefined,
  };
  const metrics = createMetrics({
    outboxStats: async () => {
      if (!rt.store) return { depth: 0, oldestAgeSeconds: 0 };
      const { outbox } = rt.store;
      return { depth: await outbox.depth(), oldestAgeSeconds: (await outbox.oldestPendingAge(now())) / 1000 };
    },
    // Counted once per scrape, in the store (every account's alerts), not once per account cycle.
    alertsFiring: async () => (rt.store ? rt.store.ledger.firingByType() : {}),
  });
  const daemon: Daemon = {
    deps,
    now,
    logger,
    metrics,
    rt,
    startedAt: now(),
    owner: `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
    exclusive: serial(),
    watchChanges: serial(),
    dbtLoop: new DbtLoop({ store: () => new DbtInvocationStore(rt.store?.db as Kysely<Database>), logger }),
    delivery: new DeliveryLoop({
      now,
      pass: () => deliveryPass(daemon),
      onError: (error) => logger.error({ component: 'store', error: message(error) }, 'delivery pass failed'),
    }),
    storeOutage: new StoreOutageNotice(
      () => rt.routing,
      { timeZone: deps.routing.timezone, ...deps.notifierDeps },
      logger,
      () => storeOutageSubject(rt, daemon.owner),
    ),
    inFlight: new Set(),
    autoDeliver: deps.schedule !== false,
    onAlertingEvent: alertingLogger(metrics, logger),
    leading: () => (rt.leader ? rt.leader.isLeader() : true),
  };
  return daemon;
}

/**
 * Whom a store outage is about: this replica (`replica=<owner>`), and with one account that account (its
 * `account` label and labels, its identifier in the message); with several it concerns them all.
 */
function storeOutageSubject(rt: DaemonRuntime, owner: string): StoreOutageSubject {
  const only = rt.config.accounts.length === 1 ? rt.config.accounts[0] : undefined;
  if (only === undefined) return { labels: { replica: owner } };
  const identifier = rt.watches.get(only.name)?.settings.account;
  return { labels: withAccountLabels({ replica: owner }, only), ...(identifier !== undefined ? { account: identifier } : {}) };
}

/** The watch of the first configured account held (the one a message names when only one is watched). */
export function firstWatch(rt: DaemonRuntime): AccountWatch | undefined {
  for (const account of rt.config.accounts) {
    const watch = rt.watches.get(account.name);
    if (watch !== undefined) return watch;
  }
  return undefined;
}

/** Runs a cycle counted in `inFlight`, unless the daemon is stopping (then nothing runs). */
export function tracked<T>(daemon: Daemon, work: () => Promise<T>): Promise<T | undefined> {
  if (daemon.rt.stopping) return Promise.resolve(undefined);
  const running = work();
  daemon.inFlight.add(running);
  void running.catch(() => undefined).finally(() => daemon.inFlight.delete(running));
  return running;
}
