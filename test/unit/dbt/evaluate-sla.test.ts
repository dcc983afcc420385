/**
 * SLA rules at a fixed instant: `duration`, `late` against `finish_by` in the SLA's zone across the
 * BST/GMT switch, and `not_run` against `every`, with what counts as a success (failing tests allowed,
 * errors not).
 */

import { describe, expect, it } from 'vitest';
import type { NodeResult, RunArtifact } from '../../../src/dbt/artifact.js';
import type { DbtConfig, DbtSla } from '../../../src/dbt/dbt-config.js';
import { evaluateDbt } from '../../../src/dbt/evaluate-dbt.js';
import { evaluateSla, type LateReading } from '../../../src/dbt/evaluate-sla.js';

let count = 0;
function run(started: string, finished: string, results: readonly NodeResult[] = [{ uniqueId: 'model.shop.orders', status: 'success' }]): RunArtifact {
  count += 1;
  return {
    kind: 'run_results',
    file: `run-${count}/run_results.json`,
    invocationId: `inv-${count}`,
    generatedAt: new Date(finished),
    startedAt: new Date(started),
    env: { PIPELINE: 'nightly' },
    command: 'build',
    select: [],
    results,
  };
}
const LONDON_7: DbtSla = { finishBy: '07:00', timezone: 'Europe/London' };
const at = (iso: string) => new Date(iso);

describe('evaluateSla', () => {
  it('does breach duration when the last run took longer than max_duration', () => {
    const sla: DbtSla = { maxDurationMs: 3_600_000, timezone: 'UTC' };
    const long = evaluateSla('nightly', sla, [run('2026-11-20T05:00:00Z', '2026-11-20T06:10:00Z')], at('2026-11-20T08:00:00Z'), at('2026-11-20T08:00:00Z'));
    expect(long).toMatchObject({ state: 'breached', reasons: ['duration'] });
    expect(long.breaches[0]!.summary).toBe('pipeline nightly took 1h 10m (max_duration 1h) in run inv-1');
    const quick = evaluateSla('nightly', sla, [run('2026-11-20T05:00:00Z', '2026-11-20T05:59:00Z')], at('2026-11-20T08:00:00Z'), at('2026-11-20T08:00:00Z'));
    expect(quick).toMatchObject({ state: 'ok', reasons: [] });
  });

  it('does read finish_by in the SLA zone: 06:30Z is on time in winter (GMT) and late in summer (BST)', () => {
    const winter = evaluateSla(
      'nightly',
      LONDON_7,
      [run('2026-01-15T06:00:00Z', '2026-01-15T06:30:00Z')],
      at('2026-01-15T08:00:00Z'),
      at('2026-01-15T08:00:00Z'),
    );
    expect(winter.reasons).toEqual([]);
    const summer = evaluateSla(
      'nightly',
      LONDON_7,
      [run('2026-07-15T06:00:00Z', '2026-07-15T06:30:00Z')],
      at('2026-07-15T08:00:00Z'),
      at('2026-07-15T08:00:00Z'),
    );
    expect(summer.reasons).toEqual(['late']);
    expect(summer.breaches[0]!.summary).toBe('pipeline nightly is late: no successful run finished before 07:00 Europe/London today');
  });

  it('does move the deadline with the clocks on the day BST starts (2026-03-29)', () => {
    // 07:00 BST = 06:00Z that day: a success at 05:50Z is on time, one at 06:10Z is late.
    const onTime = evaluateSla(
      'nightly',
      LONDON_7,
      [run('2026-03-29T05:00:00Z', '2026-03-29T05:50:00Z')],
      at('2026-03-29T09:00:00Z'),
      at('2026-03-29T09:00:00Z'),
    );
    const late = evaluateSla(
      'nightly',
      LONDON_7,
      [run('2026-03-29T05:00:00Z', '2026-03-29T06:10:00Z')],
      at('2026-03-29T09:00:00Z'),
      at('2026-03-29T09:00:00Z'),
    );
    expect([onTime.reasons, late.reasons]).toEqual([[], ['late']]);
    // At 06:30Z it is 07:30 BST: already past the deadline with no success.
    expect(evaluateSla('nightly', LONDON_7, [], at('2026-03-29T06:30:00Z'), at('2026-03-29T06:30:00Z')).reasons).toEqual(['late']);
  });

  it("does not call a pipeline late before finish_by, nor count yesterday's success or a failed run today", () => {
    expect(evaluateSla('nightly', LONDON_7, [], at('2026-07-15T05:59:00Z'), at('2026-07-15T05:59:00Z')).reasons).toEqual([]);
    const yesterday = run('2026-07-14T04:00:00Z', '2026-07-14T05:00:00Z');
    const failed = run('2026-07-15T04:00:00Z', '2026-07-15T05:00:00Z', [{ uniqueId: 'model.shop.orders', status: 'error' }]);
    expect(evaluateSla('nightly', LONDON_7, [yesterday, failed], at('2026-07-15T07:00:00Z'), at('2026-07-15T07:00:00Z')).reasons).toEqual(['late']);
    const testsFailed = run('2026-07-15T04:00:00Z', '2026-07-15T05:00:00Z', [{ uniqueId: 'test.shop.t', status: 'fail', failures: 3 }]);
    expect(evaluateSla('nightly', LONDON_7, [testsFailed], at('2026-07-15T07:00:00Z'), at('2026-07-15T07:00:00Z')).reasons).toEqual([]);
  });

  it('does breach not_run when no success finished within every, counting a never-run pipeline from when snowmon first watched it', () => {
    const sla: DbtSla = { everyMs: 24 * 3_600_000, timezone: 'UTC' };
    const old = run('2026-11-19T01:00:00Z', '2026-11-19T02:00:00Z');
    const now = at('2026-11-20T08:00:00Z');
    expect(evaluateSla('nightly', sla, [old], now, now).reasons).toEqual(['not_run']);
    expect(evaluateSla('nightly', sla, [old], at('2026-11-20T01:59:00Z'), now).reasons).toEqual([]);
    expect(evaluateSla('nightly', sla, [], now, now).reasons).toEqual([]);
    expect(evaluateSla('nightly', sla, [], now, at('2026-11-19T07:00:00Z')).reasons).toEqual(['not_run']);
  });
});

/**
 * A fake clock stepping every 15 minutes from `from` to `to`: the instants at which `late` is breached,
 * as [first, last] spans (the runs are those finished at or before each instant, as the daemon sees them).
 */
function lateSpans(reading: LateReading, runs: readonly RunArtifact[], from: string, to: string, watchedSince = from): [string, string][] {
  const spans: [string, string][] = [];
  let open: string | undefined;
  let previous = from;
  for (let t = Date.parse(from); t <= Date.parse(to); t += 15 * 60_000) {
    const now = new Date(t);
    const seen = runs.filter((r) => r.generatedAt <= now);
    const late = evaluateSla('nightly', LONDON_7, seen, now, at(watchedSince), reading).reasons.includes('late');
    if (late && open === undefined) open = now.toISOString();
    if (!late && open !== undefined) {
      spans.push([open, previous]);
      open = undefined;
    }
    previous = now.toISOString();
  }
  if (open !== undefined) spans.push([open, previous]);
  return spans;
}

describe('late on a fake clock: the day (the contract) or until the next success (the daemon)', () => {
  // Sunday 29 March 2026, BST starts at 01:00Z: the 07:00 London deadline is 07:00Z on Saturday, 06:00Z on Sunday.
  // Built in each test: run() numbers invocations, and the tests above expect their own numbers.
  const failedSat = () => run('2026-03-28T04:00:00Z', '2026-03-28T05:00:00Z', [{ uniqueId: 'model.shop.orders', status: 'error' }]);
  const lateSat = () => run('2026-03-28T08:00:00Z', '2026-03-28T09:10:00Z');

  it('does end the breach when a late success arrives, where the contract keeps it until local midnight', () => {
    const runs = [failedSat(), lateSat()];
    const sunday: [string, string] = ['2026-03-29T06:00:00.000Z', '2026-03-29T12:00:00.000Z'];
    expect(lateSpans('day', runs, '2026-03-28T00:00:00Z', '2026-03-29T12:00:00Z')).toEqual([['2026-03-28T07:00:00.000Z', '2026-03-28T23:45:00.000Z'], sunday]);
    expect(lateSpans('until_success', runs, '2026-03-28T00:00:00Z', '2026-03-29T12:00:00Z')).toEqual([
      ['2026-03-28T07:00:00.000Z', '2026-03-28T09:00:00.000Z'],
      // Sunday (BST): no run at all, late from 07:00 BST = 06:00Z, until the end of the clock.
      sunday,
    ]);
  });

  it('does keep a missed deadline firing across midnight and the DST change until a success, which may be on time for the next day', () => {
    // No success on Saturday; Sunday's run finishes at 05:45Z = 06:45 BST, before Sunday's deadline (07:00 BST = 06:00Z).
    const sundayOnTime = run('2026-03-29T05:00:00Z', '2026-03-29T05:45:00Z');
    const runs = [failedSat(), sundayOnTime];
    expect(lateSpans('until_success', runs, '2026-03-28T00:00:00Z', '2026-03-29T12:00:00Z')).toEqual([
      ['2026-03-28T07:00:00.000Z', '2026-03-29T05:30:00.000Z'],
    ]);
    // The contract's reading: late on Saturday until local midnight, then nothing on Sunday (on time).
    expect(lateSpans('day', runs, '2026-03-28T00:00:00Z', '2026-03-29T12:00:00Z')).toEqual([['2026-03-28T07:00:00.000Z', '2026-03-28T23:45:00.000Z']]);
    const breach = evaluateSla('nightly', LONDON_7, [failedSat()], at('2026-03-29T03:00:00Z'), at('2026-03-28T00:00:00Z'), 'until_success').breaches;
    expect(breach.map((b) => b.summary)).toEqual(['pipeline nightly is late: no successful run finished before 07:00 Europe/London on 2026-03-28, nor since']);
  });

  it('does move the deadline with the clocks: Sunday 29 March is late from 06:00Z, Saturday from 07:00Z', () => {
    expect(lateSpans('until_success', [], '2026-03-29T00:00:00Z', '2026-03-29T08:00:00Z', '2026-03-29T00:00:00Z')).toEqual([
      ['2026-03-29T06:00:00.000Z', '2026-03-29T08:00:00.000Z'],
    ]);
    expect(lateSpans('until_success', [], '2026-03-28T00:00:00Z', '2026-03-28T08:00:00Z', '2026-03-28T00:00:00Z')).toEqual([
      ['2026-03-28T07:00:00.000Z', '2026-03-28T08:00:00.000Z'],
    ]);
  });

  it('does read the 25-hour day BST ends (2026-10-25): local midnight is 23:00Z the day before, a 01:30 deadline the first 01:30 (00:30Z)', () => {
    const early: DbtSla = { finishBy: '01:30', timezone: 'Europe/London' };
    const spans = (runs: readonly RunArtifact[]) => {
      const out: string[] = [];
      for (let t = Date.parse('2026-10-24T23:00:00Z'); t <= Date.parse('2026-10-25T03:00:00Z'); t += 15 * 60_000) {
        const now = new Date(t);
        const seen = runs.filter((r) => r.generatedAt <= now);
        // Watched from local midnight (23:00Z): the 24th's deadline is not carried.
        if (evaluateSla('nightly', early, seen, now, at('2026-10-24T23:00:00Z'), 'until_success').reasons.includes('late')) out.push(now.toISOString());
      }
      return [out[0], out[out.length - 1]];
    };
    // A success at 23:30Z on the 24th is 00:30 BST on the 25th: on time for the 25th's deadline.
    expect(spans([run('2026-10-24T23:00:00Z', '2026-10-24T23:30:00Z')])).toEqual([undefined, undefined]);
    // One at 22:30Z on the 24th is the day before (23:30 BST): late from 00:30Z, until the late success at 02:10Z (02:10 GMT).
    expect(spans([run('2026-10-24T22:00:00Z', '2026-10-24T22:30:00Z'), run('2026-10-25T02:00:00Z', '2026-10-25T02:10:00Z')])).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-25T02:00:00.000Z',
    ]);
  });

  it('does not carry past midnight a deadline missed before snowmon watched the pipeline', () => {
    // Watched from 00:30 on Sunday (GMT still): Saturday's 07:00 deadline was not seen; Sunday's is.
    expect(lateSpans('until_success', [], '2026-03-29T00:30:00Z', '2026-03-29T07:00:00Z', '2026-03-29T00:30:00Z')).toEqual([
      ['2026-03-29T06:00:00.000Z', '2026-03-29T07:00:00.000Z'],
    ]);
  });
});

describe('evaluateDbt with dbt.pipelines[].sla', () => {
  it("does report each breached reason as a critical sla_breach and the pipeline's sla state", () => {
    const config: DbtConfig = {
      artifacts: [],
      pipelines: [{ name: 'nightly', sla: { maxDurationMs: 3_600_000, finishBy: '07:00', timezone: 'Europe/London', everyMs: 86_400_000 } }],
    };
    const runs = [run('2026-07-15T05:00:00Z', '2026-07-15T06:30:00Z')];
    const s = evaluateDbt({ artifacts: runs, problems: [], config, now: at('2026-07-15T08:00:00Z') });
    expect(s.pipelines).toEqual([expect.objectContaining({ name: 'nightly', sla: { state: 'breached', reasons: ['duration', 'late'] } })]);
    expect(s.findings.map((f) => [f.severity, f.labels])).toEqual([
      ['critical', { alert_type: 'sla_breach', pipeline: 'nightly', reason: 'duration' }],
      ['critical', { alert_type: 'sla_breach', pipeline: 'nightly', reason: 'late' }],
    ]);
    const never = evaluateDbt({ artifacts: [], problems: [], config, now: at('2026-07-15T08:00:00Z'), watchedSince: () => at('2026-07-14T07:00:00Z') });
    expect(never.pipelines).toEqual([{ name: 'nightly', last_run: null, last_success_at: null, sla: { state: 'breached', reasons: ['late', 'not_run'] } }]);
  });
});
