/**
 * The daemon's accounts step: starts its `AccountAssignment` (every account with SQLite; leases shared with
 * the other replicas in fleet mode on Postgres) and keeps one watch per account held: a gained account gets
 * its watch (settings, free loop, health) and, once the loops run, its schedules with a first cycle and the
 * warehouse catch-up; a lost one is stopped. A reload's new list moves only the accounts added or removed.
 * Changes apply one at a time, in order (`daemon.watchChanges`).
 */

import type { AccountWatch } from './account-watch.js';
import { newAccountWatch, stopWatch } from './account-watch.js';
import type { Daemon } from './daemon-runtime.js';
import { message } from './loop-settings.js';
import { startWatch } from './schedule-loops.js';

/** Starts the assignment; resolves once the first accounts are watched. */
export async function watchAccounts(daemon: Daemon): Promise<void> {
  const { rt, logger } = daemon;
  const assignment = rt.assignment;
  if (assignment === undefined) throw new Error('watchAccounts before the store is open');
  assignment.onChange((gained, lost) => {
    void daemon
      .watchChanges(() => applyChange(daemon, gained, lost))
      .catch((error: unknown) => logger.error({ error: message(error), gained, lost }, 'could not apply an account change'));
  });
  await assignment.start();
  await daemon.watchChanges(() => Promise.resolve());
}

/**
 * A reload's new list of accounts: the assignment gives up those removed and takes those added (their
 * watches stop and start); the other watches keep running. Resolves once the changes are applied.
 */
export async function setWatchedAccounts(daemon: Daemon, accounts: readonly string[]): Promise<void> {
  await daemon.rt.assignment?.setAccounts(accounts);
  await daemon.watchChanges(() => Promise.resolve());
}

async function applyChange(daemon: Daemon, gained: readonly string[], lost: readonly string[]): Promise<void> {
  const { rt, logger } = daemon;
  for (const name of lost) {
    const watch = rt.watches.get(name);
    if (watch === undefined) continue;
    rt.watches.delete(name);
    await stopWatch(watch, rt.config.daemon.shutdownGraceMs);
    logger.info({ account: name }, 'account no longer watched here');
  }
  for (const name of gained) {
    const account = rt.config.accounts.find((a) => a.name === name);
    const settings = rt.accountSettings.get(name);
    if (account === undefined || settings === undefined || rt.watches.has(name)) continue;
    const watch: AccountWatch = newAccountWatch(daemon, account, settings);
    rt.watches.set(name, watch);
    if (rt.scheduling) startWatch(daemon, watch);
    logger.info({ account: name }, 'watching account');
  }
  daemon.metrics.setAccountsHeld(
    [...rt.watches.keys()],
    rt.config.accounts.map((a) => a.name),
  );
}

/** Stops every watch (schedules within the grace period, then sessions) and the assignment. */
export async function stopWatching(daemon: Daemon, graceMs: number): Promise<{ readonly drained: boolean; readonly abandoned: readonly string[] }> {
  const results = await Promise.all(
    [...daemon.rt.watches.values()].map(async (watch) => (await watch.scheduler?.stop(graceMs)) ?? { drained: true, abandoned: [] }),
  );
  for (const watch of daemon.rt.watches.values()) watch.scheduler = undefined;
  return { drained: results.every((r) => r.drained), abandoned: results.flatMap((r) => r.abandoned) };
}

/** Stops every watch (schedules within `graceMs`, then sessions) and releases the assignment. */
export async function releaseAccounts(daemon: Daemon, graceMs = 0): Promise<void> {
  const { rt } = daemon;
  const watches = [...rt.watches.values()];
  rt.watches.clear();
  await Promise.all(watches.map((watch) => stopWatch(watch, graceMs)));
  await rt.assignment?.stop();
}
