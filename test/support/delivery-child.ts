/**
 * A delivery process for the kill -9 test: opens the store named by SNOWMON_STORE_URL (and
 * SNOWMON_STORE_SCHEMA on Postgres), loads SNOWMON_ROUTING_FILE, and runs `Dispatcher.deliver` on the
 * wall clock until the outbox is empty, printing one JSON line per event and per pass. Exits 0 when
 * drained, 2 when SNOWMON_CHILD_DEADLINE_MS (default 60 s) passes first. Test helper, compiled and spawned by test/integration/delivery-crash.test.ts.
 */

import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { openDatabase } from '../../src/ledger/open-database.js';
import { loadRouting } from '../../src/router/load-routing.js';

const env = process.env;
const required = (name: string): string => {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`${name} not set`);
  return value;
};
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(): Promise<void> {
  const schema = env['SNOWMON_STORE_SCHEMA'];
  const db = await openDatabase(required('SNOWMON_STORE_URL'), schema !== undefined ? { schema } : {});
  const routing = await loadRouting(required('SNOWMON_ROUTING_FILE'), env);
  const owner = required('SNOWMON_OWNER');
  const alerting = new Dispatcher({
    db,
    routing,
    owner,
    leaseMs: Number(required('SNOWMON_LEASE_MS')),
    onEvent: (event) => {
      if (event.type === 'notification_sent' || event.type === 'notification_failed' || event.type === 'notification_dead') {
        print({ event: event.type, id: event.id, receiver: event.receiver, groupKey: 'groupKey' in event ? event.groupKey : undefined });
      }
    },
  });
  const outbox = new Outbox(db);
  const limit = Number(env['SNOWMON_DELIVER_LIMIT'] ?? '10');
  const deadline = Date.now() + Number(env['SNOWMON_CHILD_DEADLINE_MS'] ?? '60000');
  print({ event: 'started', owner, pid: process.pid });
  for (;;) {
    if (Date.now() > deadline) {
      print({ event: 'deadline', depth: await outbox.depth() });
      process.exit(2);
    }
    const summary = await alerting.deliver(new Date(), { limit });
    const depth = await outbox.depth();
    print({ event: 'pass', ...summary, depth });
    if (depth === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await alerting.close();
  await db.destroy();
  print({ event: 'drained' });
}

main().catch((error: unknown) => {
  process.stderr.write(`delivery child failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
