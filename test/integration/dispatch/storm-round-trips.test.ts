/**
 * An alert storm in one cycle, counted in database round trips (a Kysely plugin), never in wall time:
 * ingest reads each aggregation group once, not once per alert; the event loop turns while it works;
 * and a backlog for one rate-limited Slack channel is released to each row's turn, not claimed and
 * released again every second.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fromDbTime } from '../../../src/ledger/db-values.js';
import { CountQueries } from '../../../src/ledger/count-queries.js';
import { DIALECTS } from '../ledger/dialects.js';
import { finding, openHarness, outcome, type Harness } from './harness.js';

const T0 = new Date('2026-11-24T10:00:00Z');
const GROUPS = 25;
const PER_GROUP = 40;

/** 1,000 pipeline failures in 25 groups, all routed to one Slack channel (#data-alerts). */
function storm(now: Date) {
  const findings = [];
  for (let g = 0; g < GROUPS; g++) {
    for (let i = 0; i < PER_GROUP; i++) findings.push(finding('pipeline_failure', { pipeline: `p${g}`, model: `m${i}` }, `p${g} m${i} failed`));
  }
  return outcome('storm', findings, now);
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`an alert storm in one cycle (${dialect.name})`, () => {
    let h: Harness;
    const counter = new CountQueries();

    beforeAll(async () => {
      h = await openHarness(dialect);
    });
    afterAll(async () => {
      await h?.close();
    });

    it('does read each group once while ingesting, let the event loop turn, and claim each notification about once', async () => {
      const alerting = h.alerting('storm:1:a', { db: h.store.db.withPlugin(counter) });
      // Turns of the event loop while the ingest runs (a self-renewing setImmediate: no timers, no wall clock).
      let turns = 0;
      let running = true;
      const spin = () => {
        turns++;
        if (running) setImmediate(spin);
      };
      setImmediate(spin);
      let before = counter.count;
      const transitions = await alerting.ingest([storm(T0)], T0);
      running = false;
      const ingestQueries = counter.count - before;
      expect(transitions).toHaveLength(GROUPS * PER_GROUP);
      // Ledger batches of 500 and one read + one write per group; per alert it would be over 1,000.
      expect(ingestQueries).toBeLessThanOrEqual(20 + 2 * GROUPS);
      expect(turns).toBeGreaterThanOrEqual(2);

      const flushAt = new Date(T0.getTime() + 30_000);
      expect((await alerting.flush(flushAt)).enqueued).toBe(GROUPS);
      const claims: string[] = [];
      const seen = h.events.length;
      // The delivery loop: deliver, then sleep until the next row is due (read outside the counted handle).
      let deliverQueries = 0;
      let now = flushAt;
      for (let pass = 0; pass < 200; pass++) {
        before = counter.count;
        await alerting.deliver(now);
        deliverQueries += counter.count - before;
        const next = await h.store.db
          .selectFrom('outbox')
          .select((eb) => eb.fn.min('next_attempt_at').as('at'))
          .where('status', 'in', ['pending', 'failed'])
          .executeTakeFirst();
        if (typeof next?.at !== 'string') break;
        now = new Date(Math.max(now.getTime() + 1, fromDbTime(next.at).getTime()));
      }
      for (const e of h.events.slice(seen)) if (e.type === 'notification_released') claims.push(e.id);
      const sent = h.slack.calls.filter((c) => c.method === 'chat.postMessage').length;
      expect(sent).toBe(GROUPS);
      // Each row is released at most once (to its turn at the channel's 1 message/s).
      expect(claims.length).toBeLessThanOrEqual(GROUPS);
      expect(new Set(claims).size).toBe(claims.length);
      // Claim, older-row check, send bookkeeping per row; re-claiming the backlog every second costs far more.
      expect(deliverQueries / sent).toBeLessThanOrEqual(10);
    }, 120_000);
  });
}
