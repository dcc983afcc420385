import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { accountVariant, DEFAULT_SHAPE } from '../../../src/emulator/scenarios/account-variant.js';
import { seedScenario } from '../../../src/emulator/scenarios/seed-scenario.js';
import { USER_SPECS } from '../../../src/emulator/scenarios/security.js';
import { WAREHOUSE_SIZES } from '../../../src/emulator/warehouse-sizes.js';

const NOW = new Date('2026-11-20T15:00:00Z');
const SEEDS = Array.from({ length: 60 }, (_, n) => n * 7919 + 3);

async function seeded(seed: number, vary: boolean) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("ATTACH ':memory:' AS snowflake");
  const account = await seedScenario(connection, { seed, now: NOW, days: 30, queryHistoryRows: 1000, vary });
  const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS();
  return { account, rows, close: () => connection.closeSync() };
}

describe('the shape of a varied fleet account', () => {
  it('does come from the seed alone', () => {
    expect(JSON.stringify(accountVariant(1234))).toBe(JSON.stringify(accountVariant(1234)));
    expect(JSON.stringify(accountVariant(1234))).not.toBe(JSON.stringify(accountVariant(1235)));
  });

  it('does differ across a fleet in warehouse count, names, sizes, auto_suspend and monitors', () => {
    const shapes = SEEDS.map(accountVariant);
    expect(new Set(shapes.map((s) => s.warehouses.length)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(shapes.map((s) => s.warehouses.map((w) => w.name).join())).size).toBeGreaterThan(30);
    expect(new Set(shapes.map((s) => s.warehouses.find((w) => w.name === 'TRANSFORM_WH')?.size)).size).toBe(3);
    expect(new Set(shapes.map((s) => s.warehouses.find((w) => w.name === 'LOADING_WH')?.autoSuspend)).size).toBeGreaterThan(1);
    expect(new Set(shapes.map((s) => s.monitors.map((m) => `${m.name}:${m.frequency}`).join())).size).toBeGreaterThan(30);
    expect(shapes.some((s) => s.warehouses.some((w) => w.id > 108))).toBe(true);
  });

  it('does keep every shape consistent: known sizes, unique names, templates and monitors on its own warehouses, SNOWMON_WH as is', () => {
    const snowmon = DEFAULT_SHAPE.warehouses.find((w) => w.name === 'SNOWMON_WH');
    for (const shape of SEEDS.map(accountVariant)) {
      const names = shape.warehouses.map((w) => w.name);
      const monitors = shape.monitors.map((m) => m.name);
      expect(new Set(names).size).toBe(names.length);
      expect(new Set(shape.warehouses.map((w) => w.id)).size).toBe(names.length);
      expect(new Set(monitors).size).toBe(monitors.length);
      expect(shape.warehouses.find((w) => w.name === 'SNOWMON_WH')).toEqual(snowmon);
      for (const w of shape.warehouses) {
        expect(WAREHOUSE_SIZES).toContain(w.size);
        if (w.resourceMonitor !== null) expect(monitors).toContain(w.resourceMonitor);
      }
      for (const t of shape.templates) expect(names).toContain(t.warehouse);
      expect(new Set(shape.templates.map((t) => t.key)).size).toBe(shape.templates.length);
    }
  });
});

describe('seeding a varied account', () => {
  it('does build its history, monitors and live warehouses from its own shape', async () => {
    const seed = SEEDS.find((s) => accountVariant(s).warehouses.some((w) => w.id > 108)) ?? 0;
    const shape = accountVariant(seed);
    const { account, rows, close } = await seeded(seed, true);
    try {
      expect([...account.warehouses.keys()]).toEqual(shape.warehouses.map((w) => w.name));
      expect([...account.warehouses.values()].map((w) => [w.size, w.autoSuspend])).toEqual(shape.warehouses.map((w) => [w.size, w.autoSuspend]));
      expect([...account.monitors.keys()]).toEqual(shape.monitors.map((m) => m.name));
      const metered = await rows(`SELECT DISTINCT WAREHOUSE_NAME AS n FROM snowflake.account_usage.WAREHOUSE_METERING_HISTORY WHERE WAREHOUSE_ID > 0`);
      expect(metered.map((r) => r['n']).sort()).toEqual(shape.warehouses.map((w) => w.name).sort());
      const views = await rows(`SELECT NAME AS n FROM snowflake.account_usage.RESOURCE_MONITORS ORDER BY 1`);
      expect(views.map((r) => r['n'])).toEqual([...monitors(shape)].sort());
      const extra = shape.warehouses.find((w) => w.id > 108);
      const [ran] = await rows(`SELECT count(*)::INTEGER AS n FROM snowflake.account_usage.QUERY_HISTORY WHERE WAREHOUSE_NAME = '${extra?.name}'`);
      expect(Number(ran?.['n'])).toBeGreaterThan(0);
    } finally {
      close();
    }
  });

  it("does name only the account's own warehouses in users' defaults and warehouse grants, a stand-in for a missing one", async () => {
    // Seeds whose accounts lack, between them, each optional warehouse users default to or roles are granted.
    const lacking = (name: string) => SEEDS.find((s) => !accountVariant(s).warehouses.some((w) => w.name === name)) as number;
    const seeds = [...new Set(['ADHOC_WH', 'DEV_WH', 'DATASCIENCE_WH', 'UNUSED_WH'].map(lacking))];
    for (const seed of seeds) {
      const names = new Set(accountVariant(seed).warehouses.map((w) => w.name));
      const { rows, close } = await seeded(seed, true);
      try {
        const users = await rows('SELECT NAME AS u, DEFAULT_WAREHOUSE AS w FROM snowflake.account_usage.USERS ORDER BY USER_ID');
        const grants = await rows(
          "SELECT PRIVILEGE AS p, NAME AS w, GRANTEE_NAME AS r FROM snowflake.account_usage.GRANTS_TO_ROLES WHERE GRANTED_ON = 'WAREHOUSE'",
        );
        for (const { w } of [...users, ...grants]) if (w !== null) expect(names, `seed ${seed}`).toContain(w);
        expect(new Set(grants.map((g) => JSON.stringify([g['p'], g['w'], g['r']]))).size).toBe(grants.length);
        // Each user keeps a default where the account has one to give (only UNUSED_WH has no stand-in).
        const defaults = users.map((u) => USER_SPECS.find((spec) => spec.name === u['u'])?.defaultWarehouse ?? null);
        users.forEach((u, i) => expect(u['w'] === null).toBe(defaults[i] === null || (defaults[i] === 'UNUSED_WH' && !names.has('UNUSED_WH'))));
        if (!names.has('ADHOC_WH'))
          expect(grants.filter((g) => g['r'] === 'ANALYST').map((g) => g['w'])).toEqual([names.has('SANDBOX_WH') ? 'SANDBOX_WH' : 'BI_WH']);
      } finally {
        close();
      }
    }
  });

  it('does leave the default shape exactly as the scenario documents it when not asked to vary', async () => {
    const plain = await seeded(5, false);
    try {
      expect([...plain.account.warehouses.keys()]).toEqual(DEFAULT_SHAPE.warehouses.map((w) => w.name));
      expect([...plain.account.monitors.keys()]).toEqual(DEFAULT_SHAPE.monitors.map((m) => m.name));
      const users = await plain.rows('SELECT DEFAULT_WAREHOUSE AS w FROM snowflake.account_usage.USERS ORDER BY USER_ID');
      expect(users.map((u) => u['w'])).toEqual(USER_SPECS.map((u) => u.defaultWarehouse));
      const grants = await plain.rows(
        "SELECT PRIVILEGE || ' ' || NAME || ' ' || GRANTEE_NAME AS g FROM snowflake.account_usage.GRANTS_TO_ROLES WHERE GRANTED_ON = 'WAREHOUSE'",
      );
      expect(grants.map((g) => g['g']).sort()).toEqual(
        [
          'USAGE TRANSFORM_WH TRANSFORMER',
          'USAGE LOADING_WH LOADER_ROLE',
          'USAGE BI_WH REPORTER',
          'USAGE ADHOC_WH ANALYST',
          'USAGE DATASCIENCE_WH DATA_SCIENTIST',
          'USAGE DEV_WH DEV_ROLE',
          'USAGE SNOWMON_WH SNOWMON_ROLE',
          'MONITOR TRANSFORM_WH SNOWMON_ROLE',
        ].sort(),
      );
    } finally {
      plain.close();
    }
  });
});

const monitors = (shape: ReturnType<typeof accountVariant>): string[] => shape.monitors.map((m) => m.name);
