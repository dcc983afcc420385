/**
 * Ingests one account's cycle results (src/daemon/record-cycle.ts: alerts, monitor_health, metrics), one at a time with
 * delivery. A store failure is logged loudly and its monitor_health alert goes straight to its receivers (it
 * cannot be stored); the first stored cycle after it resolves it.
 */

import type { Kysely } from 'kysely';
import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { AlertLedger } from '../ledger/alert-ledger.js';
import { CheckSnapshotStore } from '../ledger/check-snapshot-store.js';
import type { Database } from '../ledger/database.js';
import type { AccountWatch } from './account-watch.js';
import type { Daemon } from './daemon-runtime.js';
import { message } from './loop-settings.js';
import { recordCycle, type CycleRecord } from './record-cycle.js';

export function ingestCycle(daemon: Daemon, watch: AccountWatch, result: Parameters<typeof recordCycle>[1], at: Date): Promise<CycleRecord | undefined> {
  const { rt, logger } = daemon;
  return daemon.exclusive(async () => {
    try {
      const stored = await recordCycle(
        {
          alerting: rt.alerting as Dispatcher,
          ledger: rt.store?.ledger as AlertLedger,
          snapshots: new CheckSnapshotStore(rt.store?.db as Kysely<Database>),
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
      await daemon.storeOutage.recovered(at);
      return stored;
    } catch (error) {
      logger.fatal(
        { component: 'store', alert_type: 'monitor_health', error: message(error) },
        "the store is unwritable: this cycle's alerts cannot be stored; the monitor_health alert about the store goes to its receivers directly",
      );
      await daemon.storeOutage.failed(message(error), at);
      return undefined;
    } finally {
      if (daemon.autoDeliver) daemon.delivery.poke();
    }
  });
}
