/**
 * The runtime-regression rule on runs built by hand: > 3× the median of the previous ≤ 10 successful runs
 * (at least 5), and ≥ 60 s above it; per pipeline; only a latest result that succeeded is judged.
 */

import { describe, expect, it } from 'vitest';
import type { NodeResult, RunArtifact } from '../../../src/dbt/artifact.js';
import { runtimeRegressions } from '../../../src/dbt/runtime-regressions.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T06:00:00Z');

function run(day: number, results: readonly NodeResult[], pipeline = 'nightly'): RunArtifact {
  return {
    kind: 'run_results',
    file: `runs/${day}/run_results.json`,
    invocationId: `inv-${pipeline}-${day}`,
    generatedAt: new Date(T0 + day * DAY),
    env: { PIPELINE: pipeline },
    command: 'build',
    select: [],
    results,
  };
}

const model = (seconds: number, status = 'success'): NodeResult => ({ uniqueId: 'model.shop.orders', status, executionTimeS: seconds });

describe('runtimeRegressions', () => {
  it('does flag a model above 3× its median and 60 s over it, with both figures', () => {
    const runs = [...[100, 110, 90, 105, 95].map((s, i) => run(i, [model(s)])), run(5, [model(400)])];
    const found = runtimeRegressions(runs, [], undefined);
    expect(found).toHaveLength(1);
    expect(found[0]?.summary).toBe('model orders took 6m 40s in run inv-nightly-5, against a median of 1m 40s over its previous 5 successful runs (4.0×)');
  });

  it('does say nothing with fewer than 5 previous successful runs, or below the 60 s floor, or at 3× exactly', () => {
    expect(runtimeRegressions([...[100, 100, 100, 100].map((s, i) => run(i, [model(s)])), run(4, [model(900)])], [], undefined)).toEqual([]);
    expect(runtimeRegressions([...[10, 10, 10, 10, 10].map((s, i) => run(i, [model(s)])), run(5, [model(65)])], [], undefined)).toEqual([]);
    expect(runtimeRegressions([...[100, 100, 100, 100, 100].map((s, i) => run(i, [model(s)])), run(5, [model(300)])], [], undefined)).toEqual([]);
  });

  it('does judge only a latest result that succeeded, and learn only from successes', () => {
    const history = [100, 100, 100, 100, 100].map((s, i) => run(i, [model(s)]));
    expect(runtimeRegressions([...history, run(5, [model(900)]), run(6, [model(900, 'error')])], [], undefined)).toEqual([]);
    expect(runtimeRegressions([...history, run(5, [model(5000, 'error')]), run(6, [model(400)])], [], undefined)).toHaveLength(1);
  });

  it("does keep each pipeline's history apart", () => {
    const slowPipeline = [600, 600, 600, 600, 600].map((s, i) => run(i, [model(s)], 'full'));
    const fastPipeline = [100, 100, 100, 100, 100].map((s, i) => run(i, [model(s)], 'nightly'));
    const found = runtimeRegressions([...slowPipeline, ...fastPipeline, run(5, [model(650)], 'full'), run(5, [model(650)], 'nightly')], [], undefined);
    expect(found.map((f) => f.labels['pipeline'])).toEqual(['nightly']);
  });
});
