import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EmulatedAccount } from '../../../src/emulator/account-model.js';
import { ACCOUNT_USAGE_TABLES } from '../../../src/emulator/scenarios/account-usage-schema.js';
import { seedScenario } from '../../../src/emulator/scenarios/seed-scenario.js';
import { formatShowTimestamp, showResourceMonitors } from '../../../src/emulator/show-commands.js';
import { evaluateResourceMonitors } from '../../../src/checks/evaluate-resource-monitors.js';
import { shippedThresholds } from '../../support/shipped-thresholds.js';

const NOW = new Date('2026-11-20T14:30:00Z'); // a Friday afternoon, mid-month

async function openSeeded(seed: number, rows = 20_000): Promise<{ connection: DuckDBConnection; account: EmulatedAccount }> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("ATTACH ':memory:' AS snowflake");
  const account = await seedScenario(connection, { seed, now: NOW, queryHistoryRows: rows });
  return { connection, account };
}

async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJS();
}

async function tableDigest(connection: DuckDBConnection, table: string): Promise<string> {
  const [row] = await rows(
    connection,
    `
    SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) AS d
    FROM (SELECT t::VARCHAR AS r FROM snowflake.account_usage.${table} t)`,
  );
  return String(row?.['d']);
}

const accountJson = (account: EmulatedAccount): string =>
  JSON.stringify({
    warehouses: [...account.warehouses.values()],
    monitors: [...account.monitors.values()],
    logins: [...account.loginUsers.keys()],
  });

describe('seedScenario', () => {
  let a: { connection: DuckDBConnection; account: EmulatedAccount };

  beforeAll(async () => {
    a = await openSeeded(7);
  });

  it('does produce identical tables and account when the seed is the same', async () => {
    const b = await openSeeded(7);
    for (const table of Object.keys(ACCOUNT_USAGE_TABLES)) {
      expect(await tableDigest(b.connection, table), table).toBe(await tableDigest(a.connection, table));
    }
    expect(accountJson(b.account)).toBe(accountJson(a.account));
  });

  it('does produce a different history when the seed differs', async () => {
    const c = await openSeeded(8);
    expect(await tableDigest(c.connection, 'QUERY_HISTORY')).not.toBe(await tableDigest(a.connection, 'QUERY_HISTORY'));
    expect(await tableDigest(c.connection, 'WAREHOUSE_METERING_HISTORY')).not.toBe(await tableDigest(a.connection, 'WAREHOUSE_METERING_HISTORY'));
  });

  it('does fill every ACCOUNT_USAGE table when seeded', async () => {
    for (const table of Object.keys(ACCOUNT_USAGE_TABLES)) {
      const [row] = await rows(a.connection, `SELECT count(*)::INTEGER AS n FROM snowflake.account_usage.${table}`);
      expect(Number(row?.['n']), table).toBeGreaterThan(0);
    }
    const [qh] = await rows(a.connection, 'SELECT count(*)::INTEGER AS n FROM snowflake.account_usage.query_history');
    expect(qh?.['n']).toBe(20_000);
  });

  it('does keep query history and metering consistent per warehouse and day within 1 %', async () => {
    const mismatches = await rows(
      a.connection,
      `
      WITH qah AS (
        SELECT warehouse_name, CAST(date_trunc('day', start_time) AS DATE) AS d, sum(credits_attributed_compute)::DOUBLE AS c
        FROM snowflake.account_usage.query_attribution_history GROUP BY ALL
      ), wmh AS (
        SELECT warehouse_name, CAST(date_trunc('day', start_time) AS DATE) AS d,
               sum(credits_attributed_compute_queries)::DOUBLE AS a, sum(credits_used_compute)::DOUBLE AS c
        FROM snowflake.account_usage.warehouse_metering_history WHERE warehouse_id > 0 GROUP BY ALL
      )
      SELECT coalesce(q.warehouse_name, w.warehouse_name) AS wh, coalesce(q.d, w.d) AS d, q.c AS qah, w.a AS attributed, w.c AS compute
      FROM qah q FULL JOIN wmh w ON q.warehouse_name = w.warehouse_name AND q.d = w.d
      WHERE w.a IS NULL OR abs(coalesce(q.c, 0) - w.a) > 0.01 * greatest(w.a, 0.001) OR w.c < w.a - 1e-6`,
    );
    expect(mismatches).toEqual([]);
    // compute per hour never exceeds the size's hourly rate, and the 60 s minimum holds
    const [bounds] = await rows(
      a.connection,
      `
      SELECT count(*) FILTER (WHERE credits_used_compute > rate + 1e-9)::INTEGER AS over,
             count(*) FILTER (WHERE credits_used_compute < rate / 60 - 1e-9)::INTEGER AS under
      FROM snowflake.account_usage.warehouse_metering_history m
      JOIN (SELECT DISTINCT warehouse_name, CASE warehouse_size WHEN 'X-Small' THEN 1 WHEN 'Small' THEN 2
              WHEN 'Medium' THEN 4 WHEN 'Large' THEN 8 WHEN 'X-Large' THEN 16 END AS rate
            FROM snowflake.account_usage.query_history) s USING (warehouse_name)`,
    );
    expect(bounds).toEqual({ over: 0, under: 0 });
    // daily history adds up the hourly one, and billing applies the 10 % cloud-services rule
    const daily = await rows(
      a.connection,
      `
      WITH h AS (SELECT CAST(date_trunc('day', start_time) AS DATE) AS d, sum(credits_used_compute) AS c
                 FROM snowflake.account_usage.warehouse_metering_history GROUP BY ALL)
      SELECT d.usage_date FROM snowflake.account_usage.metering_daily_history d JOIN h ON h.d = d.usage_date
      WHERE d.service_type = 'WAREHOUSE_METERING'
        AND (abs(d.credits_used_compute - h.c) > 1e-6 OR d.credits_adjustment_cloud_services > 0
             OR d.credits_billed > d.credits_used + 1e-9)`,
    );
    expect(daily).toEqual([]);
  });

  it('does seed a default-schedule monitor as SHOW prints it (MONTHLY from its creation) counting from the 1st', async () => {
    const show = showResourceMonitors(a.account, { now: NOW });
    const row = Object.fromEntries(show.columns.map((c, n) => [c.name, show.rows.find((r) => r[0] === 'LOADING_MONITOR')?.[n]]));
    expect(row['frequency']).toBe('MONTHLY');
    expect(row['start_time']).toBe('2026-10-04 14:23:05.120 +0000'); // its creation, 47 days before NOW's day
    expect(row['start_time']).toBe(formatShowTimestamp(row['created_on'] as Date));
    const [month] = await rows(
      a.connection,
      `
      SELECT sum(credits_used)::DOUBLE AS used FROM snowflake.account_usage.warehouse_metering_history
      WHERE warehouse_name = 'LOADING_WH' AND start_time >= TIMESTAMPTZ '2026-11-01 00:00:00+00'`,
    );
    expect(Number(row['used_credits'])).toBeCloseTo(Number(month?.['used']), 1);
    // snowmon reads the row back as the calendar month, not as a cycle from the 4th.
    const evaluated = evaluateResourceMonitors({ results: [[row], []], thresholds: shippedThresholds('resource_monitors'), now: NOW, usdPerCredit: 3 });
    expect(evaluated.rows[0]).toMatchObject({ cycle_start: '2026-11-01T00:00:00.000Z', frequency: 'MONTHLY (calendar month)' });
  });

  it('does put the monitors at their described fill levels, consistent with this cycle metering', async () => {
    const m = a.account.monitors;
    const fill = (name: string): number => {
      const monitor = m.get(name);
      if (monitor?.creditQuota == null) throw new Error(`${name} has no quota`);
      return monitor.usedCredits / monitor.creditQuota;
    };
    expect(fill('ACCOUNT_MONTHLY')).toBeCloseTo(0.82, 2);
    expect(fill('TRANSFORM_WEEKLY')).toBeCloseTo(0.93, 2);
    expect(fill('DATASCIENCE_MONITOR')).toBeGreaterThanOrEqual(1);
    expect(fill('LOADING_MONITOR')).toBeCloseTo(0.85, 2);
    expect(m.get('BI_MONITOR')?.creditQuota).toBeNull();
    expect(m.get('OLD_MONITOR')?.level).toBeNull();
    expect(m.get('LOADING_MONITOR')?.suspendAt).toBeNull();
    expect(m.get('ACCOUNT_MONTHLY')?.level).toBe('ACCOUNT');
    const [month] = await rows(
      a.connection,
      `
      SELECT sum(credits_used)::DOUBLE AS used FROM snowflake.account_usage.warehouse_metering_history
      WHERE warehouse_id > 0 AND start_time >= TIMESTAMPTZ '2026-11-01 00:00:00+00'`,
    );
    expect(m.get('ACCOUNT_MONTHLY')?.usedCredits).toBeCloseTo(Number(month?.['used']), 1);
    const [week] = await rows(
      a.connection,
      `
      SELECT sum(credits_used)::DOUBLE AS used FROM snowflake.account_usage.warehouse_metering_history
      WHERE warehouse_name = 'TRANSFORM_WH' AND start_time >= TIMESTAMPTZ '2026-11-14 00:00:00+00'`,
    );
    expect(m.get('TRANSFORM_WEEKLY')?.usedCredits).toBeCloseTo(Number(week?.['used']), 1);
    const view = await rows(a.connection, `SELECT name, notify, suspend, level FROM snowflake.account_usage.resource_monitors ORDER BY name`);
    expect(view.find((r) => r['NAME'] === 'ACCOUNT_MONTHLY')).toMatchObject({ NOTIFY: '75%,90%', SUSPEND: '100%', LEVEL: 'ACCOUNT' });
  });

  it('does plant the warehouse states the audit should find', async () => {
    const w = a.account.warehouses;
    expect(w.size).toBeGreaterThanOrEqual(6);
    expect(w.get('DATASCIENCE_WH')).toMatchObject({ state: 'SUSPENDED', suspendedByMonitor: 'DATASCIENCE_MONITOR' });
    expect(w.get('ADHOC_WH')).toMatchObject({ state: 'STARTED', autoSuspend: 3600, resourceMonitor: null, running: 1 });
    expect(w.get('DEV_WH')).toMatchObject({ state: 'STARTED', autoSuspend: null });
    expect(w.get('SNOWMON_WH')).toMatchObject({ size: 'X-Small', autoSuspend: 60 });
    expect(a.account.loginUsers.get('SNOWMON')).toMatchObject({
      password: 'snowmon-demo-password',
      defaultRole: 'SNOWMON_ROLE',
      defaultWarehouse: 'SNOWMON_WH',
    });
    const thrash = await rows(
      a.connection,
      `
      SELECT warehouse_name, date_trunc('hour', timestamp) AS hr, count(*)::INTEGER AS resumes
      FROM snowflake.account_usage.warehouse_events_history
      WHERE timestamp >= TIMESTAMPTZ '2026-11-19 14:30:00+00' AND event_name = 'RESUME_WAREHOUSE' AND event_state = 'STARTED'
      GROUP BY 1, 2 HAVING count(*) > 20`,
    );
    expect(new Set(thrash.map((r) => r['WAREHOUSE_NAME']))).toEqual(new Set(['LOADING_WH']));
    const used30 = await rows(
      a.connection,
      `
      SELECT DISTINCT warehouse_name FROM snowflake.account_usage.warehouse_metering_history
      WHERE start_time > TIMESTAMPTZ '2026-10-21 14:30:00+00'`,
    );
    expect(used30.map((r) => r['WAREHOUSE_NAME'])).not.toContain('UNUSED_WH');
    const [cso] = await rows(
      a.connection,
      `SELECT count(*)::INTEGER AS n FROM snowflake.account_usage.warehouse_metering_history
      WHERE warehouse_id = 0 AND warehouse_name = 'CLOUD_SERVICES_ONLY'`,
    );
    expect(Number(cso?.['n'])).toBeGreaterThan(0);
    const [spike] = await rows(
      a.connection,
      `
      WITH d AS (SELECT CAST(date_trunc('day', start_time) AS DATE) AS d, sum(credits_used_compute)::DOUBLE AS c
                 FROM snowflake.account_usage.warehouse_metering_history WHERE warehouse_name = 'TRANSFORM_WH' GROUP BY 1)
      SELECT (SELECT c FROM d WHERE d = DATE '2026-11-17') AS spike, (SELECT median(c) FROM d) AS typical`,
    );
    expect(Number(spike?.['spike'])).toBeGreaterThan(3 * Number(spike?.['typical']));
  });

  it('does log warehouse events as Snowflake has since bundle 2024_04: STARTED warehouse events, cluster events, WAREHOUSE_CONSISTENT', async () => {
    const e = 'snowflake.account_usage.warehouse_events_history';
    const byState = await rows(
      a.connection,
      `
      SELECT event_name, event_state, count(*)::INTEGER AS n FROM ${e}
      WHERE event_name IN ('RESUME_WAREHOUSE', 'SUSPEND_WAREHOUSE') GROUP BY 1, 2`,
    );
    expect(byState.map((r) => r['EVENT_STATE'])).toEqual(['STARTED', 'STARTED']);
    // Warehouse-wide events have no cluster number; only WAREHOUSE_CONSISTENT carries size and cluster count.
    const [shape] = await rows(
      a.connection,
      `
      SELECT count(*) FILTER (WHERE event_name LIKE '%_WAREHOUSE' AND cluster_number IS NOT NULL)::INTEGER AS numbered,
             count(*) FILTER (WHERE event_name <> 'WAREHOUSE_CONSISTENT' AND (size IS NOT NULL OR cluster_count IS NOT NULL
               OR warehouse_type IS NOT NULL OR resource_constraint IS NOT NULL))::INTEGER AS sized,
             count(*) FILTER (WHERE event_name = 'WAREHOUSE_CONSISTENT' AND (event_reason IS NOT NULL OR size IS NULL
               OR event_state <> 'COMPLETED'))::INTEGER AS bad_consistent
      FROM ${e}`,
    );
    expect(shape).toEqual({ numbered: 0, sized: 0, bad_consistent: 0 });
    // Every resume and suspend is followed, within seconds, by a RESUME_/SUSPEND_CLUSTER and a WAREHOUSE_CONSISTENT.
    const [unfollowed] = await rows(
      a.connection,
      `
      SELECT count(*)::INTEGER AS n FROM ${e} w
      WHERE w.event_name IN ('RESUME_WAREHOUSE', 'SUSPEND_WAREHOUSE')
        AND (NOT EXISTS (SELECT 1 FROM ${e} c WHERE c.warehouse_name = w.warehouse_name AND c.cluster_number = 1
               AND c.event_name = replace(w.event_name, '_WAREHOUSE', '_CLUSTER')
               AND c.timestamp BETWEEN w.timestamp AND w.timestamp + INTERVAL 5 SECOND)
          OR NOT EXISTS (SELECT 1 FROM ${e} c WHERE c.warehouse_name = w.warehouse_name AND c.event_name = 'WAREHOUSE_CONSISTENT'
               AND c.timestamp BETWEEN w.timestamp AND w.timestamp + INTERVAL 5 SECOND))`,
    );
    expect(unfollowed?.['n']).toBe(0);
    const [monitorStop] = await rows(
      a.connection,
      `SELECT event_reason FROM ${e}
      WHERE warehouse_name = 'DATASCIENCE_WH' AND event_name = 'SUSPEND_WAREHOUSE' ORDER BY timestamp DESC LIMIT 1`,
    );
    expect(monitorStop?.['EVENT_REASON']).toBe('RESOURCE_MONITOR_SUSPEND');
  });

  it('does scale the multi-cluster BI_WH out, so it logs more RESUME_CLUSTER than RESUME_WAREHOUSE rows and bills the extra cluster', async () => {
    const e = 'snowflake.account_usage.warehouse_events_history';
    const counts = await rows(
      a.connection,
      `
      SELECT warehouse_name,
             count(*) FILTER (WHERE event_name = 'RESUME_WAREHOUSE')::INTEGER AS resumes,
             count(*) FILTER (WHERE event_name = 'RESUME_CLUSTER')::INTEGER AS cluster_resumes,
             count(*) FILTER (WHERE event_name = 'RESUME_CLUSTER' AND event_reason = 'MULTICLUSTER_SPINUP' AND cluster_number = 2)::INTEGER AS spinups,
             count(*) FILTER (WHERE event_name = 'SUSPEND_CLUSTER' AND event_reason = 'MULTICLUSTER_SPINDOWN')::INTEGER AS spindowns
      FROM ${e} GROUP BY 1`,
    );
    const bi = counts.find((r) => r['WAREHOUSE_NAME'] === 'BI_WH');
    expect(Number(bi?.['spinups'])).toBeGreaterThan(0);
    expect(bi?.['spindowns']).toBe(bi?.['spinups']);
    expect(bi?.['cluster_resumes']).toBe(Number(bi?.['resumes']) + Number(bi?.['spinups']));
    for (const r of counts.filter((c) => c['WAREHOUSE_NAME'] !== 'BI_WH')) expect(r['spinups']).toBe(0);
    // The scale-outs' cluster time is metered: BI_WH's compute exceeds what its warehouse-level runs alone would bill.
    const [metered] = await rows(
      a.connection,
      `
      SELECT sum(credits_used_compute)::DOUBLE AS compute FROM snowflake.account_usage.warehouse_metering_history
      WHERE warehouse_name = 'BI_WH'`,
    );
    const [runs] = await rows(
      a.connection,
      `
      WITH ev AS (SELECT event_name, timestamp, lead(timestamp) OVER (ORDER BY timestamp) AS next_at FROM ${e}
                  WHERE warehouse_name = 'BI_WH' AND event_name IN ('RESUME_WAREHOUSE', 'SUSPEND_WAREHOUSE'))
      SELECT sum(epoch(next_at) - epoch(timestamp))::DOUBLE AS up_s FROM ev WHERE event_name = 'RESUME_WAREHOUSE'`,
    );
    const small = 2; // credits per hour
    expect(Number(metered?.['compute'])).toBeCloseTo(((Number(runs?.['up_s']) + 120 * Number(bi?.['spinups'])) / 3600) * small, 2);
  });

  it('does include repeated full-table scans, failures, dbt and snowmon tags in query history', async () => {
    const scans = await rows(
      a.connection,
      `
      SELECT query_parameterized_hash, count(*)::INTEGER AS runs FROM snowflake.account_usage.query_history
      WHERE execution_status = 'SUCCESS' AND partitions_total >= 1000 AND partitions_scanned >= 0.95 * partitions_total
        AND query_type NOT LIKE 'CREATE%' GROUP BY 1 HAVING count(*) > 5`,
    );
    expect(scans.length).toBeGreaterThanOrEqual(2);
    const [status] = await rows(
      a.connection,
      `
      SELECT count(*) FILTER (WHERE execution_status = 'FAIL')::INTEGER AS failed,
             count(*) FILTER (WHERE query_tag LIKE '{%"dbt%')::INTEGER AS dbt,
             count(*) FILTER (WHERE query_tag LIKE '{"app":"snowmon","check":%' AND warehouse_name = 'SNOWMON_WH')::INTEGER AS snowmon,
             count(*) FILTER (WHERE user_name = 'ERIN' AND query_tag LIKE '{"app": "dbt"%')::INTEGER AS personal
      FROM snowflake.account_usage.query_history`,
    );
    expect(Number(status?.['failed'])).toBeGreaterThan(100);
    expect(Number(status?.['dbt'])).toBeGreaterThan(1000);
    expect(Number(status?.['snowmon'])).toBeGreaterThan(100);
    expect(Number(status?.['personal'])).toBeGreaterThan(10);
  });

  it('does resolve the service user to ACCOUNTADMIN through role edges and skip revoked grants', async () => {
    const found = await rows(
      a.connection,
      `
      WITH RECURSIVE
      role_edges AS (
        SELECT name AS child_role, grantee_name AS parent_role FROM snowflake.account_usage.grants_to_roles
        WHERE granted_on = 'ROLE' AND privilege = 'USAGE' AND deleted_on IS NULL
      ),
      admin_holders (role_name, admin_role, path, depth) AS (
        SELECT r.admin_role::VARCHAR, r.admin_role::VARCHAR, r.admin_role::VARCHAR, 0::INTEGER
        FROM (SELECT 'ACCOUNTADMIN' AS admin_role UNION ALL SELECT 'SECURITYADMIN') r
        UNION ALL
        SELECT e.parent_role, h.admin_role, e.parent_role || ' > ' || h.path, h.depth + 1
        FROM admin_holders h JOIN role_edges e ON e.child_role = h.role_name WHERE h.depth < 20
      )
      SELECT gu.grantee_name AS user_name, u.type, h.admin_role, h.path
      FROM snowflake.account_usage.grants_to_users gu
      JOIN admin_holders h ON h.role_name = gu.role
      JOIN snowflake.account_usage.users u ON u.name = gu.grantee_name AND u.deleted_on IS NULL
      WHERE gu.deleted_on IS NULL`,
    );
    const paths = found.filter((r) => r['user_name'] === 'ETL_SVC').map((r) => r['path']);
    expect(paths).toContain('ETL_ROLE > PLATFORM_ADMIN > ACCOUNTADMIN');
    expect(found.find((r) => r['user_name'] === 'ETL_SVC')?.['TYPE']).toBe('SERVICE');
    expect(found.map((r) => r['user_name'])).not.toContain('CAROL');
    const users = await rows(
      a.connection,
      `
      SELECT name, type, has_password, has_rsa_public_key, has_mfa FROM snowflake.account_usage.users WHERE deleted_on IS NULL`,
    );
    const byName = new Map(users.map((u) => [u['NAME'], u]));
    expect(byName.get('ALICE_ADMIN')).toMatchObject({ TYPE: 'PERSON', HAS_PASSWORD: true, HAS_MFA: false });
    expect(byName.get('LOADER_SVC')).toMatchObject({ HAS_PASSWORD: true, HAS_RSA_PUBLIC_KEY: false });
    expect(byName.get('SNOWMON')).toMatchObject({ TYPE: 'SERVICE' });
    expect(found.map((r) => r['user_name'])).toContain('ALICE_ADMIN');
    const unprotected = await rows(
      a.connection,
      `
      SELECT u.name FROM snowflake.account_usage.users u
      LEFT JOIN snowflake.account_usage.policy_references p
        ON p.policy_kind = 'NETWORK_POLICY' AND p.ref_entity_domain = 'USER' AND p.ref_entity_name = u.name
      WHERE u.deleted_on IS NULL AND u.type IN ('SERVICE', 'LEGACY_SERVICE') AND p.policy_name IS NULL ORDER BY 1`,
    );
    expect(unprotected.map((r) => r['NAME'])).toEqual(['ETL_SVC', 'LOADER_SVC']);
  });

  it('does give storage a growth trend and a large time-travel / fail-safe share in ANALYTICS', async () => {
    const [growth] = await rows(
      a.connection,
      `
      SELECT max_by(average_database_bytes, usage_date) / min_by(average_database_bytes, usage_date) AS ratio
      FROM snowflake.account_usage.database_storage_usage_history WHERE database_name = 'ANALYTICS'`,
    );
    expect(Number(growth?.['ratio'])).toBeGreaterThan(2);
    const churn = await rows(
      a.connection,
      `
      SELECT t.table_name FROM snowflake.account_usage.table_storage_metrics m
      JOIN snowflake.account_usage.tables t ON t.table_id = m.id
      WHERE m.deleted = FALSE AND t.deleted IS NULL AND t.table_catalog = 'ANALYTICS'
        AND m.time_travel_bytes + m.failsafe_bytes > m.active_bytes`,
    );
    expect(churn.length).toBeGreaterThanOrEqual(2);
    const [days] = await rows(a.connection, `SELECT count(*)::INTEGER AS n FROM snowflake.account_usage.storage_usage`);
    expect(days?.['n']).toBe(60);
  });

  it('does honour a 30-day period and keep the monitor levels', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run("ATTACH ':memory:' AS snowflake");
    const account = await seedScenario(connection, { seed: 1, now: NOW, days: 30, queryHistoryRows: 3_000 });
    const [span] = await rows(
      connection,
      `
      SELECT min(start_time) AS first, count(*)::INTEGER AS n FROM snowflake.account_usage.query_history`,
    );
    expect((span?.['first'] as Date).getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 30 * 86_400_000 - 3_600_000);
    expect(span?.['n']).toBe(3_000);
    const monitor = account.monitors.get('ACCOUNT_MONTHLY');
    expect((monitor?.usedCredits ?? 0) / (monitor?.creditQuota ?? 1)).toBeCloseTo(0.82, 2);
    const [unused] = await rows(
      connection,
      `
      SELECT count(*)::INTEGER AS n FROM snowflake.account_usage.query_history WHERE warehouse_name = 'UNUSED_WH'`,
    );
    expect(unused?.['n']).toBe(0);
  });

  it('does reject options outside the documented ranges', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run("ATTACH ':memory:' AS snowflake");
    await expect(seedScenario(connection, { now: NOW, days: 10 })).rejects.toThrow('scenario days must be 30..90, got 10');
    await expect(seedScenario(connection, { now: NOW, seed: -1 })).rejects.toThrow('non-negative integer');
  });

  it('does generate the same data whatever the connection time zone, and restore it', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run("ATTACH ':memory:' AS snowflake");
    await connection.run("SET TimeZone = 'America/New_York'");
    await seedScenario(connection, { seed: 7, now: NOW, queryHistoryRows: 20_000 });
    const [zone] = await rows(connection, "SELECT current_setting('TimeZone') AS tz");
    expect(zone?.['tz']).toBe('America/New_York');
    await connection.run("SET TimeZone = 'UTC'");
    await a.connection.run("SET TimeZone = 'UTC'");
    for (const table of ['QUERY_HISTORY', 'WAREHOUSE_METERING_HISTORY', 'METERING_DAILY_HISTORY', 'WAREHOUSE_EVENTS_HISTORY']) {
      expect(await tableDigest(connection, table), table).toBe(await tableDigest(a.connection, table));
    }
  });
});
