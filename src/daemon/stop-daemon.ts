/**
 * The daemon's stop: one deadline (`daemon.shutdown_grace`) for scheduled runs, cycles driven by hand, the
 * delivery pass, and the closing of the lease, Snowflake, HTTP and the store; whatever still hangs then is
 * abandoned and logged. Stopping twice returns the first stop. Signals are src/daemon/signals.ts's.
 */

import { closeWithin, untilDeadline } from './close-within.js';
import type { Daemon } from './daemon-runtime.js';
import { message } from './loop-settings.js';
import { releaseAccounts, stopWatching } from './watch-accounts.js';

export function stopDaemon(daemon: Daemon, ready: Promise<void>, reason: string): Promise<void> {
  const { rt, logger } = daemon;
  rt.stopping ??= (async () => {
    logger.info({ reason }, 'stopping');
    const grace = rt.config.daemon.shutdownGraceMs;
    const deadline = Date.now() + grace;
    const result = await stopWatching(daemon, grace);
    if (!result.drained) logger.warn({ abandoned: result.abandoned }, 'runs still going at the end of the grace period were abandoned');
    await untilDeadline(ready, deadline);
    await untilDeadline(Promise.all([...daemon.inFlight]), deadline);
    await untilDeadline(daemon.delivery.stop(), deadline);
    // Claimed outbox rows not sent by now stay claimed until their lease lapses; then another daemon (or the next start) sends them.
    await untilDeadline(
      daemon.exclusive(async () => undefined),
      deadline,
    );
    const { abandoned } = await closeWithin(
      [
        { name: 'lease', run: async () => rt.leader?.stop() },
        { name: 'alerting', run: async () => rt.alerting?.close() },
        // Sessions closed and accounts released (in fleet mode another replica takes them at once).
        { name: 'snowflake', run: () => releaseAccounts(daemon) },
        { name: 'http', run: async () => rt.server?.close() },
        { name: 'store', run: async () => rt.store?.db.destroy() },
      ],
      deadline,
      (step, error) => {
        if (step === 'lease') logger.warn({ error: message(error) }, 'could not release the lease');
      },
    );
    if (abandoned.length > 0) logger.warn({ abandoned, grace_ms: grace }, 'still closing at the end of the grace period: abandoned');
    logger.info({ reason }, 'stopped');
  })();
  return rt.stopping;
}
