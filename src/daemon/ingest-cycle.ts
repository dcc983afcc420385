/**
 * Ingests one account's cycle results (src/daemon/record-cycle.ts: alerts, monitor_health, metrics), one at a time with
 * delivery. A store failure is logged loudly and its monitor_health alert goes straight to its receivers (it
 * cannot be stored); the first stored cycle after it resolves it. A cycle dropped because this replica lost
 * the account's lease (fleet mode) is not stored (record-cycle.ts logs it) and returns undefined. Delivery
 * is poked after a cycle that changed what it waits for (a steady cycle leaves its timer as it was).
 */

import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { AccountWatch } from './account-watch.js';
import type { Daemon } from './daemon-runtime.js';
import { message } from './loop-settings.js';
import { recordCycle, type CycleRecord } from './record-cycle.js';

export function ingestCycle(daemon: Daemon, watch: AccountWatch, result: Parameters<typeof recordCycle>[1], at: Date): Promise<CycleRecord | undefined> {
  const { rt, logger } = daemon;
  return daemon.exclusive(async () => {
    // A delivery pass after the cycle only when the cycle changed what delivery waits for (or could not
    // be stored): otherwise the delivery timer, armed by the last pass, is still right.
    let poke = true;
    try {
      const stored = await recordCycle(
        {
          alerting: rt.alerting as Dispatcher,
          health: watch.health,
          metrics: daemon.metrics,
          logger: logger.child({ account: watch.account.name }),
          threshold: rt.config.daemon.checkFailureThreshold,
          snowflakeDownForMs: rt.config.daemon.snowflakeDownForMs,
          account: watch.account,
        },
        result,
        at,
      );
      // The store answered either way (a dropped cycle was refused by its lease, not by the store).
      await daemon.storeOutage.recovered(at);
      if (stored === 'dropped') return undefined;
      poke = stored.changed;
      return stored;
    } catch (error) {
      logger.fatal(
        { component: 'store', alert_type: 'monitor_health', error: message(error) },
        "the store is unwritable: this cycle's alerts cannot be stored; the monitor_health alert about the store goes to its receivers directly",
      );
      await daemon.storeOutage.failed(message(error), at);
      return undefined;
    } finally {
      if (daemon.autoDeliver && poke) daemon.delivery.poke();
    }
  });
}
