/**
 * The daemon's warehouse cycle runs dbt_query_history (real snowflake-sdk against the emulator, whose
 * stg_payments fails every night 01–05 UTC) with what the dbt loop read from the artifacts: owners from
 * the manifest, and one alert per failure. When the artifacts have read the failed run, the `dbt` check
 * raises it and dbt_query_history keeps the row without a second finding; a failure the artifacts have not
 * seen (their last run of the node is older) is still raised from query history, with the manifest's owner.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOutcome, Finding } from '../../../src/checks/check.js';
import { runResultsText } from '../../support/dbt-run-results.js';
import { startHarness, T0, type Harness } from './run-harness.js';

const NODE = 'model.analytics.stg_payments';
let h: Harness;
let target: string;

function writeManifest(): void {
  const metadata = {
    dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
    dbt_version: '1.10.4',
    invocation_id: 'm-1',
    generated_at: '2026-11-19T00:30:00Z',
  };
  const node = {
    unique_id: NODE,
    resource_type: 'model',
    name: 'stg_payments',
    package_name: 'analytics',
    meta: { owner: 'payments_team', channel: '#payments' },
  };
  writeFileSync(join(target, 'manifest.json'), JSON.stringify({ metadata, nodes: { [NODE]: node }, child_map: { [NODE]: [] } }));
}

function writeRun(finishedAt: Date, status: string): void {
  const startedAt = new Date(finishedAt.getTime() - 600_000);
  const results = [
    { id: NODE, status, message: status === 'error' ? "Database Error in model stg_payments\n  000904 (42000): invalid identifier 'AMOUNT_CENTS'" : null },
  ];
  writeFileSync(
    join(target, 'run_results.json'),
    runResultsText({ invocationId: `run-${finishedAt.toISOString()}`, startedAt, finishedAt, pipeline: 'nightly', results }),
  );
}

const outcome = (outcomes: readonly CheckOutcome[] | undefined, name: string): CheckOutcome => outcomes!.find((o) => o.name === name)!;
const failuresOf = (o: CheckOutcome): Finding[] => o.findings.filter((f) => f.labels['alert_type'] === 'pipeline_failure' && f.labels['node'] === NODE);

beforeAll(async () => {
  target = mkdtempSync(join(tmpdir(), 'snowmon-dbt-target-'));
  writeManifest();
  h = await startHarness({
    configLines: [
      'dbt:',
      `  artifacts: ['${target}']`,
      '  pipelines:',
      // Query history cannot name it (no PIPELINE in the emulator's comments): alone it would breach not_run.
      '    - { name: nightly, match: { env: { PIPELINE: nightly } }, sla: { every: 1h } }',
    ],
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  rmSync(target, { recursive: true, force: true });
});

describe('dbt_query_history in the daemon, with artifacts', () => {
  it('does raise from query history a failure the artifacts have not read, with the owner and channel from the manifest', async () => {
    writeRun(new Date('2026-11-20T00:40:00Z'), 'success'); // before the night's failed statements (the store keeps it)
    await h.daemon.runDbtCycle(T0);
    const history = outcome((await h.daemon.runWarehouseCycle(T0))?.outcomes, 'dbt_query_history');
    expect(history.rows.find((r) => r['kind'] === 'failure' && r['node'] === NODE)).toMatchObject({ artifacts_seen_at: null });
    expect(failuresOf(history).map((f) => [f.labels['finding'], f.labels['owner'], f.labels['channel']])).toEqual([
      ['failed_statement', 'payments_team', '#payments'],
    ]);
  });

  it("does raise a failure seen by both sources once, from the artifacts, and keep query history's row with the manifest's owner", async () => {
    writeRun(new Date(T0.getTime() - 5 * 3_600_000), 'error'); // 07:00, after the night's failed statements
    const dbt = outcome((await h.daemon.runDbtCycle(T0))?.outcomes, 'dbt');
    expect(failuresOf(dbt).map((f) => [f.severity, f.labels['owner'], f.labels['channel']])).toEqual([['critical', 'payments_team', '#payments']]);

    const history = outcome((await h.daemon.runWarehouseCycle(T0))?.outcomes, 'dbt_query_history');
    expect([history.status, history.error]).toEqual(['ok', undefined]);
    const row = history.rows.find((r) => r['kind'] === 'failure' && r['node'] === NODE);
    expect(row).toMatchObject({ owner: 'payments_team', artifacts_seen_at: '2026-11-20T07:00:00.000Z', error_code: expect.any(String) as string });
    expect(failuresOf(history)).toEqual([]);
    // not_run is the dbt check's alone when artifacts are configured (its runs say when the pipeline last succeeded).
    expect(history.findings.filter((f) => f.labels['alert_type'] === 'sla_breach')).toEqual([]);
    expect(dbt.findings.filter((f) => f.labels['alert_type'] === 'sla_breach').map((f) => f.labels['reason'])).toEqual(['not_run']);
  });
});
