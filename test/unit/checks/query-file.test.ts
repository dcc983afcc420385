import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultQueriesDir, loadChecks } from '../../../src/checks/load-checks.js';
import { parseQueryFile } from '../../../src/checks/query-file.js';
import { shippedThresholds } from '../../support/shipped-thresholds.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/checks');

describe('loadChecks', () => {
  it('does parse header and statements when the file is valid', async () => {
    const { checks, errors } = await loadChecks(join(FIXTURES, 'good-headers'));
    expect(errors).toEqual([]);
    expect(checks.map((c) => c.header.name)).toEqual(['daily_spend', 'monitors']);
    const spend = checks[0]!;
    expect(spend.header).toEqual({
      name: 'daily_spend',
      summary: 'Credits per day.',
      grain: 'one row per day',
      source: 'account_usage',
      cost: 'warehouse',
      cadence: '1d',
      thresholds: { spike_ratio: 2.5, min_daily_credits: 5 },
      labels: ['alert_type', 'warehouse'],
      runbook: 'Look at the top warehouses.',
    });
    expect(spend.file).toBe('good-headers/daily_spend.sql');
    expect(spend.statements).toEqual([`select 'a;b' as "x;y", 1 as one`, 'select ? as wh']);
    expect(checks[1]!.header.thresholds).toEqual({});
  });

  it('does give a copy of a shipped check the shipped header defaults when its own header leaves them out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'snowmon-queries-'));
    try {
      const header = [
        'name: top_queries',
        'summary: s',
        'grain: g',
        'source: account_usage',
        'cost: warehouse',
        'cadence: 1d',
        'thresholds: min_credits=3',
        'labels: alert_type',
        'runbook: r',
      ];
      writeFileSync(join(dir, 'top_queries.sql'), `${header.map((line) => `-- ${line}`).join('\n')}\n\nselect 1 as a;\n`);
      const { checks, errors } = await loadChecks(dir);
      expect(errors).toEqual([]);
      expect(checks[0]?.header.thresholds).toEqual({ ...shippedThresholds('top_queries'), min_credits: 3 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('does report each header error with file, line, key and value when headers are wrong', async () => {
    const { checks, errors } = await loadChecks(join(FIXTURES, 'bad-headers'));
    expect(checks).toEqual([]);
    expect(errors).toEqual([
      'bad-headers/bad_cadence.sql:6: invalid cadence "daily" (expected a number and s, m, h or d, e.g. 1h)',
      'bad-headers/bad_threshold.sql:7: invalid threshold "spike_ratio=two" (expected name=number)',
      'bad-headers/free_select.sql:5: cost "free" allows SHOW statements only (found "select 1 as one")',
      'bad-headers/missing_grain.sql:1: missing header key "grain"',
      'bad-headers/name_mismatch.sql:1: name "other_name" does not match the file name "name_mismatch.sql"',
      'bad-headers/no_body.sql:8: no sql statements after the header',
      'bad-headers/unknown_cost.sql:3: unknown cost "cheap" (expected free or warehouse)',
      'bad-headers/unknown_key.sql:7: unknown header key "owner" (expected one of name, summary, grain, source, cost, cadence, labels, runbook, thresholds)',
      'bad-headers/unknown_source.sql:4: unknown source "information_scheme" (expected show, account_usage, information_schema or organization_usage)',
    ]);
  });

  it('does say the folder cannot be read when it does not exist', async () => {
    const { checks, errors } = await loadChecks(join(FIXTURES, 'missing-folder'));
    expect(checks).toEqual([]);
    expect(errors).toEqual([`${join(FIXTURES, 'missing-folder')}: cannot read the queries folder (ENOENT)`]);
  });

  it('does load the twelve shipped checks without errors when given the package queries folder', async () => {
    const { checks, errors } = await loadChecks(defaultQueriesDir());
    expect(errors).toEqual([]);
    const byName = Object.fromEntries(checks.map((c) => [c.header.name, c]));
    expect(Object.keys(byName).sort()).toEqual([
      'budgets',
      'credits_by_warehouse',
      'daily_credits',
      'dbt_query_history',
      'full_table_scans',
      'resource_monitors',
      'self_cost',
      'service_account_audit',
      'storage_by_database',
      'top_queries',
      'warehouse_config',
      'warehouse_utilization',
    ]);
    expect(byName['resource_monitors']!.header.cost).toBe('free');
    expect(byName['resource_monitors']!.statements).toEqual(['show resource monitors', 'show warehouses']);
    for (const check of checks) {
      if (check.header.name !== 'resource_monitors') expect(check.header.cost).toBe('warehouse');
      for (const statement of check.statements) {
        // DESIGN §4: time filters are sargable and results bounded.
        expect(statement).not.toMatch(/datediff\(/i);
        if (!statement.startsWith('show')) expect(statement).toMatch(/\blimit \d+\s*$|\bsum\(|\bcount\(/);
      }
    }
  });
});

describe('parseQueryFile', () => {
  it('does report a duplicate key on the line it repeats when a key appears twice', () => {
    const text = [
      '-- name: x',
      '-- name: x',
      '-- summary: s',
      '-- grain: g',
      '-- source: show',
      '-- cost: free',
      '-- cadence: 5m',
      '-- labels: alert_type',
      '-- runbook: r',
      'show warehouses;',
    ].join('\n');
    expect(parseQueryFile(text, 'queries/x.sql').errors).toEqual(['queries/x.sql:2: duplicate header key "name"']);
  });

  it('does refuse a free check whose source is not show', () => {
    const text = [
      '-- name: x',
      '-- summary: s',
      '-- grain: g',
      '-- source: account_usage',
      '-- cost: free',
      '-- cadence: 5m',
      '-- labels: alert_type',
      '-- runbook: r',
      'show warehouses;',
    ].join('\n');
    expect(parseQueryFile(text, 'queries/x.sql').errors).toEqual(['queries/x.sql:5: cost "free" needs source show (got "account_usage")']);
  });
});
