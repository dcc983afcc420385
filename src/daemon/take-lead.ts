/**
 * The daemon's lease step: with a Postgres store (or `deps.lease`), work only while holding the lease; on
 * gaining it, deliver, forget the dbt loop's cursor and catch up the warehouse loops. With SQLite, and in fleet
 * mode (accounts shared by lease, src/daemon/watch-accounts.ts), always lead.
 */

import type { Kysely } from 'kysely';
import type { Database } from '../ledger/database.js';
import { LeaseStore } from '../ledger/lease-store.js';
import { isFleet } from './account-fences.js';
import { catchUpScheduled } from './catch-up-warehouse.js';
import type { Daemon } from './daemon-runtime.js';
import { Leader } from './lease.js';

export async function takeLead(daemon: Daemon): Promise<void> {
  const { rt, metrics, logger, owner } = daemon;
  // Fleet mode shares the accounts by lease instead (account-fences.ts): every replica works and delivers.
  if (isFleet(rt.config) || !(daemon.deps.lease ?? /^postgres(ql)?:\/\//i.test(rt.config.store.url.reveal()))) {
    metrics.setLeader(true);
    return;
  }
  rt.leader = new Leader({
    store: new LeaseStore(rt.store?.db as Kysely<Database>),
    owner,
    ttlMs: rt.config.daemon.leaseTtlMs,
    onEvent: (event) => {
      metrics.setLeader(event.type === 'gained');
      logger.info({ owner, ...(event.type === 'lost' ? { reason: event.reason } : {}) }, event.type === 'gained' ? 'leading' : 'standing by');
      if (event.type === 'gained' && daemon.autoDeliver) daemon.delivery.poke();
      if (event.type === 'gained') daemon.dbtLoop.reset(); // the replica that led before may have stored more
      if (event.type === 'gained') for (const watch of rt.watches.values()) if (watch.scheduler !== undefined) void catchUpScheduled(daemon, watch);
    },
  });
  await rt.leader.start();
}
