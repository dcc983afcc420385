import { describe, expect, it } from 'vitest';
import { countBindMarkers, firstKeyword, splitStatements } from '../../../src/checks/sql-scanner.js';

describe('splitStatements', () => {
  it('does split on top-level semicolons when there are several statements', () => {
    expect(splitStatements('show warehouses;\nshow resource monitors;')).toEqual(['show warehouses', 'show resource monitors']);
  });

  it('does keep semicolons inside strings, quoted identifiers and $$ strings', () => {
    const sql = `select 'a;b' as x, 'it''s;' as y, 'c\\';d' as z, "col;1" as w, $$p;q$$ as v from t; select 2 as two`;
    expect(splitStatements(sql)).toEqual([`select 'a;b' as x, 'it''s;' as y, 'c\\';d' as z, "col;1" as w, $$p;q$$ as v from t`, 'select 2 as two']);
  });

  it('does drop comments, including ones holding semicolons, when splitting', () => {
    const sql = `-- head; comment\nselect 1 as one /* inline; */ from t; // note;\n\n;select 2 as two -- tail;`;
    expect(splitStatements(sql)).toEqual(['select 1 as one   from t', 'select 2 as two']);
  });

  it('does return nothing when the body holds only comments and blanks', () => {
    expect(splitStatements('-- only a comment;\n\n  ;  ')).toEqual([]);
  });

  it('does keep the final statement when it has no semicolon', () => {
    expect(splitStatements('select 1 as one')).toEqual(['select 1 as one']);
  });
});

describe('countBindMarkers', () => {
  it('does count ? outside literals and comments only', () => {
    expect(countBindMarkers(`select ? as a, '?' as b, "?" as c from t where x = upper(?) -- ?`)).toBe(2);
  });
});

describe('firstKeyword', () => {
  it('does read the first keyword in lower case when the statement starts with blanks or a parenthesis', () => {
    expect(firstKeyword('  SHOW WAREHOUSES')).toBe('show');
    expect(firstKeyword('(select 1)')).toBe('select');
  });
});
