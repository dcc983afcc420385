/**
 * `snowmon run` as a function: opens the store, serves /healthz /readyz /metrics, takes the lead (a lease
 * with Postgres, always with SQLite and in fleet mode), watches every account it is assigned
 * (src/daemon/watch-accounts.ts) and schedules each one's free and warehouse loops (and the dbt loop), records each cycle (alerts,
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
import { watchAccounts } from './watch-accounts.js';
import { endRemovedAccounts } from './end-removed-accounts.js';
import { dbtAccount, type AccountWatch } from './account-watch.js';
import type { CycleRecord } from './record-cycle.js';

export function runDaemon(initialConfig: RunConfig, deps: DaemonDeps): DaemonHandle {
  const daemon = createDaemon(initialConfig, deps);
  const ready = start(daemon);
  ready.catch(() => undefined);
  const { rt, now } = daemon;
  const each = async (account: string | undefined, run: (watch: AccountWatch) => Promise<CycleRecord | undefined>) => {
    await ready;
    return tracked(daemon, () => forWatches(daemon, account, run));
  };
  return {
    ready,
    stop: (reason) => stopDaemon(daemon, ready, reason),
    reload: () => reloadDaemon(daemon, ready),
    runFreeCycle: (at, account) => each(account, (watch) => runFreeCycle(daemon, watch, at ?? now())),
    runWarehouseCycle: (at, account) => each(account, (watch) => runWarehouse(daemon, watch, at ?? now())),
    runDbtCycle: async (at) => {
      await ready;
      const watch = rt.watches.get(dbtAccount(rt.config) ?? '');
      return watch === undefined ? undefined : tracked(daemon, () => runDbt(daemon, watch, at ?? now()));
    },
    catchUpWarehouse: (at = now(), account = undefined) =>
      each(account, async (watch) => ((await missedWarehouseTick(daemon, watch, at)) !== undefined ? runWarehouse(daemon, watch, at) : undefined)),
    deliverDue: async (at) => {
      await ready;
      // A standby replica sends nothing: the leader owns the outbox (in fleet mode every replica delivers).
      return daemon.leading() ? deliverDue(daemon, at ?? now()) : { claimed: 0, sent: 0, failed: 0, dead: 0, released: 0 };
    },
    config: () => rt.config,
    metrics: daemon.metrics,
    httpPort: () => rt.server?.port,
    leading: daemon.leading,
    lastSelfCost: () => rt.lastSelfCost,
    watching: () => [...rt.watches.keys()],
  };
}

/** `run` for the watch of `account`, or for every watch in config order; the last record. */
async function forWatches(daemon: Daemon, account: string | undefined, run: (watch: AccountWatch) => Promise<CycleRecord | undefined>) {
  const names = account !== undefined ? [account] : daemon.rt.config.accounts.map((a) => a.name);
  let last: CycleRecord | undefined;
  for (const name of names) {
    const watch = daemon.rt.watches.get(name);
    if (watch !== undefined) last = (await run(watch)) ?? last;
  }
  return last;
}

/** Startup, in order; `ready` resolves when it is done and rejects when a step fails. */
async function start(daemon: Daemon): Promise<void> {
  const { rt, logger } = daemon;
  await openStore(daemon);
  await serveHttp(daemon);
  await takeLead(daemon);
  await watchAccounts(daemon);
  // Accounts removed from the config while the daemon was down: their alerts end now.
  await endRemovedAccounts(daemon);
  logger.info(
    {
      store: rt.config.store.display,
      http: rt.server?.port,
      free_loop: rt.config.daemon.freeLoop,
      warehouse_loop: rt.config.daemon.warehouseLoop,
      accounts: [...rt.watches.keys()],
    },
    'snowmon daemon ready',
  );
  if (daemon.deps.schedule !== false) scheduleLoops(daemon);
}
