/**
 * The daemon's reload: loads config, routing, checks and Snowflake settings again, and only when all are valid
 * swaps them in (with a new dispatcher) between cycles. Only what changed restarts: the schedules when theirs
 * changed; an account added or removed has its watch started or stopped (through the assignment), an account
 * whose entry or settings changed opens a new session at its next cycle, and the other watches keep running
 * as they are (account-changes.ts tells which); a removed account's firing alerts end (end-removed-accounts.ts). The store and daemon.http keep their values until the next
 * start. An invalid config keeps the current, logged.
 */

import type { CheckDefinition } from '../checks/check.js';
import type { RunConfig } from './run-config.js';
import type { RoutingConfig } from '../router/routing-config.js';
import type { SnowflakeSettings } from '../sources/snowflake-settings.js';
import type { Daemon } from './daemon-runtime.js';
import { enabledChecks, message } from './loop-settings.js';
import { newDispatcher } from './new-dispatcher.js';
import { accountChanges } from './account-changes.js';
import { dbtAccount } from './account-watch.js';
import { resolveAccounts } from './open-store.js';
import { makeScheduler } from './schedule-loops.js';
import { setWatchedAccounts } from './watch-accounts.js';
import { endRemovedAccounts } from './end-removed-accounts.js';

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
  const changes = accountChanges({ accounts: before.accounts, settings: rt.accountSettings }, { accounts: next.config.accounts, settings: nextSettings });
  await daemon.exclusive(async () => {
    const old = rt.alerting;
    rt.config = next.config;
    rt.routing = next.routing;
    rt.checks = nextChecks;
    rt.accountSettings = nextSettings;
    rt.alerting = newDispatcher(daemon, rt.routing, rt.config);
    updateWatches(daemon, changes.changed);
    await old?.close();
  });
  const { config } = rt;
  if (before.store.display !== config.store.display || JSON.stringify(before.daemon.http) !== JSON.stringify(config.daemon.http)) {
    logger.warn('store and daemon.http changes take effect at the next start');
  }
  if (schedulesChanged(before, config)) await daemon.watchChanges(() => restartSchedules(daemon));
  if (changes.added.length > 0 || changes.removed.length > 0) {
    await setWatchedAccounts(
      daemon,
      config.accounts.map((a) => a.name),
    );
  }
  // Once this replica let go of them: the removed accounts' firing alerts end (renamed = removed + added).
  if (changes.removed.length > 0) await endRemovedAccounts(daemon);
  logger.info({ file: rt.config.file, ...changes }, 'config reloaded');
  return true;
}

/**
 * Each watch takes its account's config in force; those in `changed` take their new settings too and open
 * a new session at their next free cycle. The others keep their session.
 */
function updateWatches(daemon: Daemon, changed: readonly string[]): void {
  const { rt } = daemon;
  for (const watch of rt.watches.values()) {
    const account = rt.config.accounts.find((a) => a.name === watch.account.name);
    const settings = rt.accountSettings.get(watch.account.name);
    if (account === undefined || settings === undefined) continue;
    watch.account = account;
    if (!changed.includes(account.name)) continue;
    watch.settings = settings;
    watch.freeLoop.reset();
  }
}

/** Every running schedule stops (within the grace period) and starts again under the config in force. */
async function restartSchedules(daemon: Daemon): Promise<void> {
  const { rt } = daemon;
  for (const watch of rt.watches.values()) {
    if (watch.scheduler === undefined) continue;
    await watch.scheduler.stop(rt.config.daemon.shutdownGraceMs);
    watch.scheduler = makeScheduler(daemon, watch);
    watch.scheduler.start();
  }
}

/**
 * Whether the loops' cron, deadlines, timezone, the dbt poll or its account, or the accounts' offsets in the
 * cycle (one account or several, tick-offset.ts) changed: then the schedulers are rebuilt.
 */
function schedulesChanged(before: RunConfig, after: RunConfig): boolean {
  const d0 = before.daemon;
  const d1 = after.daemon;
  const dbtChanged =
    before.dbt.pollIntervalMs !== after.dbt.pollIntervalMs ||
    (before.dbt.artifacts.length === 0) !== (after.dbt.artifacts.length === 0) ||
    dbtAccount(before) !== dbtAccount(after);
  const spreadChanged = before.accounts.length > 1 !== after.accounts.length > 1;
  return (
    dbtChanged ||
    spreadChanged ||
    d0.freeLoop !== d1.freeLoop ||
    d0.warehouseLoop !== d1.warehouseLoop ||
    d0.runTimeoutMs !== d1.runTimeoutMs ||
    d0.warehouseRunTimeoutMs !== d1.warehouseRunTimeoutMs ||
    d0.timezone !== d1.timezone
  );
}
