import { describe, expect, it } from 'vitest';
import { queryLabel } from '../../../src/dashboard/query-label.js';

const COMMENT = '/* {"app": "dbt", "dbt_version": "1.9.1", "profile_name": "shop", "target_name": "prod", "node_id": "model.shop.stg_orders"} */';

describe('queryLabel', () => {
  it('does show the node and the SQL when dbt prepends its comment', () => {
    expect(queryLabel(`${COMMENT}\ncreate or replace view x as (select 1)`)).toBe('dbt stg_orders: create or replace view x as (select 1)');
  });

  it('does show the node and the SQL when dbt appends its comment', () => {
    expect(queryLabel(`select count(*) from orders\n${COMMENT}`)).toBe('dbt stg_orders: select count(*) from orders');
  });

  it('does read the node from a comment the 300-character sample cut off', () => {
    expect(queryLabel(COMMENT.slice(0, COMMENT.indexOf('}')))).toBe('dbt stg_orders:');
    // Cut before the node: nothing better to show than the text.
    expect(queryLabel(COMMENT.slice(0, 60))).toBe(COMMENT.slice(0, 60));
  });

  it('does strip a dbt comment that names no node', () => {
    expect(queryLabel('/* {"app": "dbt", "target_name": "prod"} */ select 1')).toBe('select 1');
  });

  it('does leave text without a dbt comment as it is', () => {
    expect(queryLabel('/* hint */ select /* {"app": "looker"} */ 1')).toBe('/* hint */ select /* {"app": "looker"} */ 1');
    expect(queryLabel('select 1 /* unclosed')).toBe('select 1 /* unclosed');
  });
});
