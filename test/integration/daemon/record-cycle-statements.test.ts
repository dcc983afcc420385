/**
 * What storing one account's free-loop cycle costs on Postgres (recordCycle, fleet mode: the account
 * held by lease, its writes fenced): the statements and transactions it sends, counted on the handle
 * (BEGIN and COMMIT included), in the steady state (the same results again, nothing new firing) and
 * with findings. Bounds, not times, so the cost cannot grow back unnoticed.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountIdentity } from '../../../src/alerts/account-labels.js';
import type { CheckOutcome } from '../../../src/checks/check.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { createMetrics } from '../../../src/daemon/metrics.js';
import { HealthState } from '../../../src/daemon/monitor-health.js';
import { recordCycle, type RecordCycleDeps } from '../../../src/daemon/record-cycle.js';
import type { LoopResult } from '../../../src/daemon/free-loop.js';
import { AccountLeaseStore } from '../../../src/ledger/account-lease-store.js';
import { openCountingStore, type CountingStore } from '../../support/counting-store.js';
import { postgresUrl } from '../../support/postgres-url.js';
import type { TestDialect } from '../ledger/dialects.js';
import { openHarness, outcome, resourceMonitors, type Harness } from '../dispatch/harness.js';

const url = postgresUrl();
const T0 = new Date('2026-11-16T10:00:00.000Z');
const CYCLE = 15_000;
const at = (cycle: number) => new Date(T0.getTime() + cycle * CYCLE);
const PROD: AccountIdentity = { name: 'prod', labels: {} };

/** A free-loop result as the loop returns it: resource_monitors (the real evaluator), runaway warehouses, burn rate. */
function freeLoop(now: Date, used: number): LoopResult {
  const runaway: CheckOutcome = outcome('runaway_warehouses', [], now, 'ok', [
    { warehouse: 'ETL_WH', running_since: T0.toISOString(), running_ms: 600_000, credits: 1.3, usual_run_ms: 1_800_000, runaway: false },
  ]);
  const burn = outcome('burn_rate', [], now, 'ok', [{ monitor: 'ACCOUNT_MONTHLY', credits_per_hour: 4, used_credits: used }]);
  return { outcomes: [resourceMonitors(used, now), runaway, burn] };
}

describe.skipIf(url === undefined)('storing one account cycle on Postgres (statements counted)', () => {
  let counting: CountingStore;
  let h: Harness;
  let deps: RecordCycleDeps;

  beforeEach(async () => {
    counting = await openCountingStore(url as string);
    const dialect: TestDialect = {
      name: 'postgres',
      open: async () => ({ db: counting.db, openAnother: async () => counting.plain, close: () => counting.close() }),
    };
    h = await openHarness(dialect);
    const held = await new AccountLeaseStore(counting.plain).claim('r1', ['prod'], 3_600_000, T0);
    const token = held.get('prod') as bigint;
    deps = {
      alerting: h.alerting('r1', { fenceFor: (account) => ((account ?? 'prod') === 'prod' ? { account: 'prod', owner: 'r1', token } : undefined) }),
      health: new HealthState(),
      metrics: createMetrics({ processMetrics: false }),
      logger: createLogger({ level: 'silent' }),
      threshold: 3,
      account: PROD,
    };
  });
  afterEach(async () => {
    await h.close();
  });

  const measure = async (cycle: number, used: number) => {
    counting.reset();
    const result = freeLoop(at(cycle), used);
    const record = await recordCycle(deps, result, at(cycle));
    return {
      statements: counting.statements.length,
      transactions: counting.transactions(),
      findings: result.outcomes.flatMap((o) => o.findings).length,
      // Whether the daemon runs a delivery pass after it (a steady cycle leaves the delivery timer as it was).
      changed: record !== 'dropped' && record.changed,
    };
  };

  it('does store a steady cycle (nothing new firing) in a bounded number of statements', async () => {
    await measure(0, 100);
    await measure(1, 100);
    const steady = await measure(2, 100);
    console.log(`steady cycle: ${steady.statements} statements, ${steady.transactions} transactions\n  ${counting.statements.join('\n  ')}`);
    expect(steady.findings).toBe(0);
    // Measured before the cycle was stored in one transaction: 27 statements, 11 transactions. Now: the
    // fenced transaction (begin, lease FOR SHARE, streaks, snapshots, firing alerts, check runs, commit),
    // then the due groups and the overdue escalations.
    expect(steady).toMatchObject({ statements: 9, transactions: 3, changed: false });
    // What the delivery pass every cycle used to be followed by costs (deliver-due.ts: flush, deliver, next wake).
    counting.reset();
    await deps.alerting.flush(at(2));
    await deps.alerting.deliver(at(2));
    await deps.alerting.nextWakeAt(at(2));
    console.log(`a delivery pass, now skipped after a steady cycle: ${counting.statements.length} statements, ${counting.transactions()} transactions`);
  });

  it('does store a cycle with findings in a bounded number of statements', async () => {
    const first = await measure(0, 850);
    const again = await measure(1, 850);
    console.log(`findings, first: ${first.statements} statements, ${first.transactions} transactions; again: ${again.statements} / ${again.transactions}`);
    expect(first.findings).toBeGreaterThan(0);
    // Before: 32 / 13 the first time, 29 / 11 again. Firing anew adds the alert upsert, history and the
    // new groups (two statements each); firing still, the observed alerts' read and upsert.
    expect(first.statements).toBeLessThanOrEqual(14);
    expect(first.transactions).toBeLessThanOrEqual(5);
    expect(again).toMatchObject({ statements: 11, transactions: 3, changed: false });
    expect(first.changed).toBe(true);
  });
});
