import { describe, expect, it } from 'vitest';
import { LAST_RESULT_TABLE, rewriteSnowflakeSql } from '../../../src/emulator/dialect.js';
import { parseEmulatorCommand } from '../../../src/emulator/dialect-commands.js';

const sql = (s: string): string => rewriteSnowflakeSql(s).sql;

describe('rewriteSnowflakeSql', () => {
  it('does turn an unquoted date part into a literal when it is the first argument of DATEADD/DATEDIFF/DATE_TRUNC', () => {
    expect(sql('SELECT DATEADD(day, -7, x), DATEDIFF(HOUR, a, b), DATE_TRUNC(hh, t), date_part(dd, t)')).toBe(
      "SELECT DATEADD('day', -7, x), DATEDIFF('hour', a, b), DATE_TRUNC('hour', t), date_part('day', t)",
    );
  });

  it('does normalise quoted date parts and leave a non-part first argument alone', () => {
    expect(sql("SELECT DATEADD('MINS', 5, x), DATE_TRUNC(col, t) FROM y")).toBe("SELECT DATEADD('minute', 5, x), DATE_TRUNC('col', t) FROM y");
    expect(sql('SELECT DATEADD(f(x), 1, y)')).toBe('SELECT DATEADD(f(x), 1, y)');
  });

  it('does turn NUMBER( into DECIMAL( but leave a bare NUMBER type alone', () => {
    expect(sql('SELECT x::NUMBER(38,2), y::NUMBER FROM t')).toBe('SELECT x::DECIMAL(38,2), y::NUMBER FROM t');
  });

  it('does decode backslash escapes in string literals and re-emit standard SQL literals', () => {
    expect(sql("SELECT 'it\\'s', 'a\\nb', 'SVC\\\\_%' ")).toBe("SELECT 'it''s', 'a\nb', 'SVC\\_%' ");
    expect(sql("WHERE name LIKE 'SVC\\\\_%' ESCAPE '\\\\'")).toBe("WHERE name LIKE 'SVC\\_%' ESCAPE '\\'");
  });

  it('does convert $$ strings to standard literals', () => {
    expect(sql("SELECT $$it's \\n raw$$")).toBe("SELECT 'it''s \\n raw'");
  });

  it('does leave string literals, quoted identifiers and comments untouched', () => {
    const input = `SELECT 'dateadd(day, 1, x) CURRENT_TIMESTAMP' AS "day", x -- DATEADD(day, 1, y) NUMBER(\n/* RLIKE */ FROM t`;
    expect(sql(input)).toBe(input);
  });

  it('does move WITHIN GROUP ordering inside LISTAGG and ARRAY_AGG', () => {
    expect(sql("SELECT LISTAGG(name, ',') WITHIN GROUP (ORDER BY name DESC) FROM t")).toBe("SELECT LISTAGG(name, ',' ORDER BY name DESC) FROM t");
    expect(sql('SELECT ARRAY_AGG(x) WITHIN GROUP (ORDER BY y) AS a FROM t')).toBe('SELECT ARRAY_AGG(x ORDER BY y) AS a FROM t');
    expect(sql('SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY y) FROM t')).toBe('SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY y) FROM t');
  });

  it('does rewrite colon JSON paths on names and calls, keeping casts outside', () => {
    expect(sql('SELECT v:app::STRING FROM t')).toBe("SELECT (v->>'$.app')::STRING FROM t");
    expect(sql('SELECT t.v:a.b[0] FROM t')).toBe("SELECT (t.v->>'$.a.b[0]') FROM t");
    expect(sql('SELECT TRY_PARSE_JSON(query_tag):check::STRING AS c FROM t')).toBe("SELECT (TRY_PARSE_JSON(query_tag)->>'$.check')::STRING AS c FROM t");
  });

  it('does rewrite RLIKE / REGEXP infix to SIMILAR TO and the function form to regexp_full_match', () => {
    expect(sql("SELECT * FROM t WHERE name RLIKE '^SVC_.*'")).toBe("SELECT * FROM t WHERE name SIMILAR TO '^SVC_.*'");
    expect(sql("SELECT RLIKE(name, 'a.*') FROM t")).toBe("SELECT regexp_full_match(name, 'a.*') FROM t");
    expect(sql("WHERE x NOT REGEXP 'b'")).toBe("WHERE x NOT SIMILAR TO 'b'");
  });

  it('does rename OBJECT_CONSTRUCT and ARRAY_CONSTRUCT', () => {
    expect(sql("SELECT OBJECT_CONSTRUCT('a', 1), ARRAY_CONSTRUCT(1, 2)")).toBe("SELECT json_object('a', 1), list_value(1, 2)");
  });

  it('does route bare CURRENT_TIMESTAMP, SYSDATE and CURRENT_DATE to the frozen-clock macros', () => {
    expect(sql('SELECT CURRENT_TIMESTAMP, SYSDATE, CURRENT_DATE, CURRENT_TIMESTAMP()')).toBe(
      'SELECT current_timestamp(), sysdate(), current_date(), CURRENT_TIMESTAMP()',
    );
  });

  it('does replace TABLE(RESULT_SCAN(LAST_QUERY_ID())) by the session last-result table', () => {
    const r = rewriteSnowflakeSql('SELECT "name" FROM TABLE(RESULT_SCAN(LAST_QUERY_ID())) WHERE "state" = \'STARTED\'');
    expect(r.sql).toBe(`SELECT "name" FROM ${LAST_RESULT_TABLE} WHERE "state" = 'STARTED'`);
    expect(r.readsLastResult).toBe(true);
  });

  it('does turn :N binds into $N and keep ? binds', () => {
    expect(sql('SELECT * FROM t WHERE a = :1 AND b = :2 AND c = ?')).toBe('SELECT * FROM t WHERE a = $1 AND b = $2 AND c = ?');
    expect(sql('SELECT x::INT FROM t')).toBe('SELECT x::INT FROM t');
  });

  it('does report quoted identifiers, the first keyword and whether a table is read', () => {
    const r = rewriteSnowflakeSql('WITH a AS (SELECT 1 AS "Keep") SELECT * FROM a');
    expect([...r.quotedIdentifiers]).toEqual(['Keep']);
    expect(r.firstKeyword).toBe('WITH');
    expect(r.readsTable).toBe(true);
    expect(rewriteSnowflakeSql('SELECT EXTRACT(hour FROM CURRENT_TIMESTAMP)').readsTable).toBe(false);
    expect(rewriteSnowflakeSql('SELECT CURRENT_WAREHOUSE()').readsTable).toBe(false);
  });

  it('does count statements, ignoring a trailing semicolon and semicolons in literals', () => {
    expect(rewriteSnowflakeSql("SELECT ';' AS a;").statementCount).toBe(1);
    expect(rewriteSnowflakeSql('SELECT 1; SELECT 2').statementCount).toBe(2);
    expect(rewriteSnowflakeSql('-- only a comment').statementCount).toBe(0);
  });

  it('does throw a SyntaxError when a string literal is unterminated', () => {
    expect(() => rewriteSnowflakeSql("SELECT 'abc")).toThrow(SyntaxError);
  });
  it('does materialise a CTE the statement reads twice, as Snowflake computes a WITH clause once, and leave the others inlined', () => {
    expect(sql('with a as (select 1 as x), b as (select x from a) select a.x from a join b on b.x = a.x')).toBe(
      'with a as MATERIALIZED (select 1 as x), b as (select x from a) select a.x from a join b on b.x = a.x',
    );
    expect(sql('with recursive r as (select 1 as n union all select n + 1 from r where n < 3) select n from r join r as s using (n)')).toBe(
      'with recursive r as (select 1 as n union all select n + 1 from r where n < 3) select n from r join r as s using (n)',
    );
    expect(sql('select cast(x as varchar) as x from t as t')).toBe('select cast(x as varchar) as x from t as t');
  });
});

describe('parseEmulatorCommand', () => {
  it('does parse ALTER SESSION SET with several parameters and value kinds', () => {
    expect(parseEmulatorCommand('ALTER SESSION SET TIMEZONE = \'UTC\' query_tag = \'{"app":"snowmon"}\' STATEMENT_TIMEOUT_IN_SECONDS = 30 X = TRUE;')).toEqual({
      kind: 'alter_session_set',
      values: [
        ['TIMEZONE', 'UTC'],
        ['QUERY_TAG', '{"app":"snowmon"}'],
        ['STATEMENT_TIMEOUT_IN_SECONDS', 30],
        ['X', true],
      ],
    });
  });

  it('does parse ALTER SESSION UNSET, USE and SHOW with LIKE', () => {
    expect(parseEmulatorCommand('alter session unset query_tag, timezone')).toEqual({ kind: 'alter_session_unset', names: ['QUERY_TAG', 'TIMEZONE'] });
    expect(parseEmulatorCommand('USE WAREHOUSE etl_wh')).toEqual({ kind: 'use', object: 'WAREHOUSE', name: 'ETL_WH' });
    expect(parseEmulatorCommand('use schema snowflake.account_usage')).toEqual({ kind: 'use', object: 'SCHEMA', name: 'SNOWFLAKE.ACCOUNT_USAGE' });
    expect(parseEmulatorCommand("SHOW WAREHOUSES LIKE 'etl%'")).toEqual({ kind: 'show', object: 'WAREHOUSES', like: 'etl%' });
    expect(parseEmulatorCommand('show resource monitors')).toEqual({ kind: 'show', object: 'RESOURCE MONITORS' });
  });

  it('does mark other SHOW statements unsupported and leave ordinary SQL to DuckDB', () => {
    expect(parseEmulatorCommand('SHOW USERS')).toMatchObject({ kind: 'unsupported', statementKind: 'show' });
    expect(parseEmulatorCommand('SELECT 1')).toBeNull();
  });
});
