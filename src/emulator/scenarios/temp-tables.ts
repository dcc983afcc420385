/**
 * Small TEMP helper tables the scenario's SQL generators join on (`_scn_*`), and their cleanup.
 * Scaffolding of the generator only; nothing here is part of the emulated account.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { sqlLiteral, type SqlValue } from './insert-rows.js';

/** Creates (or replaces) TEMP table `name` with `columns` ("name TYPE") and inserts `rows`. */
export async function insertTemp(
  connection: DuckDBConnection,
  name: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
): Promise<void> {
  await connection.run(`CREATE OR REPLACE TEMP TABLE ${name} (${columns.join(', ')})`);
  const chunk = 1000;
  for (let start = 0; start < rows.length; start += chunk) {
    const values = rows
      .slice(start, start + chunk)
      .map((row) => `(${row.map(sqlLiteral).join(', ')})`)
      .join(',\n');
    await connection.run(`INSERT INTO ${name} VALUES ${values}`);
  }
}

/** Drops every `_scn_*` TEMP table. */
export async function dropTemps(connection: DuckDBConnection, names: readonly string[]): Promise<void> {
  for (const name of names) await connection.run(`DROP TABLE IF EXISTS ${name}`);
}
