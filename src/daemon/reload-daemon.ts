/**
 * The daemon's reload: loads config, routing, checks and Snowflake settings again, and only when all are valid
 * swaps them in (with a new dispatcher) between cycles; the schedules restart when theirs changed, and every
 * account's watch when accounts were added or removed. The store
 * and daemon.http keep their values until the next start. An invalid config keeps the current, logged.
 */

import type { CheckDefinition } from '../checks/check.js';
import type { RunConfig } from './run-config.js';
import type { RoutingConfig } from '../router/routing-config.js';
import type { SnowflakeSettings } from '../sources/snowflake-settings.js';
import type { Daemon } from './daemon-runtime.js';
import { enabledChecks, message } from './loop-settings.js';
import { newDispatcher } from './new-dispatcher.js';
import { newAssignment, resolveAccounts } from './open-store.js';
import { makeScheduler } from './schedule-loops.js';
import { releaseAccounts, watchAccounts } from './watch-accounts.js';

/** Resolves true when the new config was applied. */
export async function reloadDaemon(daemon: Daemon, ready: Promise<void>): Promise<boolean> {
  const { rt, deps, logger } = daemon;
  if (!deps.reloadConfig || rt.stopping) return false;
  let next: { config: RunConfig; routing: RoutingConfig };
  let nextChecks: CheckDefinition[];
  let nextSettings: ReadonlyMap<string, SnowflakeSettings>;
  try {
    next = await deps.reloadConfig();
    nextChecks = await enabledChecks(next.config);
    nextSettings = await resolveAccounts(deps, next.config);
  } catch (error) {
    logger.error({ error: message(error) }, 'reload failed: keeping the current config');
    return false;
  }
  await ready;
  const before = rt.config;
  // Accounts added or removed: every watch stops and the assignment starts again over the new list.
  const reassign = !sameAccounts(before, next.config);
  if (reassign) await releaseAccounts(daemon, before.daemon.shutdownGraceMs);
  await daemon.exclusive(async () => {
    const old = rt.alerting;
    rt.config = next.config;
    rt.routing = next.routing;
    rt.checks = nextChecks;
    rt.accountSettings = nextSettings;
    if (reassign) rt.assignment = newAssignment(daemon);
    rt.alerting = newDispatcher(daemon, rt.routing, rt.config);
    updateWatches(daemon);
    await old?.close();
  });
  const { config } = rt;
  if (before.store.display !== config.store.display || JSON.stringify(before.daemon.http) !== JSON.stringify(config.daemon.http)) {
    logger.warn('store and daemon.http changes take effect at the next start');
  }
  if (reassign) await watchAccounts(daemon);
  if (schedulesChanged(before, config)) {
    for (const watch of rt.watches.values()) {
      if (watch.scheduler === undefined) continue;
      await watch.scheduler.stop(config.daemon.shutdownGraceMs);
      watch.scheduler = makeScheduler(daemon, watch);
      watch.scheduler.start();
    }
  }
  logger.info({ file: rt.config.file }, 'config reloaded');
  return true;
}

/** Each watch takes its account's new config and settings; its next free cycle opens a new session. */
function updateWatches(daemon: Daemon): void {
  const { rt } = daemon;
  for (const watch of rt.watches.values()) {
    const account = rt.config.accounts.find((a) => a.name === watch.account.name);
    const settings = rt.accountSettings.get(watch.account.name);
    if (account === undefined || settings === undefined) continue;
    watch.account = account;
    watch.settings = settings;
    watch.freeLoop.reset();
  }
}

function sameAccounts(before: RunConfig, after: RunConfig): boolean {
  return before.accounts.map((a) => a.name).join('\n') === after.accounts.map((a) => a.name).join('\n');
}

/** Whether the loops' cron, deadlines, timezone or the dbt poll changed (then the scheduler is rebuilt). */
function schedulesChanged(before: RunConfig, after: RunConfig): boolean {
  const d0 = before.daemon;
  const d1 = after.daemon;
  const dbtChanged = before.dbt.pollIntervalMs !== after.dbt.pollIntervalMs || (before.dbt.artifacts.length === 0) !== (after.dbt.artifacts.length === 0);
  return (
    dbtChanged ||
    d0.freeLoop !== d1.freeLoop ||
    d0.warehouseLoop !== d1.warehouseLoop ||
    d0.runTimeoutMs !== d1.runTimeoutMs ||
    d0.warehouseRunTimeoutMs !== d1.warehouseRunTimeoutMs ||
    d0.timezone !== d1.timezone
  );
}
