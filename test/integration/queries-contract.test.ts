/**
 * Contract test for queries/*.sql: every shipped check runs through the real snowflake-sdk (via
 * connectSnowflake) against the emulator, seeded with a deterministic scenario, and what snowmon reports
 * is compared with expectations computed here straight from the seeded tables (emulator.queryRaw, plain
 * DuckDB SQL) or the emulated account model — never from snowmon's own output.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckDefinition, CheckOutcome } from '../../src/checks/check.js';
import type { Row } from '../../src/sources/snowflake-client.js';
import { defaultQueriesDir, loadChecks } from '../../src/checks/load-checks.js';
import { runChecks } from '../../src/checks/run-checks.js';
import { FrozenClock } from '../../src/emulator/clock.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/start-emulator.js';
import type { SnowflakeClient } from '../../src/sources/snowflake-client.js';
import { connectToEmulator } from '../support/emulator-session.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const USD = 3;
const ts = (d: Date): string => `TIMESTAMPTZ '${d.toISOString().replace('T', ' ').replace('Z', '+00')}'`;
const daysBefore = (d: Date, days: number): Date => new Date(d.getTime() - days * 86_400_000);
const utcDay = (d: Date): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));

let emulator: RunningEmulator;
let client: SnowflakeClient;
let checks: CheckDefinition[];
let outcomes: Map<string, CheckOutcome>;

async function raw(sql: string): Promise<Record<string, unknown>[]> {
  return emulator.queryRaw(sql);
}
const n = (v: unknown): number => Number(v ?? 0);
const outcome = (name: string): CheckOutcome => outcomes.get(name) as CheckOutcome;

beforeAll(async () => {
  emulator = await startEmulator({ clock: new FrozenClock(NOW), scenario: { seed: 7, days: 45, queryHistoryRows: 20_000 }, advanceClockWithQueries: false });
  client = await connectToEmulator(emulator);
  const loaded = await loadChecks(defaultQueriesDir());
  expect(loaded.errors).toEqual([]);
  checks = loaded.checks;
  const list = await runChecks(client, checks, { now: NOW, usdPerCredit: USD, snowmonWarehouse: 'SNOWMON_WH' });
  outcomes = new Map(list.map((o) => [o.name, o]));
}, 120_000);

afterAll(async () => {
  await client?.close();
  await emulator?.stop();
});

describe('queries contract', () => {
  it('does run every shipped check without an error', () => {
    expect(checks.length).toBe(12);
    expect([...outcomes.values()].map((o) => [o.name, o.status, o.error ?? ''])).toEqual(checks.map((c) => [c.header.name, 'ok', '']));
  });

  it('does send SHOW statements first, each once, and tag every statement with its check', () => {
    const sent = emulator.statements.filter((s) => !/^alter session/i.test(s.sql));
    const shows = sent.filter((s) => /^\s*show/i.test(s.sql)).map((s) => s.sql.toLowerCase());
    expect(shows).toEqual(['show resource monitors', 'show warehouses']);
    const firstSelect = sent.findIndex((s) => !/^\s*show/i.test(s.sql));
    expect(sent.slice(0, firstSelect).every((s) => /^\s*show/i.test(s.sql))).toBe(true);
    for (const s of sent) expect(JSON.parse(s.queryTag ?? '{}')).toMatchObject({ app: 'snowmon' });
    expect(sent.slice(0, firstSelect).map((s) => s.kind)).toEqual(['show', 'show']);
    expect(sent.slice(firstSelect).every((s) => s.kind === 'select' && s.ok)).toBe(true);
  });

  it('does give daily_credits one row per day for 30 days whose month sums to the billed month to date', () => {
    const rows = outcome('daily_credits').rows;
    const days = rows.map((r) => String(r['usage_date']).slice(0, 10));
    expect(days).toEqual([...days].sort());
    expect(new Set(days).size).toBe(days.length);
    expect(days[days.length - 1]).toBe(NOW.toISOString().slice(0, 10));
    expect(days.length).toBe(31);
    const month = NOW.toISOString().slice(0, 7);
    const billedThisMonth = rows.filter((r) => String(r['usage_date']).startsWith(month)).reduce((sum, r) => sum + Number(r['credits_billed']), 0);
    const billed = outcome('credits_by_warehouse').findings.find((f) => f.labels['finding'] === 'billed_month_to_date');
    expect(billedThisMonth).toBeCloseTo(billed?.credits ?? NaN, 6);
  });

  it('does report each resource monitor with its percent of quota from the account model', () => {
    const rows = outcome('resource_monitors').rows;
    const model = [...emulator.account.monitors.values()];
    expect(rows.map((r) => r['name']).sort()).toEqual(model.map((m) => m.name).sort());
    for (const m of model) {
      const row = rows.find((r) => r['name'] === m.name) as Row;
      if (m.creditQuota === null) expect(row['pct']).toBeNull();
      else expect(n(row['pct'])).toBeCloseTo((m.usedCredits / m.creditQuota) * 100, 1);
    }
  });

  it('does raise a critical 100 % finding naming the warehouses a monitor suspended, as the account model has them', () => {
    const findings = outcome('resource_monitors').findings;
    const suspending = [...emulator.account.monitors.values()].filter(
      (m) => m.creditQuota !== null && m.level !== null && m.suspendAt !== null && (m.usedCredits / m.creditQuota) * 100 >= Math.max(m.suspendAt, 100),
    );
    expect(suspending.length).toBeGreaterThan(0);
    for (const m of suspending) {
      const critical = findings.find((f) => f.labels['monitor'] === m.name && f.labels['threshold'] === '100');
      expect(critical?.severity).toBe('critical');
      for (const w of emulator.account.warehouses.values()) {
        if (w.suspendedByMonitor === m.name) expect(critical?.summary).toContain(w.name);
      }
    }
  });

  it('does total month-to-date credits per warehouse as the metering table does', async () => {
    const expected = await raw(`
      select warehouse_name as warehouse_name, sum(credits_used) as credits
      from snowflake.account_usage.warehouse_metering_history
      where start_time >= ${ts(new Date(Date.UTC(NOW.getUTCFullYear(), NOW.getUTCMonth(), 1)))} and warehouse_id > 0
      group by warehouse_name`);
    const rows = outcome('credits_by_warehouse').rows;
    expect(rows.length).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(0);
    for (const e of expected) {
      const row = rows.find((r) => r['warehouse_name'] === e['warehouse_name']) as Row;
      expect(n(row['credits'])).toBeCloseTo(n(e['credits']), 3);
      expect(n(row['usd'])).toBeCloseTo(n(e['credits']) * USD, 2);
    }
  });

  it("does give daily_credits one row per day of the last 30 with the credits billed that day (the report's trend)", async () => {
    const expected = await raw(`
      select usage_date as usage_date, sum(credits_billed) as credits_billed
      from snowflake.account_usage.metering_daily_history
      where usage_date >= ${ts(daysBefore(utcDay(NOW), 30))}
      group by usage_date`);
    const days = outcome('daily_credits').rows;
    expect(days.length).toBe(expected.length);
    expect(days.length).toBeGreaterThanOrEqual(28);
    for (const e of expected) {
      const day = new Date(e['usage_date'] as string | Date).toISOString().slice(0, 10);
      const row = days.find((r) => String(r['usage_date']).slice(0, 10) === day) as Row;
      expect(row, day).toBeDefined();
      expect(n(row['credits_billed'])).toBeCloseTo(n(e['credits_billed']), 3);
    }
  });

  it('does build the 7 × 24 heatmap whose cells add up to the metered compute of the window', async () => {
    const [expected] = await raw(`
      select sum(credits_used_compute) as credits
      from snowflake.account_usage.warehouse_metering_history
      where start_time >= ${ts(daysBefore(utcDay(NOW), 28))} and start_time < ${ts(new Date(NOW.getTime() - 6 * 3_600_000))}
        and warehouse_id > 0`);
    const rows = outcome('warehouse_utilization').rows;
    expect(rows).toHaveLength(168);
    expect(new Set(rows.map((r) => `${n(r['iso_dow'])}:${n(r['hour_utc'])}`)).size).toBe(168);
    expect(rows.every((r) => n(r['iso_dow']) >= 1 && n(r['iso_dow']) <= 7 && n(r['hour_utc']) >= 0 && n(r['hour_utc']) <= 23)).toBe(true);
    expect(rows.reduce((s, r) => s + n(r['credits']), 0)).toBeCloseTo(n(expected?.['credits']), 2);
  });

  it('does list at most 20 top queries, most expensive first, matching the attribution table', async () => {
    const rows = outcome('top_queries').rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(20);
    const credits = rows.map((r) => n(r['credits']));
    expect([...credits].sort((a, b) => b - a)).toEqual(credits);
    const [attributed] = await raw(`select count(*) as n from snowflake.account_usage.query_attribution_history
      where start_time >= ${ts(daysBefore(NOW, 7))}`);
    if (n(attributed?.['n']) > 0) {
      const [top] = await raw(`
        select coalesce(query_parameterized_hash, query_hash, query_id) as h,
               sum(credits_attributed_compute + coalesce(credits_used_query_acceleration, 0)) as credits
        from snowflake.account_usage.query_attribution_history
        where start_time >= ${ts(daysBefore(NOW, 7))}
        group by 1 order by 2 desc limit 1`);
      expect(rows[0]!['credit_source']).toBe('attribution');
      expect(n(rows[0]!['credits'])).toBeCloseTo(n(top?.['credits']), 4);
    } else {
      expect(rows[0]!['credit_source']).toBe('estimate');
    }
  });

  it('does report every SHOW warehouse in warehouse_config and flag unused ones that metering never saw', async () => {
    const rows = outcome('warehouse_config').rows;
    expect(rows.map((r) => r['warehouse_name']).sort()).toEqual([...emulator.account.warehouses.keys()].sort());
    const metered = new Set(
      (
        await raw(`select distinct warehouse_name as warehouse_name from snowflake.account_usage.warehouse_metering_history
      where start_time >= ${ts(daysBefore(NOW, 30))} and warehouse_id > 0`)
      ).map((r) => String(r['warehouse_name'])),
    );
    for (const r of rows) {
      const created = emulator.account.warehouses.get(String(r['warehouse_name']))!.createdOn;
      const unused = !metered.has(String(r['warehouse_name'])) && NOW.getTime() - created.getTime() >= 30 * 86_400_000;
      expect(String(r['issues']).split(',').includes('unused')).toBe(unused);
    }
  });

  it('does count one resume per RESUME_WAREHOUSE STARTED row and flag resume thrash on LOADING_WH only, with those counts', async () => {
    // Since bundle 2024_04 a resume is logged STARTED and never COMPLETED; RESUME_CLUSTER rows (per cluster,
    // and per scale-out on the multi-cluster BI_WH) are not resumes.
    const expected = await raw(`
      with r as (select warehouse_name as w, date_trunc('hour', timestamp) as hr, count(*) as n
                 from snowflake.account_usage.warehouse_events_history
                 where timestamp >= ${ts(daysBefore(NOW, 7))} and event_name = 'RESUME_WAREHOUSE' and event_state = 'STARTED'
                 group by 1, 2)
      select w as warehouse_name, sum(n) as resumes_7d, max(n) as max_resumes_per_hour from r group by 1`);
    const [completed] = await raw(`select count(*) as n from snowflake.account_usage.warehouse_events_history
      where event_name = 'RESUME_WAREHOUSE' and event_state = 'COMPLETED'`);
    expect(n(completed?.['n'])).toBe(0);
    const [clusters] = await raw(`select count(*) as n from snowflake.account_usage.warehouse_events_history
      where timestamp >= ${ts(daysBefore(NOW, 7))} and warehouse_name = 'BI_WH' and event_name = 'RESUME_CLUSTER'`);
    const biResumes = n(expected.find((e) => e['warehouse_name'] === 'BI_WH')?.['resumes_7d']);
    expect(n(clusters?.['n'])).toBeGreaterThan(biResumes);

    const rows = outcome('warehouse_config').rows;
    for (const r of rows) {
      const e = expected.find((x) => x['warehouse_name'] === r['warehouse_name']);
      expect([r['warehouse_name'], n(r['resumes_7d']), n(r['max_resumes_per_hour'])]).toEqual([
        r['warehouse_name'],
        n(e?.['resumes_7d']),
        n(e?.['max_resumes_per_hour']),
      ]);
    }
    const loading = expected.find((e) => e['warehouse_name'] === 'LOADING_WH');
    expect(n(loading?.['max_resumes_per_hour'])).toBeGreaterThan(20);
    const thrash = outcome('warehouse_config').findings.filter((f) => f.labels['finding'] === 'resume_thrash');
    expect(thrash.map((f) => f.labels['warehouse'])).toEqual(['LOADING_WH']);
    expect(thrash[0]!.summary).toContain(`resumed up to ${n(loading?.['max_resumes_per_hour'])} times in one hour (${n(loading?.['resumes_7d'])} in 7 days)`);
    // Medium = 4 credits/h; each resume bills at least 60 s.
    expect(thrash[0]!.credits).toBeCloseTo(n(loading?.['resumes_7d']) * (60 / 3600) * 4, 6);
  });

  it('does only report scans at or above the thresholds', () => {
    for (const r of outcome('full_table_scans').rows) {
      expect(n(r['avg_scan_ratio'])).toBeGreaterThanOrEqual(0.9);
      expect(n(r['max_partitions_total'])).toBeGreaterThanOrEqual(1000);
      expect(n(r['runs'])).toBeGreaterThanOrEqual(2);
    }
  });

  it('does report each live database with its latest total size', async () => {
    const expected = await raw(`
      with u as (select * from snowflake.account_usage.database_storage_usage_history
                 where usage_date >= cast(${ts(daysBefore(utcDay(NOW), 31))} as date) and deleted is null)
      select database_name as database_name, (average_database_bytes + average_failsafe_bytes) / power(1024, 3) as total_gb
      from u where usage_date = (select max(usage_date) from u)`);
    const rows = outcome('storage_by_database').rows;
    expect(rows.map((r) => r['database_name']).sort()).toEqual(expected.map((e) => e['database_name']).sort());
    for (const e of expected) {
      expect(n(rows.find((r) => r['database_name'] === e['database_name'])!['total_gb'])).toBeCloseTo(n(e['total_gb']), 3);
    }
  });

  it('does find every user who reaches ACCOUNTADMIN or SECURITYADMIN through role inheritance', async () => {
    // Walk the grants in JS, independently of the recursive SQL.
    const edges = await raw(`select name as name, grantee_name as grantee_name from snowflake.account_usage.grants_to_roles
      where granted_on = 'ROLE' and privilege = 'USAGE' and deleted_on is null`);
    const holders = new Set(['ACCOUNTADMIN', 'SECURITYADMIN']);
    for (let changed = true; changed;) {
      changed = false;
      for (const e of edges) {
        if (holders.has(String(e['name'])) && !holders.has(String(e['grantee_name']))) {
          holders.add(String(e['grantee_name']));
          changed = true;
        }
      }
    }
    const grants = await raw(`select g.grantee_name as grantee_name, g.role as role from snowflake.account_usage.grants_to_users g
      join snowflake.account_usage.users u on u.name = g.grantee_name
      where g.deleted_on is null and u.deleted_on is null and lower(coalesce(cast(u.disabled as varchar), 'false')) <> 'true'`);
    const admins = [...new Set(grants.filter((g) => holders.has(String(g['role']))).map((g) => String(g['grantee_name'])))].sort();
    const rows = outcome('service_account_audit').rows;
    expect(
      rows
        .filter((r) => r['admin_roles'] !== null)
        .map((r) => r['user_name'])
        .sort(),
    ).toEqual(admins);
    const serviceAdmins = rows.filter((r) => r['admin_roles'] !== null && ['SERVICE', 'LEGACY_SERVICE'].includes(String(r['user_type'])));
    const findings = outcome('service_account_audit').findings;
    expect(
      findings
        .filter((f) => f.labels['finding'] === 'service_user_admin')
        .map((f) => f.labels['user'])
        .sort(),
    ).toEqual(serviceAdmins.map((r) => r['user_name']).sort());
    expect(findings.every((f) => f.labels['alert_type'] === 'security')).toBe(true);
  });

  it('does flag exactly the active service users that log in with a password only', async () => {
    const expected = await raw(`select name as name from snowflake.account_usage.users
      where deleted_on is null and lower(coalesce(cast(disabled as varchar), 'false')) <> 'true'
        and type in ('SERVICE', 'LEGACY_SERVICE') and coalesce(has_password, false) and not coalesce(has_rsa_public_key, false)`);
    const flagged = outcome('service_account_audit').findings.filter((f) => f.labels['finding'] === 'password_only_service_user');
    expect(flagged.map((f) => f.labels['user']).sort()).toEqual(expected.map((e) => String(e['name'])).sort());
  });

  it('does mark one check failed with the Snowflake error and still run the next when a statement fails', async () => {
    emulator.faults.failNext(1, {
      match: /query_attribution_history/i,
      code: '000630',
      sqlState: '57014',
      message: 'Statement reached its statement or warehouse timeout of 60 second(s) and was canceled.',
    });
    const again = await runChecks(client, checks, { now: NOW, usdPerCredit: USD, snowmonWarehouse: 'SNOWMON_WH', only: ['top_queries', 'self_cost'] });
    expect(again.map((o) => [o.name, o.status])).toEqual([
      ['self_cost', 'ok'],
      ['top_queries', 'failed'],
    ]);
    expect(again[1]!.error).toMatch(/^000630 \(57014\): Statement reached/);
    expect(again[1]!.findings).toEqual([]);
  });

  it('does keep top_queries partial on the QUERY_HISTORY fallback when QUERY_ATTRIBUTION_HISTORY is refused', async () => {
    emulator.faults.failNext(1, {
      match: /query_attribution_history/i,
      code: '002003',
      sqlState: '42S02',
      message: "SQL compilation error:\nObject 'SNOWFLAKE.ACCOUNT_USAGE.QUERY_ATTRIBUTION_HISTORY' does not exist or not authorized.",
    });
    const again = await runChecks(client, checks, { now: NOW, usdPerCredit: USD, snowmonWarehouse: 'SNOWMON_WH', role: 'SNOWMON_ROLE', only: ['top_queries'] });
    expect(again.map((o) => [o.name, o.status])).toEqual([['top_queries', 'partial']]);
    expect(again[0]!.refused).toEqual([
      {
        object: 'SNOWFLAKE.ACCOUNT_USAGE.QUERY_ATTRIBUTION_HISTORY',
        statement: 0,
        grant: 'grant database role snowflake.usage_viewer to role SNOWMON_ROLE',
      },
    ]);
    expect(again[0]!.rows.length).toBeGreaterThan(0);
  });

  it('does total snowmon own warehouse credits over 30 days', async () => {
    const [expected] = await raw(`select coalesce(sum(credits_used), 0) as credits from snowflake.account_usage.warehouse_metering_history
      where start_time >= ${ts(daysBefore(NOW, 30))} and warehouse_name = 'SNOWMON_WH'`);
    const finding = outcome('self_cost').findings[0]!;
    expect(finding.labels['warehouse']).toBe('SNOWMON_WH');
    expect(n(finding.credits)).toBeCloseTo(n(expected?.['credits']), 4);
    expect(n(finding.usd)).toBeCloseTo(n(expected?.['credits']) * USD, 3);
  });

  it('does give every finding an alert_type, labels its header declares, and usd = credits × price wherever credits are given', () => {
    for (const o of outcomes.values()) {
      const declared = checks.find((c) => c.header.name === o.name)!.header.labels;
      for (const f of o.findings) {
        for (const key of Object.keys(f.labels)) expect(declared, `${o.name} label ${key}`).toContain(key);
        expect(f.labels['alert_type']).toBeTruthy();
        if (f.credits !== undefined) expect(f.usd).toBeCloseTo(f.credits * USD, 6);
      }
    }
  });
});
