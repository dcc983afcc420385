/**
 * The spend context lines cost alerts carry: the warehouses and queries behind this cycle's credits.
 */

import { describe, expect, it } from 'vitest';
import { costContext } from '../../../src/dispatch/cost-context.js';

describe('costContext', () => {
  it('does name the top warehouses and queries by credits when both check rows are known', () => {
    const lines = costContext({
      creditsByWarehouse: [
        { warehouse_name: 'BI_WH', credits: 120.4 },
        { warehouse_name: 'ETL_WH', credits: 610 },
        { warehouse_name: 'IDLE_WH', credits: 0 },
        { warehouse_name: 'DEV_WH', credits: 3.25 },
        { warehouse_name: 'TINY_WH', credits: 1 },
      ],
      topQueries: [
        { query_hash: 'q1', warehouse_name: 'ETL_WH', credits: 40, runs: 30, sample_text: 'select *\n  from big_table' },
        { query_hash: 'q2', warehouse_name: 'BI_WH', credits: 75.55, runs: 1, sample_text: 'merge into x' },
      ],
    });
    expect(lines).toEqual([
      'Top warehouses this cycle: ETL_WH 610 credits, BI_WH 120 credits, DEV_WH 3.3 credits',
      'Top query q2 on BI_WH: 75.6 credits over 1 runs (merge into x)',
      'Top query q1 on ETL_WH: 40 credits over 30 runs (select * from big_table)',
    ]);
  });

  it('does return no lines when no spend rows are known', () => {
    expect(costContext({})).toEqual([]);
    expect(costContext({ creditsByWarehouse: [], topQueries: [{ query_hash: 'q', credits: 0 }] })).toEqual([]);
  });
});
