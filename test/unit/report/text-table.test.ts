import { describe, expect, it } from 'vitest';
import { layoutTable } from '../../../src/report/text-table.js';

const COLUMNS = [
  { header: 'name', align: 'left' as const, long: false },
  { header: 'credits', align: 'right' as const, long: false },
  { header: 'query_text', align: 'left' as const, long: true },
];
const ROWS = [
  ['ETL_WH', '1,234.50', 'select * from a very long table name that goes on and on and on for a while'],
  ['BI', '3.00', 'select 1'],
];

describe('layoutTable', () => {
  it('does pad columns and right-align numbers when the table fits', () => {
    const table = layoutTable(COLUMNS, ROWS, 200);
    expect(table.header).toBe('  name     credits  query_text');
    expect(table.rows[1]).toBe('  BI          3.00  select 1');
    expect(table.rows[0]!.indexOf('1,234.50') + 8).toBe(table.rows[1]!.indexOf('3.00') + 4);
  });

  it('does shrink long text first and cut it with an ellipsis when too wide', () => {
    const table = layoutTable(COLUMNS, ROWS, 50);
    for (const line of [table.header, table.rule, ...table.rows]) expect(Array.from(line).length).toBeLessThanOrEqual(50);
    expect(table.rows[0]).toBe('  ETL_WH  1,234.50  select * from a very long tab…');
  });

  it('does shrink other columns too when long text alone is not enough', () => {
    const table = layoutTable(COLUMNS, [['A_VERY_LONG_WAREHOUSE_NAME_INDEED', '1.00', 'x'.repeat(40)]], 50);
    expect(Array.from(table.rows[0]!).length).toBeLessThanOrEqual(50);
    expect(table.rows[0]).toMatch(/^ {2}A_VERY_LONG_WARE\S*… +1\.00 {2}x+…$/);
    expect(table.rows[0]).toContain('…');
  });
});
