/**
 * The daemon's delivery step: flush the dispatcher's groups, then deliver until a pass claims nothing (at most
 * 20 passes), one at a time with the cycles. The timer that calls it is src/daemon/delivery-loop.ts.
 */

import type { Dispatcher } from '../dispatch/dispatcher.js';
import type { DeliverySummary } from '../delivery/delivery-events.js';
import type { Daemon } from './daemon-runtime.js';

export function deliverDue(daemon: Daemon, at: Date): Promise<DeliverySummary> {
  return daemon.exclusive(async () => {
    const a = daemon.rt.alerting as Dispatcher;
    await a.flush(at);
    const total = { claimed: 0, sent: 0, failed: 0, dead: 0, released: 0 };
    for (let pass = 0; pass < 20; pass++) {
      const s = await a.deliver(at);
      total.claimed += s.claimed;
      total.sent += s.sent;
      total.failed += s.failed;
      total.dead += s.dead;
      total.released += s.released;
      if (s.claimed === 0 || s.claimed === s.released) break;
    }
    return total;
  });
}

/** One pass of the delivery timer: nothing before the store is open or on a standby; resolves with when the next is due. */
export async function deliveryPass(daemon: Daemon): Promise<Date | undefined> {
  if (!daemon.rt.alerting || !daemon.leading()) return undefined;
  await deliverDue(daemon, daemon.now());
  return daemon.exclusive(() => (daemon.rt.alerting as Dispatcher).nextWakeAt(daemon.now()));
}
