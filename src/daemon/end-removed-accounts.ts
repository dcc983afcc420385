/**
 * The daemon's step for accounts no longer in snowmon.yaml: at start and after a reload that removed an
 * account, their firing alerts are ended ("account X is no longer in snowmon.yaml", in their history and
 * description) and told as resolved through their routes at their groups' next flush, as any resolve;
 * logged once per account by the replica that ended them. An account another replica still holds (not yet
 * reloaded) is left to it, and looked at again once that lease would lapse. A failing Snowflake query never
 * gets here: only the config's list of accounts decides. The ending itself is
 * src/ledger/resolve-removed-accounts.ts's.
 */

import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { Daemon } from './daemon-runtime.js';
import { message } from './loop-settings.js';

/** Each daemon's pending look again (an account left to the replica that still held it). */
const again = new WeakMap<Daemon, NodeJS.Timeout>();

/** Ends the firing alerts of every account the config in force no longer lists; never throws (logged). */
export async function endRemovedAccounts(daemon: Daemon): Promise<void> {
  const { rt, logger } = daemon;
  clearTimeout(again.get(daemon));
  if (rt.stopping !== undefined || rt.alerting === undefined) return;
  try {
    const now = daemon.now();
    const configured = rt.config.accounts.map((a) => a.name);
    const result = await daemon.exclusive(() => (rt.alerting as Dispatcher).resolveRemovedAccounts(configured, now));
    const ended = new Map<string, number>();
    for (const t of result.transitions) ended.set(t.alert.labels['account'] ?? '', (ended.get(t.alert.labels['account'] ?? '') ?? 0) + 1);
    for (const [account, alerts] of ended) {
      logger.info({ component: 'accounts', account, alerts }, `account ${account} is no longer in snowmon.yaml: its firing alerts are resolved`);
    }
    if (ended.size > 0 && daemon.autoDeliver) daemon.delivery.poke();
    lookAgain(daemon, result.stillHeld, now);
  } catch (error) {
    logger.error({ component: 'accounts', error: message(error) }, 'could not resolve the alerts of accounts no longer configured');
  }
}

/** Once the last of `held` would lapse, the step runs again (the replica holding it may die instead of releasing it). */
function lookAgain(daemon: Daemon, held: ReadonlyMap<string, Date>, now: Date): void {
  if (held.size === 0) return;
  daemon.logger.debug(
    { component: 'accounts', accounts: [...held.keys()] },
    'accounts no longer configured are still held by another replica: their alerts are left to it',
  );
  const lapse = Math.max(...[...held.values()].map((d) => d.getTime()));
  const timer = setTimeout(() => void endRemovedAccounts(daemon), Math.max(0, lapse - now.getTime()) + 1);
  timer.unref();
  again.set(daemon, timer);
}
