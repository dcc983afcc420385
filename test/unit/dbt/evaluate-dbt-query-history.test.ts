import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/sources/snowflake-client.js';
import { evaluateDbtQueryHistory, type DbtContext } from '../../../src/dbt/evaluate-dbt-query-history.js';
import { artifactCoverage } from '../../../src/dbt/artifact-coverage.js';
import type { RunArtifact } from '../../../src/dbt/artifact.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const THRESHOLDS = { min_model_credits: 1, warn_model_credits: 20, failure_lookback_hours: 48, latency_minutes: 45 };
const COMMENT = (node: string, extra = ''): string => `{"app": "dbt", "profile_name": "shop", "target_name": "prod", "node_id": "${node}"${extra}}`;
const hoursAgo = (h: number): string => new Date(NOW.getTime() - h * 3_600_000).toISOString();

const pipelineRow = (lastHoursAgo: number, command = 'build'): Row => ({
  kind: 'pipeline',
  pipeline: '',
  project: 'shop',
  target: 'prod',
  command,
  first_at: hoursAgo(100),
  last_at: hoursAgo(lastHoursAgo),
  statements: 40,
  failed: 1,
  invocation_id: 'inv-1',
  user_name: 'DBT_SVC',
  warehouse_name: 'TRANSFORM_WH',
  dbt_comment: COMMENT('model.shop.a'),
  query_tag: null,
});
const failureRow = (node: string, atHoursAgo: number): Row => ({
  kind: 'failure',
  pipeline: '',
  project: 'shop',
  target: 'prod',
  command: '',
  node_id: node,
  last_at: hoursAgo(atHoursAgo),
  error_code: '000904',
  error_message: "SQL compilation error:\ninvalid identifier 'X'",
  query_id: 'q-1',
  user_name: 'DBT_SVC',
  dbt_comment: COMMENT(node, ', "node_meta": {"owner": "ops"}'),
  query_tag: null,
});
const dayRow = (node: string, day: string, credits: number): Row => ({
  kind: 'model_day',
  project: 'shop',
  target: 'prod',
  node_id: node,
  usage_day: `${day}T00:00:00.000Z`,
  statements: 2,
  credits,
  dbt_comment: COMMENT(node),
  query_tag: null,
});

const run = (rows: Row[], dbt: DbtContext, refused?: ReadonlySet<number>) =>
  evaluateDbtQueryHistory({ results: [rows], thresholds: THRESHOLDS, now: NOW, usdPerCredit: 3, ...(refused ? { refused } : {}) }, dbt);

const runArtifact = (invocationId: string, finishedAt: string, nodes: string[], command = 'build'): RunArtifact => ({
  kind: 'run_results',
  file: `${invocationId}/run_results.json`,
  invocationId,
  generatedAt: new Date(finishedAt),
  env: {},
  command,
  select: [],
  results: nodes.map((uniqueId) => ({ uniqueId, status: 'error' })),
});

const nightly = (everyHours: number): DbtContext => ({
  pipelines: [{ name: 'nightly', match: { command: 'build', target: 'prod' }, sla: { timezone: 'UTC', everyMs: everyHours * 3_600_000 } }],
});

describe('evaluateDbtQueryHistory', () => {
  it('does breach not_run only once every plus the query history latency has passed since the last statement', () => {
    expect(run([pipelineRow(24.5)], nightly(24)).findings.filter((f) => f.labels['alert_type'] === 'sla_breach')).toEqual([]);
    const late = run([pipelineRow(24.8)], nightly(24)).findings.filter((f) => f.labels['alert_type'] === 'sla_breach');
    expect(late.map((f) => [f.labels['pipeline'], f.labels['reason'], f.severity])).toEqual([['nightly', 'not_run', 'critical']]);
    expect(late[0]!.summary).toContain(`its last one started at ${hoursAgo(24.8)}`);
  });

  it('does breach a configured pipeline never seen only when its interval fits in the 7-day window', () => {
    expect(run([], nightly(24)).findings.map((f) => f.labels['reason'])).toEqual(['not_run']);
    expect(run([], nightly(24 * 7)).findings).toEqual([]);
  });

  it('does conclude nothing when Snowflake refused the statement', () => {
    expect(run([], nightly(24), new Set([0]))).toEqual({ rows: [], findings: [] });
  });

  it('does name unconfigured pipelines by project, command and target, and skip nothing that matched', () => {
    const { rows } = run([pipelineRow(2), pipelineRow(3, '')], nightly(24));
    expect(rows.filter((r) => r['kind'] === 'pipeline').map((r) => r['pipeline'])).toEqual(['nightly', 'shop @prod']);
  });

  it('does raise a model failure as critical and a test failure as warning, within the lookback only', () => {
    const { findings } = run([failureRow('model.shop.a', 3), failureRow('test.shop.not_null_a_id.0a1b2c3d4e', 5), failureRow('model.shop.old', 60)], {
      pipelines: [],
    });
    expect(findings.map((f) => [f.labels['alert_type'], f.severity, f.labels['node'], f.labels['owner']])).toEqual([
      ['pipeline_failure', 'critical', 'model.shop.a', 'ops'],
      ['dbt_test_failure', 'warning', 'test.shop.not_null_a_id.0a1b2c3d4e', 'ops'],
    ]);
    expect(findings[0]!.summary).toBe(
      `dbt model a failed in pipeline shop @prod at ${hoursAgo(3)}: 000904 SQL compilation error: invalid identifier 'X' (query q-1)`,
    );
  });

  it('does sum a model over its days, grade it by the thresholds and list its days', () => {
    const { rows, findings } = run(
      [
        dayRow('model.shop.big', '2026-11-18', 15),
        dayRow('model.shop.big', '2026-11-19', 6),
        dayRow('model.shop.small', '2026-11-19', 0.5),
        dayRow('test.shop.t.0a1b2c3d4e', '2026-11-19', 30),
      ],
      { pipelines: [] },
    );
    expect(rows.filter((r) => r['kind'] === 'model').map((r) => [r['model'], r['credits_7d'], r['busiest_day']])).toEqual([
      ['big', 21, '2026-11-18'],
      ['small', 0.5, '2026-11-19'],
    ]);
    expect(rows.filter((r) => r['kind'] === 'model_day' && r['model'] === 'big').map((r) => [r['day'], r['credits'], r['usd']])).toEqual([
      ['2026-11-18', 15, 45],
      ['2026-11-19', 6, 18],
    ]);
    expect(findings.map((f) => [f.labels['node'], f.severity, f.credits, f.usd])).toEqual([['model.shop.big', 'warning', 21, 63]]);
  });
  it('does leave to the artifacts a failure whose run they have read (at or after the failed statement), and not_run to the dbt check', () => {
    const artifacts = artifactCoverage([
      runArtifact('inv-after', hoursAgo(2), ['model.shop.a']),
      runArtifact('inv-before', hoursAgo(4), ['model.shop.b']),
      runArtifact('inv-docs', hoursAgo(1), ['model.shop.b'], 'generate'),
    ]);
    const { rows, findings } = run([failureRow('model.shop.a', 3), failureRow('model.shop.b', 3)], { ...nightly(1), artifacts });
    expect(rows.filter((r) => r['kind'] === 'failure').map((r) => [r['node'], r['artifacts_seen_at']])).toEqual([
      ['model.shop.a', hoursAgo(2)],
      ['model.shop.b', null],
    ]);
    expect(findings.map((f) => [f.labels['alert_type'], f.labels['node']])).toEqual([['pipeline_failure', 'model.shop.b']]);
    expect(run([], nightly(1)).findings.map((f) => f.labels['reason'])).toEqual(['not_run']);
  });
});
