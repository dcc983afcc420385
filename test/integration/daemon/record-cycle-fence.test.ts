/**
 * Fleet mode's fence on a cycle's ingest (Postgres): replica `a` runs a cycle of account `prod`, and
 * before it stores the results `b` takes the account's lease. `a`'s cycle is dropped whole (no alert, check
 * run or snapshot written, nothing resolved, a plain log line); `b` stores its own. While `a`'s store
 * transaction runs, its `FOR SHARE` lock keeps `b` from claiming the account. Without a fence (SQLite, one
 * process) the same cycle is stored.
 */

import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountIdentity } from '../../../src/alerts/account-labels.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { createMetrics } from '../../../src/daemon/metrics.js';
import { HealthState } from '../../../src/daemon/monitor-health.js';
import { recordCycle, type RecordCycleDeps } from '../../../src/daemon/record-cycle.js';
import type { LoopResult } from '../../../src/daemon/free-loop.js';
import type { Fence } from '../../../src/ledger/account-fence.js';
import { AccountLeaseStore } from '../../../src/ledger/account-lease-store.js';
import { DIALECTS } from '../ledger/dialects.js';
import { openHarness, outcome, resourceMonitors, type Harness } from '../dispatch/harness.js';

const postgres = DIALECTS.find((d) => d.name === 'postgres');
const T0 = new Date('2026-11-16T10:00:00.000Z');
const plus = (ms: number) => new Date(T0.getTime() + ms);
const TTL = 30_000;
const PROD: AccountIdentity = { name: 'prod', labels: {} };

/** A free-loop result of prod: resource_monitors at `used` credits of 1000 (850 fires alerts, 100 none). */
const cycle = (now: Date, used: number): LoopResult => ({ outcomes: [resourceMonitors(used, now), outcome('runaway_warehouses', [], now)] });

describe.skipIf(postgres?.skip !== undefined)('a cycle stored only while its account lease is held (postgres)', () => {
  let h: Harness;
  const logs: Record<string, unknown>[] = [];
  beforeEach(async () => {
    h = await openHarness(postgres!);
    logs.length = 0;
  });
  afterEach(async () => {
    await h.close();
  });

  const replica = (owner: string, fence: () => Fence | undefined): RecordCycleDeps => ({
    alerting: h.alerting(owner, { fenceFor: (account) => ((account ?? 'prod') === 'prod' ? fence() : undefined) }),
    health: new HealthState(),
    metrics: createMetrics({ processMetrics: false }),
    logger: createLogger({
      level: 'warn',
      destination: new Writable({
        write(chunk: Buffer, _e, done) {
          for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as Record<string, unknown>);
          done();
        },
      }),
    }),
    threshold: 3,
    account: PROD,
  });
  const count = async (table: 'alerts' | 'check_runs' | 'check_snapshots' | 'alert_history', firing = false) => {
    let query = h.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n'));
    if (firing && table === 'alerts') query = query.where('status', '=', 'firing');
    return Number((await query.executeTakeFirstOrThrow()).n);
  };

  it('does drop, whole and loudly, the cycle of a replica that lost the lease between run and store', async () => {
    const leases = new AccountLeaseStore(h.store.db);
    const tokenA = (await leases.claim('a', ['prod'], TTL, T0)).get('prod') as bigint;
    const a = replica('a', () => ({ account: 'prod', owner: 'a', token: tokenA }));
    expect(await recordCycle(a, cycle(T0, 850), T0)).not.toBe('dropped');
    const firing = await count('alerts', true);
    expect(firing).toBeGreaterThan(0);
    const before = [await count('check_runs'), await count('alert_history'), await count('check_snapshots')];
    const snapshots = await h.store.db.selectFrom('check_snapshots').selectAll().orderBy('check').execute();

    // a's next cycle ran (nothing fires any more: stored, it would resolve every alert), but a stalled past
    // its lease and b took the account before a stored it.
    const late = cycle(plus(TTL + 1000), 100);
    const tokenB = (await new AccountLeaseStore(await h.store.openAnother()).claim('b', ['prod'], TTL, plus(TTL))).get('prod') as bigint;
    expect(tokenB).toBe(tokenA + 1n);
    expect(await recordCycle(a, late, plus(TTL + 1000))).toBe('dropped');
    expect(await count('alerts', true)).toBe(firing);
    expect([await count('check_runs'), await count('alert_history'), await count('check_snapshots')]).toEqual(before);
    expect(await h.store.db.selectFrom('check_snapshots').selectAll().orderBy('check').execute()).toEqual(snapshots);
    expect(h.events.filter((e) => e.type === 'alert_transition' && e.to === 'resolved')).toEqual([]);
    expect(logs.filter((l) => String(l['msg']).startsWith('cycle dropped'))).toEqual([
      expect.objectContaining({ level: 40, account: 'prod', component: 'fleet', checks: ['resource_monitors', 'runaway_warehouses'] }),
    ]);

    // The new holder stores the same results: its ok run resolves what no longer fires.
    const b = replica('b', () => ({ account: 'prod', owner: 'b', token: tokenB }));
    expect(await recordCycle(b, late, plus(TTL + 1000))).not.toBe('dropped');
    expect(await count('alerts', true)).toBe(0);
    expect(await count('check_runs')).toBe((before[0] ?? 0) + 3);
  });

  it('does keep another replica from claiming the account while a cycle is being stored', async () => {
    await new AccountLeaseStore(h.store.db).claim('a', ['prod'], TTL, T0);
    const other = new AccountLeaseStore(await h.store.openAnother());
    let during: Map<string, bigint> | undefined;
    const a = replica('a', () => ({ account: 'prod', owner: 'a', token: 1n }));
    // The claim runs inside a's store transaction (its prepare step), after the lease was checked FOR SHARE.
    const storing = a.alerting.storeCycle(PROD, plus(TTL), async () => {
      during = await other.claim('b', ['prod'], TTL, plus(TTL)); // lapsed, but locked by the store
      return { outcomes: [] };
    });
    expect(await storing).toEqual([]);
    expect(during).toEqual(new Map());
    expect(await other.claim('b', ['prod'], TTL, plus(TTL))).toEqual(new Map([['prod', 2n]]));
  });

  it('does store every cycle when nothing is fenced (no fleet)', async () => {
    const alone: RecordCycleDeps = { ...replica('a', () => undefined), alerting: h.alerting('a') };
    expect(await recordCycle(alone, cycle(T0, 850), T0)).not.toBe('dropped');
    expect(await recordCycle(alone, cycle(plus(60_000), 100), plus(60_000))).not.toBe('dropped');
    expect([await count('alerts', true), await count('check_runs')]).toEqual([0, 6]);
  });
});
