/**
 * `snowmon run` as a function: opens the store, serves /healthz /readyz /metrics, takes the lead (a lease
 * with Postgres, always with SQLite), schedules the free, warehouse and dbt loops, records each cycle (alerts,
 * monitor_health, metrics), delivers through one timer, and stops or reloads on request; each step is its own
 * module, named below. Time comes from an injectable `now` and Snowflake from an injectable connection
 * factory, so tests drive every loop. Signals and process exit are src/daemon/signals.ts's and src/cli/run.ts's.
 */

import type { RunConfig } from './run-config.js';
import { missedWarehouseTick } from './catch-up-warehouse.js';
import type { DaemonDeps, DaemonHandle } from './daemon-handle.js';
import { createDaemon, tracked, type Daemon } from './daemon-runtime.js';
import { deliverDue } from './deliver-due.js';
import { openStore } from './open-store.js';
import { reloadDaemon } from './reload-daemon.js';
import { runDbt, runFreeCycle, runWarehouse } from './run-cycles.js';
import { scheduleLoops } from './schedule-loops.js';
import { serveHttp } from './serve-http.js';
import { stopDaemon } from './stop-daemon.js';
import { takeLead } from './take-lead.js';

export function runDaemon(initialConfig: RunConfig, deps: DaemonDeps): DaemonHandle {
  const daemon = createDaemon(initialConfig, deps);
  const ready = start(daemon);
  ready.catch(() => undefined);
  const { rt, now } = daemon;
  return {
    ready,
    stop: (reason) => stopDaemon(daemon, ready, reason),
    reload: () => reloadDaemon(daemon, ready),
    runFreeCycle: async (at) => {
      await ready;
      return tracked(daemon, () => runFreeCycle(daemon, at ?? now()));
    },
    runWarehouseCycle: async (at) => {
      await ready;
      return tracked(daemon, () => runWarehouse(daemon, at ?? now()));
    },
    runDbtCycle: async (at) => {
      await ready;
      return tracked(daemon, () => runDbt(daemon, at ?? now()));
    },
    catchUpWarehouse: async (at = now()) => {
      await ready;
      return tracked(daemon, async () => ((await missedWarehouseTick(daemon, at)) !== undefined ? runWarehouse(daemon, at) : undefined));
    },
    deliverDue: async (at) => {
      await ready;
      // A standby replica sends nothing: the leader owns the outbox.
      return daemon.leading() ? deliverDue(daemon, at ?? now()) : { claimed: 0, sent: 0, failed: 0, dead: 0, released: 0 };
    },
    config: () => rt.config,
    metrics: daemon.metrics,
    httpPort: () => rt.server?.port,
    leading: daemon.leading,
    lastSelfCost: () => rt.lastSelfCost,
  };
}

/** Startup, in order; `ready` resolves when it is done and rejects when a step fails. */
async function start(daemon: Daemon): Promise<void> {
  const { rt, logger } = daemon;
  await openStore(daemon);
  await serveHttp(daemon);
  await takeLead(daemon);
  logger.info(
    { store: rt.config.store.display, http: rt.server?.port, free_loop: rt.config.daemon.freeLoop, warehouse_loop: rt.config.daemon.warehouseLoop },
    'snowmon daemon ready',
  );
  if (daemon.deps.schedule !== false) scheduleLoops(daemon);
}
