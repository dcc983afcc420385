import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { seedScenario } from '../../../src/emulator/scenarios/seed-scenario.js';

describe('seeded role grants', () => {
  it('does form no cycle, as Snowflake refuses a role grant that would close one', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run("ATTACH ':memory:' AS snowflake");
    await seedScenario(connection, { seed: 42, now: new Date('2026-11-20T14:30:00Z'), queryHistoryRows: 1_000 });
    const edges = (
      await connection.runAndReadAll(`
      SELECT name AS child, grantee_name AS parent FROM snowflake.account_usage.grants_to_roles
      WHERE granted_on = 'ROLE' AND privilege = 'USAGE' AND deleted_on IS NULL`)
    ).getRowObjectsJS() as { child: string; parent: string }[];
    expect(edges.length).toBeGreaterThan(5);

    const children = new Map<string, string[]>();
    for (const { child, parent } of edges) children.set(parent, [...(children.get(parent) ?? []), child]);
    const cycles: string[] = [];
    const visit = (role: string, path: readonly string[]): void => {
      if (path.includes(role)) {
        cycles.push([...path, role].join(' > '));
        return;
      }
      for (const child of children.get(role) ?? []) visit(child, [...path, role]);
    };
    for (const role of children.keys()) visit(role, []);
    expect(cycles).toEqual([]);
    connection.closeSync();
    instance.closeSync();
  });
});
