import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/ledger/open-database.js';

const TABLES = [
  'account_leases',
  'acknowledgements',
  'aggregation_groups',
  'alert_history',
  'alerts',
  'check_runs',
  'check_snapshots',
  'dashboard_keys',
  'dbt_invocations',
  'dbt_pipelines_watched',
  'leases',
  'notification_log',
  'outbox',
  'replicas',
  'silences',
];

describe('openDatabase (SQLite)', () => {
  const dirs: string[] = [];
  const tempDir = (): string => {
    const dir = mkdtempSync(join(tmpdir(), 'snowmon-open-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('does create every table in memory when given :memory:', async () => {
    const db = await openDatabase(':memory:');
    const tables = (await db.introspection.getTables()).map((t) => t.name).sort();
    expect(tables).toEqual(TABLES);
    await db.destroy();
  });

  it('does open a sqlite: URL and a plain path the same way, in WAL mode, and migrate only once', async () => {
    const dir = tempDir();
    const file = join(dir, 'store.db');
    const first = await openDatabase(`sqlite:${file}`);
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(first);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    const timeout = await sql<{ timeout: number }>`pragma busy_timeout`.execute(first);
    expect(timeout.rows[0]?.timeout).toBe(5000);
    await first.destroy();
    expect(existsSync(file)).toBe(true);

    const second = await openDatabase(file);
    const migrations = await sql<{ name: string }>`select name from kysely_migration`.execute(second);
    expect(migrations.rows.map((r) => r.name)).toEqual([
      '2026-11-22-initial',
      '2026-12-04-check-snapshots',
      '2026-12-04-dbt-invocations',
      '2026-12-04-fleet-leases',
      '2026-12-04T20-account-columns',
      '2026-12-05T22-outbox-fence',
      '2026-12-05T23-replica-accounts',
    ]);
    await second.destroy();
  });

  it('does refuse a sqlite URL without a file', async () => {
    await expect(openDatabase('sqlite:')).rejects.toThrow('store url "sqlite:" names no file');
  });

  it('does refuse a Postgres schema that is not a plain identifier', async () => {
    await expect(openDatabase('postgres://127.0.0.1:1/x', { schema: 'a;drop' })).rejects.toThrow('store schema "a;drop" is not a plain lower-case identifier');
  });
});
