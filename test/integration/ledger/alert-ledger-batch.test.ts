/**
 * A cycle's runs stored together (AlertLedger.ingestMany, one transaction, a few statements) leave the
 * store as the same runs ingested one after another do: the same transitions, alerts, history and check
 * runs, through fires, refreshes, resolves, failed and partial runs, record-only runs, a check twice in
 * one cycle and a run observing what another run's check would resolve. Also the one-read failure
 * streaks (latestRuns) and the firing count by type.
 */

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ObservedAlert } from '../../../src/alerts/alert.js';
import { AlertLedger, streakOf } from '../../../src/ledger/alert-ledger.js';
import type { LedgerRun } from '../../../src/ledger/ingest-runs.js';
import { DIALECTS, type TestStore } from './dialects.js';

const T0 = new Date('2026-11-22T10:00:00.000Z');
const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

const alert = (check: string, name: string, type = 'pipeline_failure'): ObservedAlert => ({
  labels: { alert_type: type, pipeline: name, check, account: 'prod' },
  annotations: { summary: `${name} is broken` },
});
const run = (check: string, status: 'ok' | 'partial' | 'failed', names: readonly string[], extra: Partial<LedgerRun> = {}): LedgerRun => ({
  check,
  outcome: { status, alerts: names.map((n) => alert(check, n)), account: 'prod', rows: names.length, ...(status === 'failed' ? { error: 'timed out' } : {}) },
  ...extra,
});
/** An alert whose labels say check `a` observed by a run of check `b` (a ledger caller may do that). */
const foreign = (labelCheck: string, runCheck: string, name: string): LedgerRun => ({
  check: runCheck,
  outcome: { status: 'ok', alerts: [alert(labelCheck, name)], account: 'prod' },
});

const CYCLES: readonly (readonly LedgerRun[])[] = [
  [run('a', 'ok', ['x', 'y']), run('b', 'ok', ['z']), run('c', 'ok', [])],
  [run('a', 'ok', ['x']), run('b', 'failed', []), run('c', 'partial', ['w']), run('d', 'ok', [], { recordOnly: true })],
  [run('a', 'ok', ['x', 'y']), run('b', 'ok', []), run('a', 'ok', ['y']), run('c', 'ok', ['w'])],
  [foreign('c', 'e', 'w'), run('c', 'ok', []), run('a', 'failed', ['q'])],
  [run('a', 'ok', []), run('b', 'ok', ['z']), run('c', 'ok', ['w']), run('e', 'ok', [])],
];

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip !== undefined)(`a cycle's runs stored together (${dialect.name})`, () => {
    let batched: TestStore;
    let oneByOne: TestStore;
    beforeEach(async () => {
      [batched, oneByOne] = [await dialect.open(), await dialect.open()];
    });
    afterEach(async () => {
      await batched.close();
      await oneByOne.close();
    });

    const snapshot = async (store: TestStore) => ({
      alerts: await store.db.selectFrom('alerts').selectAll().orderBy('fingerprint').execute(),
      history: (await store.db.selectFrom('alert_history').select(['fingerprint', 'at', 'from_status', 'to_status', 'note']).orderBy('id').execute()).map(
        (h) => ({ ...h }),
      ),
      runs: await store.db
        .selectFrom('check_runs')
        .select(['check', 'account', 'status', 'rows', 'error', 'started_at', 'ended_at'])
        .orderBy('check')
        .orderBy('id')
        .execute(),
    });

    it('does leave the store and return the transitions as runs ingested one after another do', async () => {
      const many = new AlertLedger(batched.db);
      const one = new AlertLedger(oneByOne.db);
      for (const [i, cycle] of CYCLES.entries()) {
        const together = await many.ingestMany(cycle, at(i));
        const apart = [];
        for (const r of cycle) {
          if (r.recordOnly === true)
            await one.recordCheckRun({
              check: r.check,
              account: 'prod',
              startedAt: at(i),
              endedAt: at(i),
              status: r.outcome.status,
              rows: r.outcome.rows ?? 0,
            });
          else apart.push(...(await one.ingest(r.check, r.outcome, at(i))));
        }
        expect(together.map((t) => [t.alert.fingerprint, t.from, t.to])).toEqual(apart.map((t) => [t.alert.fingerprint, t.from, t.to]));
      }
      expect(await snapshot(batched)).toEqual(await snapshot(oneByOne));
      // The scenario did exercise resolves and new episodes.
      const history = (await snapshot(batched)).history;
      expect(history.filter((h) => h.to_status === 'resolved').length).toBeGreaterThan(1);
      expect(history.some((h) => h.from_status === 'resolved')).toBe(true);
    });

    it('does read every check’s latest runs in one statement, newest first, and count firing alerts by type', async () => {
      const ledger = new AlertLedger(batched.db);
      await ledger.ingestMany([run('a', 'ok', ['x']), run('b', 'failed', [])], at(0));
      await ledger.ingestMany([run('a', 'failed', []), run('b', 'failed', [])], at(1));
      await ledger.ingestMany([run('a', 'failed', []), run('b', 'ok', [], { recordOnly: true })], at(2));
      const latest = await ledger.latestRuns(['a', 'b', 'c'], 2, 'prod');
      expect([...latest.keys()].sort()).toEqual(['a', 'b']);
      expect(latest.get('a')?.map((r) => r.status)).toEqual(['failed', 'failed']);
      expect(streakOf(latest.get('a') ?? [])).toEqual(await ledger.failureStreak('a', 2, 'prod'));
      expect(streakOf((await ledger.latestRuns(['a'], 100, 'prod')).get('a') ?? [])).toEqual({ failures: 2, since: at(1) });
      expect((await ledger.latestRuns(['b'], 100)).get('b')?.map((r) => r.status)).toEqual(['ok', 'failed', 'failed']);
      expect(await ledger.latestRuns(['a'], 5, 'other')).toEqual(new Map());

      await ledger.ingest('cost', { status: 'ok', alerts: [alert('cost', 'm', 'cost_monitor'), alert('cost', 'n', 'cost_monitor')], account: 'prod' }, at(3));
      await ledger.ingest('odd', { status: 'ok', alerts: [{ labels: { pipeline: 'no-type' }, annotations: { summary: 's' } }] }, at(3));
      expect(await ledger.firingByType()).toEqual({ pipeline_failure: 1, cost_monitor: 2, unknown: 1 });
    });
  });
}
