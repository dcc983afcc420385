/**
 * One daemon cycle that brings a whole alert storm at once (10,000 alerts by default) into `Dispatcher` on a
 * SQLite file store, then flushes and delivers it to notifiers that always succeed, on a simulated clock.
 * Prints RSS before and at its sampled peak, the event loop's longest stall during ingest and flush, and
 * database round trips per step (counted by a Kysely plugin). Figures only; it asserts nothing.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dispatcher } from '../../src/dispatch/dispatcher.js';
import { fromDbTime } from '../../src/ledger/db-values.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { CountQueries } from '../../src/ledger/count-queries.js';
import { openDatabase } from '../../src/ledger/open-database.js';
import type { Notifier } from '../../src/notifiers/notifier.js';
import { loadRouting } from '../../src/router/load-routing.js';
import { NO_ENDPOINTS, STORM, STORM_ENV, stormGroups, stormOutcomes, writeStormRouting, type StormShape } from './storm-scenario.js';

const MB = 1024 * 1024;

const alwaysOk: Notifier = {
  async send(n) {
    return { ok: true, receiverData: {}, providerResponse: `ok ${n.id}` };
  },
};

export async function oneCycleStorm(
  shape: StormShape = STORM,
  start = new Date('2026-11-24T10:00:00Z'),
  out = (l: string) => process.stdout.write(`${l}\n`),
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'snowmon-cycle-storm-'));
  const raw = await openDatabase(`sqlite:${join(dir, 'storm.db')}`);
  const counter = new CountQueries();
  const db = raw.withPlugin(counter);
  try {
    const routing = await loadRouting(writeStormRouting(dir, NO_ENDPOINTS), STORM_ENV);
    const alerting = new Dispatcher({ db, routing, owner: 'bench-cycle', createNotifier: () => alwaysOk });
    const outbox = new Outbox(raw);
    const groups = stormGroups(shape);
    const alerts = groups.reduce((n, g) => n + g.findings.length, 0);
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    // A 5 ms timer: the longest gap between its ticks is the longest the event loop stalled (what /metrics waits).
    let last = performance.now();
    let stall = 0;
    const sampler = setInterval(() => {
      const at = performance.now();
      stall = Math.max(stall, at - last);
      last = at;
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 5);
    let mark = counter.count;
    let t = performance.now();
    await alerting.ingest(stormOutcomes(groups, start), start);
    const ingest = { ms: performance.now() - t, queries: counter.count - mark };
    const now = new Date(start.getTime() + 60_000);
    mark = counter.count;
    t = performance.now();
    const flushed = await alerting.flush(now);
    const flush = { ms: performance.now() - t, queries: counter.count - mark, enqueued: flushed.enqueued };
    clearInterval(sampler);
    stall = Math.max(stall, performance.now() - last);
    peak = Math.max(peak, process.memoryUsage().rss);
    let deliverQueries = 0;
    let sent = 0;
    let clock = now;
    for (let pass = 0; pass < 10_000; pass++) {
      mark = counter.count;
      const s = await alerting.deliver(clock, { limit: 50 });
      deliverQueries += counter.count - mark;
      sent += s.sent;
      if ((await outbox.depth()) === 0) break;
      // The next moment a row is due (a released one's turn), as the daemon's delivery loop would wake.
      const next = await raw
        .selectFrom('outbox')
        .select((eb) => eb.fn.min('next_attempt_at').as('at'))
        .where('status', 'in', ['pending', 'failed'])
        .executeTakeFirst();
      clock = new Date(Math.max(next?.at ? fromDbTime(String(next.at)).getTime() : clock.getTime() + 1000, clock.getTime() + 1));
    }
    out(`one-cycle storm: ${alerts.toLocaleString('en-US')} alerts in ${groups.length} groups (SQLite file store)`);
    out(
      `  ingest: ${ingest.ms.toFixed(0)} ms, ${ingest.queries} queries; flush: ${flush.ms.toFixed(0)} ms, ${flush.queries} queries, ${flush.enqueued} enqueued`,
    );
    out(`  event loop during ingest + flush: longest stall ${stall.toFixed(0)} ms`);
    out(`  RSS: ${(rssBefore / MB).toFixed(0)} MB before, ${(peak / MB).toFixed(0)} MB sampled peak`);
    out(
      `  deliver: ${sent} sends, ${deliverQueries} queries (${(deliverQueries / Math.max(1, sent)).toFixed(1)} per send), simulated ${((clock.getTime() - now.getTime()) / 1000).toFixed(0)} s`,
    );
    await alerting.close();
  } finally {
    await raw.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}
