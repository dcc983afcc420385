/**
 * runChecks ordering, SHOW reuse, binds and failure isolation. The SnowflakeClient here is a small
 * in-memory test double: these tests are about the order and number of statements runChecks sends,
 * which a fake records exactly; the real driver against the emulator is covered by
 * test/integration/queries-contract.test.ts.
 */

import { describe, expect, it } from 'vitest';
import type { CheckDefinition } from '../../../src/checks/check.js';
import { runChecks, type CheckProgressEvent } from '../../../src/checks/run-checks.js';
import type { QueryOptions, QueryResult, SnowflakeClient } from '../../../src/sources/snowflake-client.js';
import { SnowflakeError } from '../../../src/sources/snowflake-client.js';
import { shippedThresholds } from '../../support/shipped-thresholds.js';

interface Sent {
  readonly sql: string;
  readonly options?: QueryOptions;
}

function fakeClient(answer: (sql: string) => QueryResult['rows'] | Error): SnowflakeClient & { sent: Sent[] } {
  const sent: Sent[] = [];
  return {
    sent,
    async query(sql, options) {
      sent.push({ sql, ...(options ? { options } : {}) });
      const result = answer(sql);
      if (result instanceof Error) throw result;
      return { columns: Object.keys(result[0] ?? {}), rows: result, queryId: `q${sent.length}` };
    },
    async close() {},
  };
}

function check(name: string, cost: 'free' | 'warehouse', statements: string[], thresholds: Record<string, number> = {}): CheckDefinition {
  return {
    header: { name, summary: '', grain: '', source: cost === 'free' ? 'show' : 'account_usage', cost, cadence: '1d', thresholds, labels: [], runbook: '' },
    file: `queries/${name}.sql`,
    statements,
  };
}

const OPTIONS = { now: new Date('2026-11-20T12:00:00Z'), usdPerCredit: 3 };

describe('runChecks', () => {
  it('does run free checks first, then warehouse checks, and keep the outcomes in load order', async () => {
    const client = fakeClient(() => []);
    const checks = [
      check('w1', 'warehouse', ['select 1 as a']),
      check('f1', 'free', ['show warehouses']),
      check('w2', 'warehouse', ['select 2 as a']),
      check('f2', 'free', ['show resource monitors']),
    ];
    const outcomes = await runChecks(client, checks, OPTIONS);
    expect(client.sent.map((s) => s.sql)).toEqual(['show warehouses', 'show resource monitors', 'select 1 as a', 'select 2 as a']);
    expect(outcomes.map((o) => [o.name, o.status])).toEqual([
      ['w1', 'ok'],
      ['f1', 'ok'],
      ['w2', 'ok'],
      ['f2', 'ok'],
    ]);
  });

  it('does send an identical SHOW statement once per run and reuse its rows', async () => {
    const client = fakeClient((sql) => (sql.startsWith('show') ? [{ name: 'WH', resource_monitor: 'null', state: 'STARTED' }] : []));
    const checks = [
      check('resource_monitors', 'free', ['show resource monitors', 'show warehouses'], shippedThresholds('resource_monitors')),
      check(
        'warehouse_config',
        'warehouse',
        ['SHOW  WAREHOUSES', 'show resource monitors', 'select 1 as a', 'select 2 as b'],
        shippedThresholds('warehouse_config'),
      ),
    ];
    const outcomes = await runChecks(client, checks, OPTIONS);
    expect(client.sent.map((s) => s.sql)).toEqual(['show resource monitors', 'show warehouses', 'select 1 as a', 'select 2 as b']);
    expect(outcomes.map((o) => o.statementsSent)).toEqual([2, 2]);
    expect(outcomes[1]!.rows.map((r) => r['warehouse_name'])).toEqual(['WH']);
  });

  it('does tag every statement with its check and bind the snowmon warehouse to each ?', async () => {
    const client = fakeClient(() => []);
    await runChecks(client, [check('self_cost', 'warehouse', ['select ? as a, upper(?) as b', "select '?' as c"])], {
      ...OPTIONS,
      snowmonWarehouse: 'SNOWMON_WH',
      statementTimeoutMs: 5000,
    });
    expect(client.sent.map((s) => s.options)).toEqual([
      { check: 'self_cost', timeoutMs: 5000, binds: ['SNOWMON_WH', 'SNOWMON_WH'] },
      { check: 'self_cost', timeoutMs: 5000 },
    ]);
  });

  it('does mark one check failed and run the others when its SQL fails, a SHOW fails or its evaluator throws', async () => {
    const client = fakeClient((sql) => {
      if (sql === 'select broken') return new SnowflakeError("SQL compilation error: Object 'X' does not exist", '002003', '42S02');
      if (sql === 'show resource monitors') return new SnowflakeError('password=hunter2 rejected', '390100', '08004', 'login');
      if (sql === 'select bad_rows') return [{ warehouse_name: 'A', credits: 1 }];
      return [];
    });
    const checks = [
      check('broken', 'warehouse', ['select broken', 'select never_sent']),
      check('resource_monitors', 'free', ['show resource monitors', 'show warehouses']),
      check('warehouse_config', 'warehouse', ['show warehouses', 'show resource monitors', 'select 1 as a', 'select 2 as b']),
      check('fine', 'warehouse', ['select 3 as c']),
    ];
    const events: CheckProgressEvent[] = [];
    const outcomes = await runChecks(client, checks, { ...OPTIONS, onProgress: (e) => events.push(e) });
    expect(outcomes.map((o) => [o.name, o.status, o.error])).toEqual([
      ['broken', 'failed', "002003 (42S02): SQL compilation error: Object 'X' does not exist"],
      ['resource_monitors', 'failed', '390100 (08004): password=[redacted] rejected'],
      ['warehouse_config', 'failed', '390100 (08004): password=[redacted] rejected'],
      ['fine', 'ok', undefined],
    ]);
    expect(client.sent.map((s) => s.sql)).not.toContain('select never_sent');
    expect(client.sent.filter((s) => s.sql === 'show resource monitors')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'check_finished').map((e) => e.name)).toEqual(['resource_monitors', 'broken', 'warehouse_config', 'fine']);
  });

  it('does not repeat the error code when the client message already leads with it', async () => {
    const client = fakeClient(() => new SnowflakeError('002003 (42S02): SQL compilation error: no table', '002003', '42S02'));
    const outcomes = await runChecks(client, [check('x', 'warehouse', ['select 1 as a'])], OPTIONS);
    expect(outcomes[0]!.error).toBe('002003 (42S02): SQL compilation error: no table');
  });

  it('does report a throw while evaluating as a failed check', async () => {
    const client = fakeClient(() => [{ query_tag: 'x' }]);
    // Thresholds are merged into a plain object; a getter that throws stands in for an evaluator bug.
    const thresholds = Object.defineProperty({}, 'max_credits_per_day', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    const outcomes = await runChecks(client, [check('self_cost', 'warehouse', ['select 1 as a', 'select 2 as b'], thresholds)], OPTIONS);
    expect(outcomes[0]!.status).toBe('failed');
    expect(outcomes[0]!.error).toBe('boom');
  });

  it('does apply config threshold overrides over the header defaults', async () => {
    const client = fakeClient((sql) => (sql === 'select per_wh' ? [{ warehouse_name: 'A', credits: 1, last_day_credits: 6, baseline_daily_credits: 2 }] : []));
    const checks = [check('credits_by_warehouse', 'warehouse', ['select per_wh', 'select billed'], { spike_ratio: 2, min_daily_credits: 5 })];
    const defaults = await runChecks(client, checks, OPTIONS);
    expect(defaults[0]!.findings.map((f) => f.labels['finding'])).toEqual(['daily_spike']);
    const overridden = await runChecks(client, checks, { ...OPTIONS, thresholds: { credits_by_warehouse: { spike_ratio: 4 } } });
    expect(overridden[0]!.findings).toEqual([]);
  });

  it('does report the last statement rows and no findings for a check without an evaluator', async () => {
    const client = fakeClient((sql) => (sql === 'select 2 as b' ? [{ b: 2 }] : [{ a: 1 }]));
    const outcomes = await runChecks(client, [check('my_own_check', 'warehouse', ['select 1 as a', 'select 2 as b'])], OPTIONS);
    expect(outcomes[0]).toMatchObject({ status: 'ok', rows: [{ b: 2 }], findings: [], statementsSent: 2 });
  });

  it('does refuse an unknown check name and list the valid ones', async () => {
    const client = fakeClient(() => []);
    await expect(
      runChecks(client, [check('a', 'free', ['show warehouses']), check('b', 'warehouse', ['select 1 as x'])], { ...OPTIONS, only: ['b', 'nope'] }),
    ).rejects.toThrow('unknown check "nope" (valid: a, b)');
    expect(client.sent).toEqual([]);
  });

  it('does run only the named checks when only is given', async () => {
    const client = fakeClient(() => []);
    const outcomes = await runChecks(client, [check('a', 'free', ['show warehouses']), check('b', 'warehouse', ['select 1 as x'])], {
      ...OPTIONS,
      only: ['b'],
    });
    expect(outcomes.map((o) => o.name)).toEqual(['b']);
    expect(client.sent.map((s) => s.sql)).toEqual(['select 1 as x']);
  });
  it('does stamp startedAt from the given clock when one is given', async () => {
    const client = fakeClient(() => []);
    const ticks = [new Date('2026-01-02T03:04:05Z'), new Date('2026-01-02T03:04:06Z')];
    let i = 0;
    const outcomes = await runChecks(client, [check('a', 'free', ['show warehouses']), check('b', 'warehouse', ['select 1 as x'])], {
      ...OPTIONS,
      clock: () => ticks[i++] as Date,
    });
    expect(outcomes.map((o) => o.startedAt)).toEqual(['2026-01-02T03:04:05.000Z', '2026-01-02T03:04:06.000Z']);
  });
});
