/**
 * The six real dbt artifacts in <repo>/../shared/dbt-samples (copied byte for byte from public projects;
 * see its README), read from a temporary folder under their dbt names, never copied into the project.
 * Expected counts were taken from the files with jq, independently of this code:
 *   jq -c '[.results[].status] | group_by(.) | map({(.[0]): length}) | add' <file>
 */

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateDbt } from '../../../src/dbt/evaluate-dbt.js';
import { findArtifacts } from '../../../src/dbt/find-artifacts.js';

const SAMPLES = join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'dbt-samples');
const present = existsSync(SAMPLES);
if (!present) console.warn(`skipping the real dbt samples: ${SAMPLES} is absent`);

const FILES: Readonly<Record<string, string>> = {
  'v4-compile-error/run_results.json': 'run_results.v4.dbt-1.6.6.snowflake.run-compile-error.json',
  'v6-test-fail-warn/run_results.json': 'run_results.v6.dbt-1.12.0.duckdb.test-fail-warn.json',
  'v6-errors-skipped/run_results.json': 'run_results.v6.dbt-1.9.4.snowflake.run-errors-skipped.json',
  'fusion-error/run_results.json': 'run_results.v6.dbt-fusion-2.0.0-preview.databricks.run-error.json',
  'freshness-warn/sources.json': 'sources.v3.dbt-1.11.7.snowflake.freshness-warn.json',
  'freshness-error/sources.json': 'sources.v3.dbt-1.6.6.snowflake.freshness-error.json',
};
const AT = new Date('2026-12-01T00:00:00Z');
let root = '';

beforeAll(() => {
  if (!present) return;
  root = mkdtempSync(join(tmpdir(), 'snowmon-dbt-samples-'));
  for (const [target, sample] of Object.entries(FILES)) {
    mkdirSync(join(root, target, '..'), { recursive: true });
    copyFileSync(join(SAMPLES, sample), join(root, target));
  }
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

async function statusOf(...dirs: string[]) {
  const scan = await findArtifacts(dirs.map((d) => join(root, d)));
  return evaluateDbt({ ...scan, config: { artifacts: [], pipelines: [] }, now: AT });
}

describe.skipIf(!present)('real dbt artifacts', () => {
  it('does count 4 errors, 8 skips and 2 successes in the dbt 1.9.4 Snowflake run, each error a pipeline failure', async () => {
    const s = await statusOf('v6-errors-skipped');
    expect(s.problems).toEqual([]);
    expect(s.pipelines).toHaveLength(1);
    expect(s.pipelines[0]!.last_run).toMatchObject({
      invocation_id: 'd84afb99-8d1f-4d17-a0e6-a0fe5f885dda',
      command: 'run',
      status: 'error',
      counts: { error: 4, skipped: 8, success: 2, fail: 0, warn: 0, pass: 0 },
    });
    expect(s.findings.map((f) => [f.labels.alert_type, f.labels.node, f.severity])).toEqual([
      ['pipeline_failure', 'model.bookshop.stg_category', 'critical'],
      ['pipeline_failure', 'model.bookshop.stg_customers', 'critical'],
      ['pipeline_failure', 'model.bookshop.stg_factures', 'critical'],
      ['pipeline_failure', 'model.bookshop.stg_ventes', 'critical'],
    ]);
    expect(s.findings[0]!.summary).toContain('000904 (42000): SQL compilation error');
  });

  it('does count 2 failing tests and 1 warning in the dbt 1.12 run (with its undeclared overload_results)', async () => {
    const s = await statusOf('v6-test-fail-warn');
    expect(s.pipelines[0]!.last_run).toMatchObject({ command: 'test', status: 'success', counts: { fail: 2, warn: 1, pass: 24, error: 0, skipped: 0 } });
    expect(s.pipelines[0]!.last_run!.started_at).toBe('2026-07-31T16:59:43.415Z');
    expect(s.findings.map((f) => [f.labels.alert_type, f.severity, f.summary.match(/\((\d+) failing rows\)/)?.[1]])).toEqual([
      ['dbt_test_failure', 'warning', '52'],
      ['dbt_test_failure', 'warning', '21'],
      ['dbt_test_failure', 'info', '22'],
    ]);
  });

  it('does read the dbt 1.6 v4 file (1 error, 1 skip, 3 successes) and the Fusion preview file (1 error)', async () => {
    const v4 = await statusOf('v4-compile-error');
    expect(v4.pipelines[0]!.last_run).toMatchObject({ counts: { error: 1, skipped: 1, success: 3 }, finished_at: '2023-11-12T14:55:16.548Z' });
    expect(v4.findings.map((f) => f.labels.node)).toEqual(['model.dbtlearn.fct_reviews']);
    const fusion = await statusOf('fusion-error');
    expect(fusion.pipelines[0]!.last_run).toMatchObject({
      invocation_id: '019ec7fc-aa7b-7e12-b301-f69c1b1b784e',
      command: 'run',
      counts: { error: 1 },
      finished_at: '2026-06-14T21:14:51.745Z',
    });
    expect(fusion.findings).toHaveLength(1);
  });

  it('does report 4 freshness warnings and 1 freshness error from the two sources.json files', async () => {
    const s = await statusOf('freshness-warn', 'freshness-error');
    expect(s.pipelines).toEqual([]);
    const bySeverity = (sev: string) => s.findings.filter((f) => f.labels.alert_type === 'source_freshness' && f.severity === sev).length;
    expect([bySeverity('warning'), bySeverity('critical')]).toEqual([4, 1]);
    expect(s.findings.find((f) => f.severity === 'critical')!.labels.node).toBe('source.dbtlearn.airbnb.reviews');
  });

  it('does evaluate all six together: 6 pipeline failures, 3 test findings, 5 freshness findings, no problems', async () => {
    const s = await statusOf('.');
    expect(s.problems).toEqual([]);
    const count = (type: string) => s.findings.filter((f) => f.labels.alert_type === type).length;
    expect([count('pipeline_failure'), count('dbt_test_failure'), count('source_freshness')]).toEqual([6, 3, 5]);
    expect(s.pipelines.map((p) => [p.name, p.last_run?.invocation_id])).toEqual([
      ['run', '019ec7fc-aa7b-7e12-b301-f69c1b1b784e'],
      ['test', '73de6a4e-5d62-4c7d-b7f5-33a06cb8052a'],
    ]);
  });

  it('does read each sample in place when the file is named on its own (its metadata says which artifact it is), and refuses a file that is not .json', async () => {
    const scan = await findArtifacts([...Object.values(FILES).map((f) => join(SAMPLES, f)), join(SAMPLES, 'README.md')]);
    expect(scan.artifacts.map((a) => a.kind).sort()).toEqual(['run_results', 'run_results', 'run_results', 'run_results', 'sources', 'sources']);
    expect(scan.problems).toEqual([{ file: join(SAMPLES, 'README.md'), error: 'neither a folder nor a .json artifact file' }]);
    const inPlace = evaluateDbt({ ...scan, config: { artifacts: [], pipelines: [] }, now: AT });
    const copied = await statusOf(...Object.keys(FILES).map((f) => f.split('/')[0] as string));
    expect(inPlace.findings.map((f) => f.labels)).toEqual(copied.findings.map((f) => f.labels));
  });
});
