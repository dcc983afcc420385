/**
 * Converts snowflake-sdk result rows (array mode) into snowmon `Row`s: lower-cased column names, dates as
 * `YYYY-MM-DD`, timestamps as ISO-8601 UTC strings, numbers as numbers, variants as parsed values. It
 * never relies on `JSON.stringify` of driver values, whose timestamp format depends on session parameters.
 */

import type { Column } from 'snowflake-sdk';
import type { Row } from './snowflake-client.js';

export function columnNames(columns: readonly Column[]): string[] {
  return columns.map((c) => c.getName().toLowerCase());
}

export function toRows(columns: readonly Column[], rows: readonly unknown[]): Row[] {
  const names = columnNames(columns);
  const kinds = columns.map(kindOf);
  return rows.map((raw) => {
    const values = raw as readonly unknown[];
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (name in row) continue; // duplicate column name: the first wins, as SQL `SELECT *` readers expect
      row[name] = convert(values[i], kinds[i] ?? 'other');
    }
    return Object.freeze(row);
  });
}

type Kind = 'date' | 'timestamp' | 'time' | 'other';

function kindOf(column: Column): Kind {
  if (column.isDate()) return 'date';
  if (column.isTimestamp()) return 'timestamp';
  if (column.isTime()) return 'time';
  return 'other';
}

function convert(value: unknown, kind: Kind): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const iso = value.toISOString();
    return kind === 'date' ? iso.slice(0, 10) : iso;
  }
  if (kind === 'time') return String(value);
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return value;
}
