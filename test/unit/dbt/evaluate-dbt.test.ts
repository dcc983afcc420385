/**
 * The dbt rules on hand-written artifacts (test/fixtures/dbt, modelled on real run_results v6, sources v3
 * and manifest v12): failures with their skipped descendants, tests that fail then pass, ignored commands,
 * freshness results and missing ones, Elementary owners and channels, unknown statuses, naive times, depth.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DbtConfig } from '../../../src/dbt/dbt-config.js';
import { evaluateDbt } from '../../../src/dbt/evaluate-dbt.js';
import { findArtifacts } from '../../../src/dbt/find-artifacts.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'dbt');
const NO_CONFIG: DbtConfig = { artifacts: [], pipelines: [] };
const AT = new Date('2026-11-20T08:00:00Z');

async function status(dirs: string[], config: DbtConfig = NO_CONFIG, now = AT) {
  const scan = await findArtifacts(dirs.map((d) => join(FIXTURES, d)));
  return evaluateDbt({ ...scan, config, now });
}

describe('evaluateDbt', () => {
  it('does report an errored model as a pipeline failure naming the descendants it skipped', async () => {
    const s = await status(['shop']);
    const failure = s.findings.filter((f) => f.labels.alert_type === 'pipeline_failure');
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatchObject({
      severity: 'critical',
      labels: { alert_type: 'pipeline_failure', pipeline: 'nightly', node: 'model.shop.stg_orders', owner: 'data_ops_team', channel: '#data-ops' },
    });
    expect(failure[0]!.summary).toMatch(
      /^model stg_orders failed: Database Error in model stg_orders .*invalid identifier 'ORDER_TS'; 5 downstream nodes skipped: customers, daily_revenue, orders, not_null_orders_order_id, unique_stg_orders_order_id$/,
    );
    const nightly = s.pipelines.find((p) => p.name === 'nightly')!;
    expect(nightly.last_run).toMatchObject({
      invocation_id: '00000000-0000-4000-8000-0000000n0001',
      command: 'build',
      status: 'error',
      started_at: '2026-11-20T05:00:00.000Z',
      finished_at: '2026-11-20T06:10:00.000Z',
      counts: { error: 1, skipped: 5, success: 1, fail: 0, warn: 0, pass: 0 },
    });
    expect(nightly.last_success_at).toBeNull();
  });

  it('does not report a test that failed in one run and passed in a later run of its pipeline', async () => {
    const s = await status(['shop']);
    const tests = s.findings.filter((f) => f.labels.alert_type === 'dbt_test_failure');
    expect(tests.map((f) => [f.labels.node, f.severity])).toEqual([
      ['unit_test.shop.orders.test_totals', 'warning'],
      ['test.shop.unique_stg_orders_order_id.e3b841c71a', 'info'],
    ]);
    expect(tests.some((f) => f.labels.node === 'test.shop.not_null_orders_order_id.4e687af8d0')).toBe(false);
    // Only the first run: the failing test is a finding.
    const early = await status(['shop'], NO_CONFIG, new Date('2026-11-20T04:30:00Z'));
    expect(early.findings.map((f) => [f.labels.alert_type, f.labels.node, f.severity])).toEqual([
      ['dbt_test_failure', 'test.shop.not_null_orders_order_id.4e687af8d0', 'warning'],
    ]);
  });

  it("does give a test its model's owners (sorted, comma-joined) and its own channel", async () => {
    const s = await status(['shop']);
    const byNode = (id: string) => s.findings.find((f) => f.labels.node === id)!.labels;
    expect(byNode('unit_test.shop.orders.test_totals')).toMatchObject({ owner: 'alice@shop.io,zoe@shop.io' });
    expect(byNode('unit_test.shop.orders.test_totals').channel).toBeUndefined();
    expect(byNode('test.shop.unique_stg_orders_order_id.e3b841c71a')).toMatchObject({ owner: 'data_ops_team', channel: '#data-quality' });
  });

  it('does take a group owner when the node has no meta.owner, and split a string owner on commas', async () => {
    const s = await status(['shop', 'unknown-status']);
    // unknown-status has no manifest of its own: the shop manifest is the newest one.
    const labels = s.findings.filter((f) => f.labels.pipeline === 'build').map((f) => f.labels);
    expect(labels.map((l) => l.owner)).toEqual(['data_ops_team', 'alice@shop.io,zoe@shop.io']);
    const { nodeOwnership } = await import('../../../src/dbt/node-ownership.js');
    const manifest = (await findArtifacts([join(FIXTURES, 'shop')])).artifacts.find((a) => a.kind === 'manifest');
    expect(nodeOwnership(manifest as never, 'model.shop.customers').owner).toBe('cfo@shop.io,fin@shop.io');
    expect(nodeOwnership(manifest as never, 'model.shop.daily_revenue').owner).toBe('bob,carol');
  });

  it('does let ignored commands (docs generate) count for nothing', async () => {
    const s = await status(['shop']);
    // shop/docs is a later `generate` with PIPELINE=nightly whose stg_orders is success.
    expect(s.pipelines.find((p) => p.name === 'nightly')!.last_run!.command).toBe('build');
    expect(s.findings.some((f) => f.labels.node === 'model.shop.stg_orders')).toBe(true);
    expect(s.pipelines.map((p) => p.name)).not.toContain('generate');
  });

  it('does report stale sources and a source with freshness criteria missing from the latest sources.json', async () => {
    const s = await status(['shop']);
    const fresh = s.findings.filter((f) => f.labels.alert_type === 'source_freshness');
    expect(fresh.map((f) => [f.labels.node, f.severity, f.labels.owner])).toEqual([
      ['source.shop.raw.orders', 'warning', 'ingest_team'],
      ['source.shop.raw.payments', 'warning', 'payments_team'],
    ]);
    expect(fresh[0]!.summary).toBe('source raw.orders is stale: last loaded 14h 29m ago (warn after 12 hours)');
    expect(fresh[1]!.summary).toContain('no result in the latest freshness run');
    // events has no criteria and passed; nothing for it.
    expect(s.findings.some((f) => f.labels.node === 'source.shop.raw.events')).toBe(false);
  });

  it("does never make a source-freshness invocation a pipeline's last_run", async () => {
    const s = await status(['freshness-run']);
    expect(s.pipelines).toHaveLength(1);
    expect(s.pipelines[0]).toMatchObject({ name: 'nightly', last_run: { command: 'build', finished_at: '2026-11-20T06:00:00.000Z', status: 'success' } });
    expect(s.findings.map((f) => [f.labels.alert_type, f.labels.pipeline, f.severity])).toEqual([['source_freshness', 'nightly', 'critical']]);
  });

  it('does read timestamps without a zone as UTC', async () => {
    const s = await status(['naive']);
    expect(s.pipelines[0]!.last_run).toMatchObject({ started_at: '2026-11-20T06:00:00.000Z', finished_at: '2026-11-20T06:10:00.123Z' });
  });

  it("does never read an unknown status as success, and reports it as a failure of its node's kind", async () => {
    const s = await status(['unknown-status']);
    expect(s.findings.map((f) => [f.labels.alert_type, f.labels.node, f.severity])).toEqual([
      ['pipeline_failure', 'model.shop.stg_orders', 'critical'],
      ['dbt_test_failure', 'test.shop.not_null_orders_order_id.4e687af8d0', 'warning'],
    ]);
    expect(s.pipelines[0]).toMatchObject({ last_run: { status: 'error' }, last_success_at: null });
  });

  it('does list empty, truncated, malformed and non-dbt files as problems and still evaluate the rest', async () => {
    const s = await status(['broken']);
    expect(s.problems.map((p) => [p.file.slice(FIXTURES.length + 1), p.error.split(':')[0]])).toEqual([
      ['broken/empty/run_results.json', 'empty file'],
      ['broken/malformed/sources.json', 'malformed JSON at byte 42'],
      ['broken/not-dbt/manifest.json', 'not a dbt artifact'],
      ['broken/truncated/run_results.json', 'truncated JSON at byte 200'],
    ]);
    expect(s.pipelines.map((p) => p.last_run?.invocation_id)).toEqual(['00000000-0000-4000-8000-0000000b0001']);
  });

  it('does read artifacts from DIR down to DIR/a/b/c and no deeper', async () => {
    const s = await status(['deep']);
    expect(s.pipelines.map((p) => p.name).sort()).toEqual(['level0', 'level3']);
  });

  it('does name pipelines from env.PIPELINE, then the first matching dbt.pipelines entry, then command and target', async () => {
    const config: DbtConfig = {
      artifacts: [],
      pipelines: [
        { name: 'other', match: { command: 'test', target: 'dev' } },
        { name: 'prod-tests', match: { command: 'test', target: 'prod' } },
        { name: 'also-prod', match: { target: 'prod' } },
      ],
    };
    const s = await status(['shop'], config);
    expect(s.pipelines.map((p) => p.name)).toEqual(['other', 'prod-tests', 'also-prod', 'nightly']);
    expect(s.pipelines.find((p) => p.name === 'prod-tests')!.last_run!.invocation_id).toBe('00000000-0000-4000-8000-0000000t0002');
    expect((await status(['shop'])).pipelines.map((p) => p.name)).toEqual(['test @prod', 'nightly']);
  });

  it('does evaluate as of --at: later artifacts are not seen', async () => {
    const s = await status(['shop'], NO_CONFIG, new Date('2026-11-20T05:00:00Z'));
    expect(s.pipelines.map((p) => p.name)).toEqual(['test @prod']);
    expect(s.generated_at).toBe('2026-11-20T05:00:00.000Z');
  });
});

describe('evaluateDbt on node kinds', () => {
  it('does make a hook error and a test runtime error pipeline failures, and partial success, no-op and reused no finding', () => {
    const run = {
      kind: 'run_results',
      file: 'r/run_results.json',
      invocationId: 'inv-hooks',
      generatedAt: new Date('2026-11-20T06:00:00Z'),
      env: {},
      command: 'build',
      select: [],
      results: [
        { uniqueId: 'operation.shop.shop-on-run-end-0', status: 'error', message: 'Database Error in operation shop-on-run-end-0' },
        { uniqueId: 'test.shop.t_runtime', status: 'runtime error' },
        { uniqueId: 'model.shop.micro', status: 'partial success' },
        { uniqueId: 'model.shop.same', status: 'no-op' },
        { uniqueId: 'model.shop.kept', status: 'reused' },
      ],
    } as const;
    const s = evaluateDbt({ artifacts: [run], problems: [], config: NO_CONFIG, now: AT });
    expect(s.findings.map((f) => [f.labels.alert_type, f.labels.node, f.summary])).toEqual([
      ['pipeline_failure', 'operation.shop.shop-on-run-end-0', 'operation shop-on-run-end-0 failed: Database Error in operation shop-on-run-end-0'],
      ['pipeline_failure', 'test.shop.t_runtime', 'test t_runtime failed with status "runtime error"'],
    ]);
  });
});
