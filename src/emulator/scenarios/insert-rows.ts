/**
 * Bulk INSERT of small generated row sets (users, grants, storage...) as SQL literals in chunks.
 * For the large query history the generator works in SQL instead; this is not meant for a million rows.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export type SqlValue = string | number | boolean | Date | null;

/** Renders one value as a DuckDB literal: Dates as TIMESTAMPTZ, strings quoted. */
export function sqlLiteral(value: SqlValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot insert non-finite number ${value}`);
    return String(value);
  }
  if (value instanceof Date) return `TIMESTAMPTZ '${value.toISOString()}'`;
  return `'${value.replaceAll("'", "''")}'`;
}

/** Inserts `rows` (values in `columns` order) into `snowflake.account_usage.<table>`. */
export async function insertRows(
  connection: DuckDBConnection,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
): Promise<void> {
  const chunk = 500;
  for (let start = 0; start < rows.length; start += chunk) {
    const values = rows
      .slice(start, start + chunk)
      .map((row) => {
        if (row.length !== columns.length) {
          throw new Error(`row for ${table} has ${row.length} values, expected ${columns.length}`);
        }
        return `(${row.map(sqlLiteral).join(', ')})`;
      })
      .join(',\n');
    await connection.run(`INSERT INTO snowflake.account_usage.${table} (${columns.join(', ')}) VALUES ${values}`);
  }
}
