/**
 * `snowmon run` as a function: opens the store, serves /healthz /readyz /metrics, takes the lead (a lease
 * with Postgres, always with SQLite), schedules the free and warehouse loops, records each cycle (alerts,
 * monitor_health, metrics), delivers through one timer, and stops or reloads on request. Time comes from
 * an injectable `now` and Snowflake from an injectable connection factory, so tests drive every loop.
 * Signals and process exit are src/daemon/signals.ts's and src/cli/run.ts's.
 */

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { sql, type Kysely } from 'kysely';
import { Dispatcher } from '../dispatch/dispatcher.js';
import type { DeliverySummary } from '../delivery/delivery-events.js';
import type { CheckDefinition } from '../checks/check.js';
import { redactStoreUrl } from '../config/mask-store-url.js';
import type { RunConfig } from './run-config.js';
import { AlertLedger } from '../ledger/alert-ledger.js';
import { CheckSnapshotStore } from '../ledger/check-snapshot-store.js';
import type { Database } from '../ledger/database.js';
import { LeaseStore } from '../ledger/lease-store.js';
import { openDatabase } from '../ledger/open-database.js';
import { Outbox } from '../delivery/outbox.js';
import type { RoutingConfig } from '../router/routing-config.js';
import type { SnowflakeSettings } from '../sources/snowflake-settings.js';
import { alertingLogger } from './alerting-log.js';
import { closeWithin, untilDeadline } from './close-within.js';
import type { DaemonDeps, DaemonHandle } from './daemon-handle.js';
import { daemonJobs, FREE_JOB, tickIntervalMs, WAREHOUSE_JOB } from './daemon-jobs.js';
import { DBT_JOB, DbtLoop, dbtJobs } from './dbt-loop.js';
import { DbtInvocationStore } from '../ledger/dbt-invocation-store.js';
import { DeliveryLoop } from './delivery-loop.js';
import { FreeLoop, type LoopSettings } from './free-loop.js';
import { enabledChecks, loopSettingsFor, message, serial } from './loop-settings.js';
import { pingHeartbeat } from './heartbeat.js';
import { buildHttpApp, listen, type RunningServer } from './http-server.js';
import { buildDashboard } from '../dashboard/dashboard-app.js';
import { Leader } from './lease.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { HealthState } from './monitor-health.js';
import { decideReadiness } from './readiness.js';
import { StoreOutageNotice } from './store-outage-notice.js';
import { recordCycle, type CycleRecord } from './record-cycle.js';
import { createScheduler, type Scheduler } from './scheduler.js';
import { selfCostDigest, type SelfCostDigest } from './self-cost-digest.js';
import { latestMissedTick } from './missed-tick.js';
import { runWarehouseCycle } from './warehouse-loop.js';

export function runDaemon(initialConfig: RunConfig, deps: DaemonDeps): DaemonHandle {
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const logger = deps.logger ?? createLogger({ level: initialConfig.daemon.logLevel });
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const exclusive = serial();
  const health = new HealthState();
  let config = initialConfig;
  let routing = deps.routing;
  let settings: SnowflakeSettings;
  let checks: CheckDefinition[] = [];
  let db: Kysely<Database> | undefined;
  let ledger: AlertLedger;
  let outbox: Outbox;
  let alerting: Dispatcher | undefined;
  let leader: Leader | undefined;
  let scheduler: Scheduler | undefined;
  let server: RunningServer | undefined;
  let lastCycleAt: Date | undefined;
  let lastSelfCost: SelfCostDigest | undefined;
  let stopping: Promise<void> | undefined;

  const metrics = createMetrics({
    outboxStats: async () => {
      if (!db) return { depth: 0, oldestAgeSeconds: 0 };
      return { depth: await outbox.depth(), oldestAgeSeconds: (await outbox.oldestPendingAge(now())) / 1000 };
    },
  });
  const connect = (s: SnowflakeSettings) => (deps.connect ?? (async (x) => (await import('../sources/connect-snowflake.js')).connectSnowflake(x)))(s);
  const onStatement = (check: string, failed: boolean) => metrics.recordStatement(check, failed);
  const freeLoop = new FreeLoop({ connect: () => connect(settings), onStatement });
  const dbtLoop = new DbtLoop({ store: () => new DbtInvocationStore(db as Kysely<Database>), logger });
  const leading = () => (leader ? leader.isLeader() : true);
  /** With schedules off (tests driving the loops), delivery runs only when asked (deliverDue). */
  const autoDeliver = deps.schedule !== false;

  const onAlertingEvent = alertingLogger(metrics, logger);
  const newAlerting = (r: RoutingConfig, c: RunConfig): Dispatcher =>
    new Dispatcher({
      db: db as Kysely<Database>,
      routing: r,
      runbooks: c.runbooks,
      account: settings.account,
      owner,
      onEvent: onAlertingEvent,
      // A replica that takes over reclaims a dead leader's in-flight rows after this; it must still
      // outlive one send attempt (notifiers time out after 10 s).
      leaseMs: Math.max(c.daemon.leaseTtlMs, 15_000),
      notifierDeps: { timeZone: r.timezone, ...deps.notifierDeps },
    });

  /** The loops' settings, with the daemon's clock stamping each check run. */
  const loopSettings = (): LoopSettings => {
    const s = loopSettingsFor(config, settings, checks);
    return { ...s, run: { ...s.run, clock: now } };
  };

  const storeOutage = new StoreOutageNotice(
    () => routing,
    { timeZone: routing.timezone, ...deps.notifierDeps },
    logger,
    () => settings?.account,
  );

  /**
   * Ingests a cycle's results. A store failure is logged loudly and its monitor_health alert goes
   * straight to its receivers (it cannot be stored); the first stored cycle after it resolves it.
   */
  const record = (result: Parameters<typeof recordCycle>[1], at: Date): Promise<CycleRecord | undefined> =>
    exclusive(async () => {
      try {
        const stored = await recordCycle(
          {
            alerting: alerting as Dispatcher,
            ledger,
            snapshots: new CheckSnapshotStore(db as Kysely<Database>),
            health,
            metrics,
            logger,
            threshold: config.daemon.checkFailureThreshold,
            snowflakeDownForMs: config.daemon.snowflakeDownForMs,
          },
          result,
          at,
        );
        await storeOutage.recovered(at);
        return stored;
      } catch (error) {
        logger.fatal(
          { component: 'store', alert_type: 'monitor_health', error: message(error) },
          "the store is unwritable: this cycle's alerts cannot be stored; the monitor_health alert about the store goes to its receivers directly",
        );
        await storeOutage.failed(message(error), at);
        return undefined;
      } finally {
        if (autoDeliver) delivery.poke();
      }
    });

  /** Cycles in flight (scheduled or driven by hand): stop() lets them finish within the grace period. */
  const inFlight = new Set<Promise<unknown>>();
  const tracked = <T>(work: () => Promise<T>): Promise<T | undefined> => {
    if (stopping) return Promise.resolve(undefined);
    const running = work();
    inFlight.add(running);
    void running.catch(() => undefined).finally(() => inFlight.delete(running));
    return running;
  };

  const runFreeCycle = async (at: Date = now(), signal?: AbortSignal): Promise<CycleRecord | undefined> => {
    if (!leading()) return undefined;
    const result = await freeLoop.cycle(loopSettings(), at, signal);
    const recorded = await record(result, at);
    if (recorded !== undefined) {
      lastCycleAt = at;
      metrics.recordJobSuccess(FREE_JOB, at);
    }
    const url = config.daemon.heartbeatUrl;
    if (url !== undefined && recorded !== undefined && result.sessionError === undefined) {
      const ping = await pingHeartbeat({ url: url.reveal(), ...(deps.fetch ? { fetch: deps.fetch } : {}) });
      if (!ping.ok) logger.warn({ error: ping.error }, 'heartbeat ping failed');
    }
    return recorded;
  };

  const runWarehouse = async (at: Date = now()): Promise<CycleRecord | undefined> => {
    if (!leading()) return undefined;
    const result = await runWarehouseCycle({ connect: () => connect(settings), onStatement }, loopSettings(), at);
    const recorded = await record(result, at);
    if (recorded !== undefined) metrics.recordJobSuccess(WAREHOUSE_JOB, at);
    // The daily digest line (the warehouse loop runs daily by default): what snowmon itself spent.
    const digest = selfCostDigest(result.outcomes, config.pricing.usdPerCredit, at);
    if (digest !== undefined) {
      lastSelfCost = digest;
      logger.info(
        { self_cost: { credits_1d: digest.credits1d, usd_1d: digest.usd1d, credits_30d: digest.credits30d, statements: digest.statements } },
        digest.line,
      );
    }
    return recorded;
  };

  /** One poll of the dbt loop (src/daemon/dbt-loop.ts), when dbt is configured: no Snowflake. */
  const runDbt = async (at: Date = now()): Promise<CycleRecord | undefined> => {
    if (!leading() || config.dbt.artifacts.length === 0) return undefined;
    const recorded = await record(await dbtLoop.cycle(config.dbt, at), at);
    if (recorded !== undefined) metrics.recordJobSuccess(DBT_JOB, at);
    return recorded;
  };

  /**
   * The warehouse loop's latest tick when it passed while no daemon was running (the last warehouse check
   * run in the store is older than it), logged; undefined when nothing was missed or this replica is not
   * leading. A restart across 06:00 then does not lose the day's only warehouse cycle: the caller runs it
   * once, and that run is recorded, so the next look finds nothing missed.
   */
  const missedWarehouseTick = async (at: Date): Promise<Date | undefined> => {
    if (!leading()) return undefined;
    const names = checks.filter((c) => c.header.cost === 'warehouse').map((c) => c.header.name);
    let lastRunAt: Date | undefined;
    for (const name of names) {
      const started = (await ledger.checkRuns(name, 1))[0]?.startedAt;
      if (started !== undefined && (lastRunAt === undefined || started > lastRunAt)) lastRunAt = started;
    }
    const missed = latestMissedTick(config.daemon.warehouseLoop, config.daemon.timezone, lastRunAt, at);
    if (missed !== undefined) {
      logger.info(
        { job: WAREHOUSE_JOB, missed: missed.toISOString(), last_run: lastRunAt?.toISOString() },
        'the warehouse loop missed a tick while no daemon ran: catching up once',
      );
    }
    return missed;
  };

  const deliverDue = (at: Date = now()): Promise<DeliverySummary> =>
    exclusive(async () => {
      const a = alerting as Dispatcher;
      await a.flush(at);
      const total = { claimed: 0, sent: 0, failed: 0, dead: 0, released: 0 };
      for (let pass = 0; pass < 20; pass++) {
        const s = await a.deliver(at);
        total.claimed += s.claimed;
        total.sent += s.sent;
        total.failed += s.failed;
        total.dead += s.dead;
        total.released += s.released;
        if (s.claimed === 0 || s.claimed === s.released) break;
      }
      return total;
    });

  const delivery = new DeliveryLoop({
    now,
    pass: async () => {
      if (!alerting || !leading()) return undefined;
      await deliverDue(now());
      return exclusive(() => (alerting as Dispatcher).nextWakeAt(now()));
    },
    onError: (error) => logger.error({ component: 'store', error: message(error) }, 'delivery pass failed'),
  });

  /** At start and on taking the lease: a missed warehouse tick runs through the scheduler (its deadline, no overlap). */
  const catchUpScheduled = async (): Promise<void> => {
    try {
      if ((await missedWarehouseTick(now())) !== undefined) await scheduler?.runNow(WAREHOUSE_JOB);
    } catch (error) {
      logger.error({ job: WAREHOUSE_JOB, error: message(error) }, 'warehouse catch-up failed');
    }
  };

  const makeScheduler = (): Scheduler =>
    createScheduler(
      [
        ...daemonJobs(config.daemon, {
          free: async ({ signal }) => {
            await tracked(() => runFreeCycle(now(), signal));
          },
          warehouse: async () => {
            await tracked(() => runWarehouse(now()));
          },
        }),
        ...dbtJobs(config.dbt, config.daemon.runTimeoutMs, async () => {
          await tracked(() => runDbt(now()));
        }),
      ],
      {
        timezone: config.daemon.timezone,
        logger,
        onEvent: (event) => {
          if (event.type === 'run_finished' && event.status === 'failed') logger.error({ job: event.job, error: event.error }, 'scheduled run failed');
          else if (event.type === 'run_skipped_overlap') logger.warn({ job: event.job }, 'previous run still going; tick skipped');
        },
      },
    );

  const probeStore = async (): Promise<{ ok: true } | { ok: false; error: string }> => {
    try {
      await sql`select 1`.execute(db as Kysely<Database>);
      return { ok: true };
    } catch (error) {
      return { ok: false, error: message(error) };
    }
  };

  const ready = (async () => {
    const url = config.store.url.reveal();
    try {
      db = await (deps.openStore ?? openDatabase)(url);
    } catch (error) {
      throw new Error(`cannot open the store ${config.store.display}: ${redactStoreUrl(message(error), url)}`, { cause: error });
    }
    ledger = new AlertLedger(db);
    outbox = new Outbox(db);
    settings = await deps.resolveSettings(config);
    checks = await enabledChecks(config);
    alerting = newAlerting(routing, config);
    const http = deps.http ?? config.daemon.http;
    if (http !== false) {
      const maxCycleAgeMs = 3 * tickIntervalMs(config.daemon.freeLoop, config.daemon.timezone);
      server = await listen(
        buildHttpApp({
          metrics: metrics.registry,
          dashboard: buildDashboard({
            db: () => db,
            settings: () => ({ dashboard: config.daemon.dashboard, usdPerCredit: config.pricing.usdPerCredit, account: settings?.account }),
            now,
          }),
          health: async () =>
            decideReadiness({ store: await probeStore(), lastCycleAt, startedAt, maxCycleAgeMs, ...(leader ? { leader: leader.isLeader() } : {}) }, now()),
        }),
        http.port,
        http.host,
      );
    }
    if (deps.lease ?? /^postgres(ql)?:\/\//i.test(url)) {
      leader = new Leader({
        store: new LeaseStore(db),
        owner,
        ttlMs: config.daemon.leaseTtlMs,
        onEvent: (event) => {
          metrics.setLeader(event.type === 'gained');
          logger.info({ owner, ...(event.type === 'lost' ? { reason: event.reason } : {}) }, event.type === 'gained' ? 'leading' : 'standing by');
          if (event.type === 'gained' && autoDeliver) delivery.poke();
          if (event.type === 'gained') dbtLoop.reset(); // the replica that led before may have stored more
          if (event.type === 'gained' && scheduler !== undefined) void catchUpScheduled();
        },
      });
      await leader.start();
    } else {
      metrics.setLeader(true);
    }
    logger.info(
      { store: config.store.display, http: server?.port, free_loop: config.daemon.freeLoop, warehouse_loop: config.daemon.warehouseLoop },
      'snowmon daemon ready',
    );
    if (deps.schedule !== false) {
      scheduler = makeScheduler();
      scheduler.start();
      delivery.poke();
      void scheduler.runNow(FREE_JOB).catch((error: unknown) => logger.error({ error: message(error) }, 'first free cycle failed'));
      if (config.dbt.artifacts.length > 0)
        void scheduler.runNow(DBT_JOB).catch((error: unknown) => logger.error({ error: message(error) }, 'first dbt poll failed'));
      void catchUpScheduled();
    }
  })();
  ready.catch(() => undefined);

  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ reason }, 'stopping');
      // One deadline for the whole stop: scheduled runs, cycles driven by hand, the delivery pass, and the
      // closing of the lease, Snowflake, HTTP and the store; whatever still hangs then is abandoned.
      const grace = config.daemon.shutdownGraceMs;
      const deadline = Date.now() + grace;
      const result = await scheduler?.stop(grace);
      if (result && !result.drained) logger.warn({ abandoned: result.abandoned }, 'runs still going at the end of the grace period were abandoned');
      await untilDeadline(ready, deadline);
      await untilDeadline(Promise.all([...inFlight]), deadline);
      await untilDeadline(delivery.stop(), deadline);
      // Claimed outbox rows not sent by now stay claimed until their lease lapses; then another daemon (or the next start) sends them.
      await untilDeadline(
        exclusive(async () => undefined),
        deadline,
      );
      const { abandoned } = await closeWithin(
        [
          { name: 'lease', run: async () => leader?.stop() },
          { name: 'alerting', run: async () => alerting?.close() },
          { name: 'snowflake', run: () => freeLoop.close() },
          { name: 'http', run: async () => server?.close() },
          { name: 'store', run: async () => db?.destroy() },
        ],
        deadline,
        (step, error) => {
          if (step === 'lease') logger.warn({ error: message(error) }, 'could not release the lease');
        },
      );
      if (abandoned.length > 0) logger.warn({ abandoned, grace_ms: grace }, 'still closing at the end of the grace period: abandoned');
      logger.info({ reason }, 'stopped');
    })();
    return stopping;
  };

  const reload = async (): Promise<boolean> => {
    if (!deps.reloadConfig || stopping) return false;
    let next: { config: RunConfig; routing: RoutingConfig };
    let nextChecks: CheckDefinition[];
    let nextSettings: SnowflakeSettings;
    try {
      next = await deps.reloadConfig();
      nextChecks = await enabledChecks(next.config);
      nextSettings = await deps.resolveSettings(next.config);
    } catch (error) {
      logger.error({ error: message(error) }, 'reload failed: keeping the current config');
      return false;
    }
    await ready;
    const before = config;
    await exclusive(async () => {
      const old = alerting;
      config = next.config;
      routing = next.routing;
      checks = nextChecks;
      settings = nextSettings;
      alerting = newAlerting(routing, config);
      freeLoop.reset();
      await old?.close();
    });
    if (before.store.display !== config.store.display || JSON.stringify(before.daemon.http) !== JSON.stringify(config.daemon.http)) {
      logger.warn('store and daemon.http changes take effect at the next start');
    }
    const d0 = before.daemon;
    const d1 = config.daemon;
    const dbtChanged = before.dbt.pollIntervalMs !== config.dbt.pollIntervalMs || (before.dbt.artifacts.length === 0) !== (config.dbt.artifacts.length === 0);
    if (
      scheduler &&
      (dbtChanged ||
        d0.freeLoop !== d1.freeLoop ||
        d0.warehouseLoop !== d1.warehouseLoop ||
        d0.runTimeoutMs !== d1.runTimeoutMs ||
        d0.warehouseRunTimeoutMs !== d1.warehouseRunTimeoutMs ||
        d0.timezone !== d1.timezone)
    ) {
      await scheduler.stop(d1.shutdownGraceMs);
      scheduler = makeScheduler();
      scheduler.start();
    }
    logger.info({ file: config.file }, 'config reloaded');
    return true;
  };

  return {
    ready,
    stop,
    reload,
    runFreeCycle: async (at) => {
      await ready;
      return tracked(() => runFreeCycle(at));
    },
    runWarehouseCycle: async (at) => {
      await ready;
      return tracked(() => runWarehouse(at));
    },
    runDbtCycle: async (at) => {
      await ready;
      return tracked(() => runDbt(at));
    },
    catchUpWarehouse: async (at = now()) => {
      await ready;
      return tracked(async () => ((await missedWarehouseTick(at)) !== undefined ? runWarehouse(at) : undefined));
    },
    deliverDue: async (at) => {
      await ready;
      // A standby replica sends nothing: the leader owns the outbox.
      return leading() ? deliverDue(at) : { claimed: 0, sent: 0, failed: 0, dead: 0, released: 0 };
    },
    config: () => config,
    metrics,
    httpPort: () => server?.port,
    leading,
    lastSelfCost: () => lastSelfCost,
  };
}
