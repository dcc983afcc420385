/**
 * The daemon's dbt loop driven by hand on a fake clock, against a real store (SQLite always, Postgres when
 * DATABASE_URL is set) and the fake Slack through the real client: a failed model is routed to its
 * channel and delivered, a later passing run resolves it, a restart keeps the history dbt overwrote, a
 * truncated file is retried until it completes, a model far slower than its own history raises a
 * regression, and a configured pipeline that never ran is `not_run` counted from when it was first watched.
 * The dbt target/ folder is a temp folder the test overwrites as dbt does (the project's own manifest fixture).
 */

import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../../src/checks/check.js';
import { loadConfig } from '../../../src/cli/load-config.js';
import { DBT_CHECK } from '../../../src/dbt/dbt-outcome.js';
import { evaluateDbt } from '../../../src/dbt/evaluate-dbt.js';
import type { DaemonHandle } from '../../../src/daemon/daemon-handle.js';
import { createLogger } from '../../../src/daemon/logger.js';
import { runDaemon } from '../../../src/daemon/run-daemon.js';
import { AlertLedger } from '../../../src/ledger/alert-ledger.js';
import { DbtInvocationStore } from '../../../src/ledger/dbt-invocation-store.js';
import { openDatabase } from '../../../src/ledger/open-database.js';
import { loadRouting } from '../../../src/router/load-routing.js';
import { FakeSlack } from '../../fakes/fake-slack.js';
import { runResultsText, type FakeResult } from '../../support/dbt-run-results.js';
import { postgresUrl } from '../../support/postgres-url.js';

const FIXTURES = resolve(import.meta.dirname, '../../fixtures/dbt');
const T0 = new Date('2026-11-20T06:10:00Z');
const HOUR = 3_600_000;
const databaseUrl = postgresUrl();
const ALERTS = FakeSlack.channelId('#data-alerts');
const DATA_OPS = FakeSlack.channelId('#data-ops');
const QUALITY = FakeSlack.channelId('#data-quality');

const STORES = [{ name: 'sqlite' as const }, { name: 'postgres' as const, ...(databaseUrl === undefined ? { skip: 'DATABASE_URL not set' } : {}) }];

let slack: FakeSlack;
beforeAll(async () => {
  process.env['SNOWMON_DBT_TEST_SLACK_TOKEN'] = 'xoxb-dbt-test';
  slack = await new FakeSlack().start();
});
afterAll(async () => {
  await slack?.stop();
  delete process.env['SNOWMON_DBT_TEST_SLACK_TOKEN'];
});

function routingYaml(): string {
  const receiver = (channel: string) =>
    `{ type: slack, channel: '${channel}', token: '\${SNOWMON_DBT_TEST_SLACK_TOKEN}', api_url: '${slack.apiUrl.replace(/\/$/, '')}' }`;
  return [
    'version: 1',
    'timezone: UTC',
    'defaults: { group_wait: 0s, group_interval: 1m, repeat_interval: 24h, send_resolved: true }',
    'receivers:',
    `  slack-data-alerts: ${receiver('#data-alerts')}`,
    `  slack-data-ops: ${receiver('#data-ops')}`,
    `  slack-data-quality: ${receiver('#data-quality')}`,
    'routes:',
    '  - name: dbt-by-channel',
    '    matchers: [\'channel="#data-ops"\']',
    '    notify: [slack-data-ops]',
    '    group_by: [alert_type, pipeline, node]',
    '  - name: dbt-quality',
    '    matchers: [\'alert_type=~"dbt_test_failure|dbt_runtime_regression"\']',
    '    notify: [slack-data-quality]',
    '    group_by: [alert_type, pipeline, node]',
    '  - name: fallback',
    '    notify: [slack-data-alerts]',
    '    group_by: [alert_type, pipeline, reason]',
    '',
  ].join('\n');
}

interface Setup {
  folder: string;
  target: string;
  storeUrl: string;
  schema?: string;
  daemon?: DaemonHandle;
  logs: Record<string, unknown>[];
  clock: { now: Date };
}

async function start(s: Setup): Promise<DaemonHandle> {
  const config = await loadConfig(join(s.folder, 'snowmon.yaml'), process.env);
  const routing = await loadRouting(config.routing.file, process.env);
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') s.logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const daemon = runDaemon(config, {
    routing,
    now: () => s.clock.now,
    resolveSettings: async () => ({ account: 'dbt-test', user: 'NOBODY', authenticator: 'SNOWFLAKE', statementTimeoutMs: 1000, loginTimeoutMs: 1000 }),
    connect: async () => {
      throw new Error('the dbt loop must not open a Snowflake session');
    },
    logger: createLogger({ level: 'debug', destination }),
    schedule: false,
    http: false,
    lease: false,
    ...(s.schema !== undefined ? { openStore: (url: string) => openDatabase(url, { schema: s.schema }) } : {}),
  });
  await daemon.ready;
  s.daemon = daemon;
  return daemon;
}

function setup(store: 'sqlite' | 'postgres', pipelinesYaml: readonly string[] = []): Setup {
  const folder = mkdtempSync(join(tmpdir(), 'snowmon-dbt-daemon-'));
  const target = join(folder, 'target');
  mkdirSync(target);
  copyFileSync(join(FIXTURES, 'shop', 'manifest.json'), join(target, 'manifest.json'));
  writeFileSync(join(folder, 'routing.yaml'), routingYaml());
  const schema = store === 'postgres' ? `snowmon_dbt_${randomBytes(6).toString('hex')}` : undefined;
  const storeUrl = store === 'postgres' ? (databaseUrl as string) : `sqlite:${join(folder, 'alerts.db')}`;
  writeFileSync(
    join(folder, 'snowmon.yaml'),
    [
      'store:',
      `  url: ${JSON.stringify(storeUrl)}`,
      'routing:',
      '  file: ./routing.yaml',
      'dbt:',
      '  artifacts: [./target]',
      '  poll_interval: 1m',
      ...pipelinesYaml,
      '',
    ].join('\n'),
  );
  return { folder, target, storeUrl, ...(schema !== undefined ? { schema } : {}), logs: [], clock: { now: T0 } };
}

async function teardown(s: Setup): Promise<void> {
  await s.daemon?.stop('test over');
  if (s.schema !== undefined) {
    const db = await openDatabase(s.storeUrl, { schema: s.schema });
    await sql`drop schema if exists ${sql.id(s.schema)} cascade`.execute(db);
    await db.destroy();
  }
  rmSync(s.folder, { recursive: true, force: true });
}

const NIGHTLY_OK: readonly FakeResult[] = [
  { id: 'seed.shop.country_codes', status: 'success' },
  { id: 'model.shop.stg_orders', status: 'success', seconds: 30 },
  { id: 'test.shop.unique_stg_orders_order_id.e3b841c71a', status: 'pass' },
  { id: 'model.shop.orders', status: 'success', seconds: 60 },
  { id: 'model.shop.customers', status: 'success' },
  { id: 'model.shop.daily_revenue', status: 'success' },
  { id: 'test.shop.not_null_orders_order_id.4e687af8d0', status: 'pass' },
];

const NIGHTLY_FAILED: readonly FakeResult[] = [
  { id: 'seed.shop.country_codes', status: 'success' },
  {
    id: 'model.shop.stg_orders',
    status: 'error',
    message: "Database Error in model stg_orders (models/staging/stg_orders.sql)\n  000904 (42000): SQL compilation error: invalid identifier 'ORDER_TS'",
  },
  { id: 'test.shop.unique_stg_orders_order_id.e3b841c71a', status: 'skipped' },
  { id: 'model.shop.orders', status: 'skipped' },
  { id: 'model.shop.customers', status: 'skipped' },
  { id: 'model.shop.daily_revenue', status: 'skipped' },
  { id: 'test.shop.not_null_orders_order_id.4e687af8d0', status: 'skipped' },
];

/** Pipeline `nightly` due by 07:00 London time (the `dbt:` lines after `poll_interval`). */
const NIGHTLY_BY_7 = [
  '  pipelines:',
  '    - name: nightly',
  '      match: { env: { PIPELINE: nightly } }',
  '      sla: { finish_by: "07:00", timezone: Europe/London }',
];

/** dbt writing target/run_results.json for a run that finished at `finishedAt` (started an hour before). */
function writeRun(s: Setup, id: number, finishedAt: Date, results: readonly FakeResult[], pipeline = 'nightly'): string {
  const invocationId = `00000000-0000-4000-8000-${String(id).padStart(12, '0')}`;
  writeFileSync(
    join(s.target, 'run_results.json'),
    runResultsText({ invocationId, pipeline, startedAt: new Date(finishedAt.getTime() - 10 * 60_000), finishedAt, results }),
  );
  return invocationId;
}

function dbtOutcome(record: { outcomes: readonly CheckOutcome[] } | undefined): CheckOutcome {
  const outcome = record?.outcomes.find((o) => o.name === DBT_CHECK);
  if (!outcome) throw new Error('no dbt outcome');
  return outcome;
}

for (const store of STORES) {
  describe.skipIf('skip' in store)(`snowmon run, dbt loop (${store.name})`, () => {
    const setups: Setup[] = [];
    afterEach(async () => {
      for (const s of setups.splice(0)) await teardown(s);
    });

    it('does route a failed model to its channel, resolve it after a passing run, and keep the history across a restart', async () => {
      const s = setup(store.name);
      setups.push(s);
      const sentBefore = slack.messages.length;
      let daemon = await start(s);
      const failedId = writeRun(s, 1, T0, NIGHTLY_FAILED);
      const first = dbtOutcome(await daemon.runDbtCycle(T0));
      expect(first.status).toBe('ok');
      const failure = first.findings.find((f) => f.labels['alert_type'] === 'pipeline_failure');
      expect(failure?.labels).toEqual({
        alert_type: 'pipeline_failure',
        pipeline: 'nightly',
        node: 'model.shop.stg_orders',
        owner: 'data_ops_team',
        channel: '#data-ops',
      });
      expect(failure?.summary).toMatch(
        /^model stg_orders failed: Database Error .*; 5 downstream nodes skipped: customers, daily_revenue, orders, not_null_orders_order_id, unique_stg_orders_order_id$/,
      );
      await daemon.deliverDue(T0);
      const posted = slack.messages.slice(sentBefore).filter((m) => m.channel === DATA_OPS && m.threadTs === undefined);
      expect(posted).toHaveLength(1);
      expect(posted[0]?.text).toContain('stg_orders');

      // The next run passes: the alert resolves and the channel is told.
      s.clock.now = new Date(T0.getTime() + HOUR);
      const passedId = writeRun(s, 2, s.clock.now, NIGHTLY_OK);
      const second = dbtOutcome(await daemon.runDbtCycle(s.clock.now));
      expect(second.findings.filter((f) => f.labels['alert_type'] === 'pipeline_failure')).toEqual([]);
      const look = await openDatabase(s.storeUrl, s.schema !== undefined ? { schema: s.schema } : {});
      try {
        expect((await new AlertLedger(look).active()).filter((a) => a.labels['alert_type'] === 'pipeline_failure')).toEqual([]);
      } finally {
        await look.destroy();
      }
      await daemon.deliverDue(new Date(s.clock.now.getTime() + 2 * 60_000));
      const parent = posted[0]!;
      expect(slack.message(DATA_OPS, parent.ts)?.text).toMatch(/resolved/i);

      // dbt overwrites target/ (a docs generate now), and snowmon restarts: both runs are still known.
      await daemon.stop('restart');
      writeFileSync(
        join(s.target, 'run_results.json'),
        runResultsText({
          invocationId: 'docs-1',
          command: 'generate',
          startedAt: s.clock.now,
          finishedAt: s.clock.now,
          results: [{ id: 'model.shop.orders', status: 'success' }],
        }),
      );
      s.clock.now = new Date(s.clock.now.getTime() + HOUR);
      daemon = await start(s);
      const third = dbtOutcome(await daemon.runDbtCycle(s.clock.now));
      expect(third.rows).toEqual([expect.objectContaining({ pipeline: 'nightly', last_run: passedId, last_status: 'success', sla: null })]);
      const again = await openDatabase(s.storeUrl, s.schema !== undefined ? { schema: s.schema } : {});
      try {
        const stored = await new DbtInvocationStore(again).load();
        expect(stored.map((i) => i.invocationId)).toEqual([failedId, passedId]); // the docs run counts for nothing and is not stored
        expect(stored[0]?.kind === 'run_results' && stored[0].results.find((r) => r.uniqueId === 'model.shop.stg_orders')?.status).toBe('error');
        expect(stored[1]?.generatedAt).toEqual(new Date(T0.getTime() + HOUR)); // instants come back as instants
      } finally {
        await again.destroy();
      }
    }, 60_000);

    it('does report a truncated run_results.json, keep polling, and read it once dbt has finished writing', async () => {
      const s = setup(store.name);
      setups.push(s);
      const daemon = await start(s);
      writeRun(s, 1, T0, NIGHTLY_OK);
      await daemon.runDbtCycle(T0);
      s.clock.now = new Date(T0.getTime() + HOUR);
      const full = runResultsText({ invocationId: 'run-being-written', pipeline: 'nightly', startedAt: T0, finishedAt: s.clock.now, results: NIGHTLY_FAILED });
      writeFileSync(join(s.target, 'run_results.json'), full.slice(0, Math.floor(full.length / 2)));
      const during = dbtOutcome(await daemon.runDbtCycle(s.clock.now));
      expect(during.status).toBe('ok');
      expect(during.rows).toEqual([expect.objectContaining({ last_status: 'success' })]); // the half-written run is not read
      expect(s.logs.filter((l) => l['msg'] === 'dbt artifact could not be read: retried next poll').map((l) => l['error'])).toEqual([
        expect.stringMatching(/^truncated JSON at byte \d+$/),
      ]);

      writeFileSync(join(s.target, 'run_results.json'), full);
      s.clock.now = new Date(s.clock.now.getTime() + 60_000);
      const after = dbtOutcome(await daemon.runDbtCycle(s.clock.now));
      expect(after.rows).toEqual([expect.objectContaining({ last_run: 'run-being-written', last_status: 'error' })]);
      expect(after.findings.some((f) => f.labels['alert_type'] === 'pipeline_failure')).toBe(true);
    }, 60_000);

    it('does raise a runtime regression with both figures when a model runs far above its own history, and resolve it when it is back', async () => {
      const s = setup(store.name);
      setups.push(s);
      const daemon = await start(s);
      const sentBefore = slack.messages.length;
      for (let i = 0; i < 6; i++) {
        s.clock.now = new Date(T0.getTime() + i * 24 * HOUR);
        writeRun(
          s,
          10 + i,
          s.clock.now,
          NIGHTLY_OK.map((r) => (r.id === 'model.shop.orders' ? { ...r, seconds: 60 + i } : r)),
        );
        const usual = dbtOutcome(await daemon.runDbtCycle(s.clock.now));
        expect(usual.findings.filter((f) => f.labels['alert_type'] === 'dbt_runtime_regression')).toEqual([]);
      }
      s.clock.now = new Date(T0.getTime() + 6 * 24 * HOUR);
      writeRun(
        s,
        16,
        s.clock.now,
        NIGHTLY_OK.map((r) => (r.id === 'model.shop.orders' ? { ...r, seconds: 400 } : r)),
      );
      const slow = dbtOutcome(await daemon.runDbtCycle(s.clock.now));
      const regression = slow.findings.filter((f) => f.labels['alert_type'] === 'dbt_runtime_regression');
      expect(regression).toHaveLength(1);
      expect(regression[0]?.severity).toBe('info');
      expect(regression[0]?.labels).toEqual({
        alert_type: 'dbt_runtime_regression',
        pipeline: 'nightly',
        node: 'model.shop.orders',
        owner: 'alice@shop.io,zoe@shop.io',
      });
      // Median of 60..65 s is 62.5 s; 400 s is 6.4× that.
      expect(regression[0]?.summary).toBe(
        'model orders took 6m 40s in run 00000000-0000-4000-8000-000000000016, against a median of 1m 3s over its previous 6 successful runs (6.4×)',
      );
      await daemon.deliverDue(s.clock.now);
      expect(slack.messages.slice(sentBefore).some((m) => m.channel === QUALITY && m.text.includes('6m 40s'))).toBe(true);

      s.clock.now = new Date(T0.getTime() + 7 * 24 * HOUR);
      writeRun(
        s,
        17,
        s.clock.now,
        NIGHTLY_OK.map((r) => (r.id === 'model.shop.orders' ? { ...r, seconds: 64 } : r)),
      );
      const back = dbtOutcome(await daemon.runDbtCycle(s.clock.now));
      expect(back.findings.filter((f) => f.labels['alert_type'] === 'dbt_runtime_regression')).toEqual([]);
    }, 60_000);

    it('does resolve a late SLA breach when the late run succeeds, not at local midnight (dbt status keeps the day late)', async () => {
      const s = setup(store.name, NIGHTLY_BY_7);
      setups.push(s);
      const daemon = await start(s);
      const lateOf = (o: CheckOutcome) => o.findings.filter((f) => f.labels['alert_type'] === 'sla_breach' && f.labels['reason'] === 'late');
      writeRun(s, 40, T0, NIGHTLY_FAILED);
      expect(lateOf(dbtOutcome(await daemon.runDbtCycle(T0)))).toEqual([]);

      // 07:00 in London (GMT in November) passes with no success: late, paged to #data-alerts.
      s.clock.now = new Date('2026-11-20T07:01:00Z');
      const late = lateOf(dbtOutcome(await daemon.runDbtCycle(s.clock.now)));
      expect(late.map((f) => f.summary)).toEqual(['pipeline nightly is late: no successful run finished before 07:00 Europe/London on 2026-11-20, nor since']);
      const sentBefore = slack.messages.length;
      await daemon.deliverDue(s.clock.now);
      const fired = slack.messages.slice(sentBefore).find((m) => m.channel === ALERTS && m.text.includes('is late'));
      expect(fired).toBeDefined();

      // The fixed run finishes at 09:30: the breach ends there, and the channel is told it resolved.
      s.clock.now = new Date('2026-11-20T09:30:00Z');
      writeRun(s, 41, s.clock.now, NIGHTLY_OK);
      const after = dbtOutcome(await daemon.runDbtCycle(s.clock.now));
      expect(lateOf(after)).toEqual([]);
      expect(after.rows).toEqual([expect.objectContaining({ pipeline: 'nightly', sla: 'ok' })]);
      await daemon.deliverDue(new Date(s.clock.now.getTime() + 2 * 60_000));
      expect(slack.message(ALERTS, fired!.ts)?.text).toMatch(/resolved/i);

      // `snowmon dbt status` as of the same instant still reports the day as late, as the contract reads it.
      const look = await openDatabase(s.storeUrl, s.schema !== undefined ? { schema: s.schema } : {});
      try {
        const status = evaluateDbt({ artifacts: await new DbtInvocationStore(look).load(), problems: [], config: daemon.config().dbt, now: s.clock.now });
        expect(status.pipelines[0]?.sla).toEqual({ state: 'breached', reasons: ['late'] });
      } finally {
        await look.destroy();
      }
    }, 60_000);

    it('does keep a late SLA breach firing across local midnight while no run succeeds, and resolve it with the next success', async () => {
      const s = setup(store.name, NIGHTLY_BY_7);
      setups.push(s);
      const daemon = await start(s);
      const late = async (iso: string) => {
        s.clock.now = new Date(iso);
        const outcome = dbtOutcome(await daemon.runDbtCycle(s.clock.now));
        return outcome.findings.filter((f) => f.labels['alert_type'] === 'sla_breach').map((f) => f.summary);
      };
      const sentBefore = slack.messages.length;
      writeRun(s, 50, T0, NIGHTLY_FAILED);
      const missed = 'pipeline nightly is late: no successful run finished before 07:00 Europe/London on 2026-11-20, nor since';
      expect(await late('2026-11-20T07:05:00Z')).toEqual([missed]);
      await daemon.deliverDue(s.clock.now);
      // Past local midnight (dbt status would say nothing until 07:00): the same alert, same summary, still firing.
      expect(await late('2026-11-21T00:05:00Z')).toEqual([missed]);
      await daemon.deliverDue(new Date(s.clock.now.getTime() + 2 * 60_000));
      const look = await openDatabase(s.storeUrl, s.schema !== undefined ? { schema: s.schema } : {});
      try {
        const active = (await new AlertLedger(look).active()).filter((a) => a.labels['alert_type'] === 'sla_breach');
        expect(active.map((a) => a.labels['reason'])).toEqual(['late']);
      } finally {
        await look.destroy();
      }
      const told = slack.messages.slice(sentBefore).filter((m) => m.text.includes('nightly is late'));
      expect(told.length).toBeGreaterThan(0);
      expect(told.filter((m) => /resolved/i.test(m.text) || /resolved/i.test(slack.message(m.channel, m.ts)?.text ?? ''))).toEqual([]);
      // The next night's run succeeds at 05:30, before that day's deadline: resolved.
      writeRun(s, 51, new Date('2026-11-21T05:30:00Z'), NIGHTLY_OK);
      expect(await late('2026-11-21T05:31:00Z')).toEqual([]);
    }, 60_000);

    it('does report a configured pipeline that never ran as not_run, counted from when snowmon first watched it, across a restart', async () => {
      const s = setup(store.name, ['  pipelines:', '    - name: hourly', '      match: { env: { PIPELINE: hourly } }', '      sla: { every: 2h }']);
      setups.push(s);
      let daemon = await start(s);
      const atStart = dbtOutcome(await daemon.runDbtCycle(T0));
      expect(atStart.findings.filter((f) => f.labels['alert_type'] === 'sla_breach')).toEqual([]);
      await daemon.stop('restart');

      // Restarted 3 h later: the clock runs from the first watch, not from the restart.
      s.clock.now = new Date(T0.getTime() + 3 * HOUR);
      daemon = await start(s);
      const late = dbtOutcome(await daemon.runDbtCycle(s.clock.now));
      const breach = late.findings.filter((f) => f.labels['alert_type'] === 'sla_breach');
      expect(breach.map((f) => f.labels)).toEqual([{ alert_type: 'sla_breach', pipeline: 'hourly', reason: 'not_run' }]);
      expect(breach[0]?.summary).toBe('pipeline hourly has not run successfully within 2h: no success since snowmon started watching 3h ago');
      expect(breach[0]?.severity).toBe('critical');
      const sentBefore = slack.messages.length;
      await daemon.deliverDue(s.clock.now);
      expect(slack.messages.slice(sentBefore).some((m) => m.channel === ALERTS && m.text.includes('hourly'))).toBe(true);

      // A successful hourly run resolves it.
      s.clock.now = new Date(s.clock.now.getTime() + 10 * 60_000);
      writeRun(s, 30, s.clock.now, [{ id: 'model.shop.orders', status: 'success' }], 'hourly');
      const ran = dbtOutcome(await daemon.runDbtCycle(s.clock.now));
      expect(ran.findings.filter((f) => f.labels['alert_type'] === 'sla_breach')).toEqual([]);
    }, 60_000);
  });
}
