/**
 * dbt_query_history through the real snowflake-sdk against the emulator's seeded account, whose dbt
 * statements carry every format: the dbt_query_tags 3.x comment appended with its tag (fct_orders,
 * revenue_daily), dbt's default comment prepended with a dbt_snowflake_query_tags 2.x tag (dim_customers),
 * no comment (stripped) and a 1.x tag holding every key (fct_events), a non-dbt comment then dbt's default
 * one appended with extra blanks (the not_null test), a model failing every night (stg_payments), and
 * ad hoc statements whose dbt-looking comment is broken JSON. Expectations come from the seeded tables
 * with plain SQL that never parses JSON.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckDefinition, CheckOutcome } from '../../src/checks/check.js';
import type { Row } from '../../src/sources/snowflake-client.js';
import { defaultQueriesDir, loadChecks } from '../../src/checks/load-checks.js';
import { runChecks } from '../../src/checks/run-checks.js';
import { newestManifest } from '../../src/dbt/newest-manifest.js';
import { dbtEvaluators } from '../../src/dbt/evaluate-dbt-query-history.js';
import { REPORT_FORMATS, renderReport } from '../../src/report/render-report.js';
import { FrozenClock } from '../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';
import type { SnowflakeClient } from '../../src/sources/snowflake-client.js';
import { connectToEmulator } from '../support/emulator-session.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const USD = 3;
const WEEK_AGO = `TIMESTAMPTZ '${new Date(NOW.getTime() - 7 * 86_400_000).toISOString()}'`;
const n = (v: unknown): number => Number(v ?? 0);

let emulator: RunningEmulator;
let client: SnowflakeClient;
let checks: CheckDefinition[];
let outcome: CheckOutcome;
let folder: string;

/** Which seeded statements are each model's, by text alone (no JSON): TRANSFORM_WH, the node id in the text or the tag. */
const MODELS: Readonly<Record<string, string>> = {
  'model.analytics.fct_orders': 'query_text like \'%"node_id": "model.analytics.fct_orders"%\'',
  'model.analytics.dim_customers': 'query_text like \'%"node_id": "model.analytics.dim_customers"%\'',
  'model.analytics.fct_events': 'query_tag like \'%"node_id": "model.analytics.fct_events"%\'',
  'model.finance.revenue_daily': 'query_text like \'%"node_id": "model.finance.revenue_daily"%\'',
  'model.analytics.stg_payments': 'query_text like \'%"node_id": "model.analytics.stg_payments"%\'',
};

function manifest(): string {
  const node = (id: string, extra: Record<string, unknown>) => ({
    unique_id: id,
    resource_type: id.split('.')[0],
    name: id.split('.').pop(),
    package_name: 'analytics',
    ...extra,
  });
  return JSON.stringify({
    metadata: {
      dbt_schema_version: 'https://schemas.getdbt.com/dbt/manifest/v12.json',
      dbt_version: '1.10.4',
      invocation_id: 'm-1',
      generated_at: '2026-11-19T01:00:00Z',
    },
    nodes: {
      'model.analytics.dim_customers': node('model.analytics.dim_customers', { group: 'customers', config: { meta: {} }, meta: {} }),
      'model.analytics.fct_events': node('model.analytics.fct_events', {
        meta: { owner: 'events_team, platform' },
        config: { meta: { owner: 'events_team, platform', channel: '#events' } },
      }),
    },
    groups: { 'group.analytics.customers': { name: 'customers', owner: { email: 'crm@example.com' } } },
    child_map: {},
  });
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'snowmon-dbtqh-'));
  writeFileSync(join(folder, 'manifest.json'), manifest());
  emulator = await startEmulator({ clock: new FrozenClock(NOW), scenario: { seed: 7, days: 45, queryHistoryRows: 20_000 }, advanceClockWithQueries: false });
  client = await connectToEmulator(emulator);
  checks = (await loadChecks(defaultQueriesDir())).checks;
  const dbt = {
    pipelines: [
      { name: 'nightly', match: { command: 'build', target: 'prod' }, sla: { timezone: 'UTC', everyMs: 86_400_000 } },
      { name: 'weekly_finance', match: { target: 'finance_prod' }, sla: { timezone: 'UTC', everyMs: 2 * 86_400_000 } },
    ],
    manifest: (await newestManifest([folder]))!,
  };
  [outcome] = (await runChecks(client, checks, { now: NOW, usdPerCredit: USD, only: ['dbt_query_history'], evaluators: dbtEvaluators(dbt) })) as [CheckOutcome];
}, 120_000);

afterAll(async () => {
  await client?.close();
  await emulator?.stop();
  rmSync(folder, { recursive: true, force: true });
});

const rowsOf = (kind: string): Row[] => outcome.rows.filter((r) => r['kind'] === kind);

describe('dbt_query_history against the emulator', () => {
  it('does read QUERY_HISTORY and QUERY_ATTRIBUTION_HISTORY in one tagged statement filtered on start_time', () => {
    expect([outcome.status, outcome.error]).toEqual(['ok', undefined]);
    expect(outcome.statementsSent).toBe(1);
    const sent = emulator.statements.filter((s) => /query_attribution_history/i.test(s.sql) && /"dbt"/.test(s.sql));
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.queryTag ?? '{}')).toEqual({ app: 'snowmon', check: 'dbt_query_history' });
    expect(sent[0]!.sql).not.toMatch(/select\s+\*/i);
    expect(sent[0]!.sql.match(/\.start_time >= dateadd\('day', -7, current_timestamp\(\)\)/g)).toHaveLength(2);
  });

  it('does total each model per day exactly as the seeded attribution of its statements, whatever comment or tag format it carries', async () => {
    const days = rowsOf('model_day');
    for (const [node, where] of Object.entries(MODELS)) {
      const expected = await emulator.queryRaw(`
        select strftime(date_trunc('day', q.start_time), '%Y-%m-%d') as day, sum(a.credits_attributed_compute + coalesce(a.credits_used_query_acceleration, 0))::DOUBLE as credits
        from snowflake.account_usage.query_history q join snowflake.account_usage.query_attribution_history a using (query_id)
        where q.start_time >= ${WEEK_AGO} and a.start_time >= ${WEEK_AGO} and q.warehouse_name = 'TRANSFORM_WH' and ${where.replaceAll('query_', 'q.query_')}
        group by 1 order by 1`);
      expect(expected.length, node).toBeGreaterThan(0);
      const model = rowsOf('model').find((r) => r['node'] === node);
      expect(n(model?.['credits_7d']), node).toBeCloseTo(
        expected.reduce((s, e) => s + n(e['credits']), 0),
        6,
      );
      expect(n(model?.['usd_7d']), node).toBeCloseTo(n(model?.['credits_7d']) * USD, 6);
      const got = days.filter((d) => d['node'] === node).map((d) => [d['day'], Number(n(d['credits']).toFixed(6))]);
      expect(got, node).toEqual(expected.map((e) => [e['day'], Number(n(e['credits']).toFixed(6))]));
    }
  });

  it('does ignore the statements whose dbt-looking comment is broken JSON', async () => {
    const [broken] = await emulator.queryRaw(`select count(*)::INTEGER as n from snowflake.account_usage.query_history
      where start_time >= ${WEEK_AGO} and warehouse_name = 'ADHOC_WH' and query_text like '%"node_id": "model.analytics.fct_orders" */%'`);
    expect(n(broken?.['n'])).toBeGreaterThan(0);
    const pipelines = rowsOf('pipeline');
    expect(pipelines.some((p) => String(p['warehouses']).includes('ADHOC_WH'))).toBe(false);
  });

  it('does name each pipeline by the configured match, else by project, command and target, with its last statement', async () => {
    const pipelines = Object.fromEntries(rowsOf('pipeline').map((r) => [String(r['pipeline']), r]));
    expect(Object.keys(pipelines).sort()).toEqual(['analytics @prod', 'finance run @prod', 'nightly', 'weekly_finance']);
    const [last] = await emulator.queryRaw(`select max(start_time) as t from snowflake.account_usage.query_history
      where start_time >= ${WEEK_AGO} and query_text like '%"which": "build"%' and query_text like '%"app": "dbt"%'`);
    expect(pipelines['nightly']!['last_run_at']).toBe(new Date(String(last?.['t'])).toISOString());
    expect(pipelines['nightly']!['last_invocation_id']).toBe('7d3c9a4e-analytics-2026-11-19');
    expect(pipelines['weekly_finance']!['last_run_at']).toBeNull();
    const [erin] = await emulator.queryRaw(`select count(*)::INTEGER as n from snowflake.account_usage.query_history
      where start_time >= ${WEEK_AGO} and user_name = 'ERIN'`);
    expect(pipelines['finance run @prod']!['statements']).toBe(n(erin?.['n']));
  });

  it('does raise not_run only for the configured pipeline with no dbt statement in its interval', () => {
    const breaches = outcome.findings.filter((f) => f.labels['alert_type'] === 'sla_breach');
    expect(breaches.map((f) => [f.labels['pipeline'], f.labels['reason'], f.severity])).toEqual([['weekly_finance', 'not_run', 'critical']]);
  });

  it('does raise the node whose latest statement failed, with its error, and not the nodes that failed earlier then ran', async () => {
    const failures = outcome.findings.filter((f) => f.labels['finding'] === 'failed_statement');
    expect(failures.map((f) => [f.labels['alert_type'], f.labels['node'], f.labels['pipeline']])).toEqual([
      ['pipeline_failure', 'model.analytics.stg_payments', 'analytics @prod'],
    ]);
    expect(failures[0]!.summary).toContain("000904 SQL compilation error: error line 1 at position 86 invalid identifier 'AMOUNT_CENTS'");
    const [events] = await emulator.queryRaw(`select count(*)::INTEGER as n from snowflake.account_usage.query_history
      where start_time >= ${WEEK_AGO} and execution_status = 'FAIL' and ${MODELS['model.analytics.fct_events']}`);
    expect(n(events?.['n'])).toBeGreaterThan(0);
  });

  it('does take owners from the manifest when it knows the node, else from the comment meta', () => {
    const owners = Object.fromEntries(rowsOf('model').map((r) => [r['model'], r['owner']]));
    expect(owners).toMatchObject({
      dim_customers: 'crm@example.com',
      fct_events: 'events_team,platform',
      fct_orders: 'data_eng',
      revenue_daily: 'finance_team',
      stg_payments: null,
    });
    const costly = outcome.findings.filter((f) => f.labels['finding'] === 'expensive_model');
    expect(costly.find((f) => f.labels['node'] === 'model.analytics.fct_events')?.labels).toMatchObject({ owner: 'events_team,platform', channel: '#events' });
    for (const f of costly) expect(f.usd).toBeCloseTo(f.credits! * USD, 6);
  });

  it('does show the top models with credits, dollars and owner, the failure and the pipelines in every audit format', () => {
    const report = { generatedAt: NOW.toISOString(), account: emulator.accountName, usdPerCredit: USD, checks: [outcome] };
    const top = rowsOf('model')[0]!;
    for (const format of REPORT_FORMATS) {
      const text = renderReport(report, format, { color: false, width: 200 });
      if (process.env['SHOW_REPORT'] === format) console.log(text);
      for (const expected of ['fct_events', 'events_team,platform', 'stg_payments', 'analytics @prod']) expect(text, format).toContain(expected);
      const money = format === 'json' ? [String(top['usd_7d'])] : [`$${Math.round(n(top['usd_7d']))}`, `$${n(top['usd_7d']).toFixed(2)}`];
      expect(
        money.some((m) => text.replaceAll(',', '').includes(m)),
        `${format}: ${money.join(' or ')}`,
      ).toBe(true);
    }
  });
});
