import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewriteSnowflakeSql } from '../../../src/emulator/dialect.js';
import { Engine } from '../../../src/emulator/engine.js';
import type { EngineSession } from '../../../src/emulator/engine.js';

const NOW = new Date('2024-06-15T12:34:56.000Z');
let engine: Engine;
let session: EngineSession;

beforeAll(async () => {
  engine = await Engine.create();
  session = await engine.openSession();
  await session.setTimeZone('UTC');
});
afterAll(() => {
  session?.close();
  engine?.close();
});

/** Runs Snowflake SQL through the rewriter and DuckDB; returns the first row's wire strings by column. */
async function one(sql: string): Promise<Record<string, string | null>> {
  const rewritten = rewriteSnowflakeSql(sql);
  const result = await session.run(rewritten.sql, {
    variables: {
      sf_now: NOW,
      sf_warehouse: 'WH',
      sf_role: 'R',
      sf_user: 'U',
      sf_account: 'A',
      sf_database: null,
      sf_schema: null,
      sf_session: '1',
      sf_last_query_id: null,
    },
    binds: [],
    keepCase: rewritten.quotedIdentifiers,
    firstKeyword: rewritten.firstKeyword,
  });
  const row = result.rows[0] ?? [];
  return Object.fromEntries(result.columns.map((c, i) => [c.name, row[i] ?? null]));
}

const epoch = (iso: string): string => `${Date.parse(iso) / 1000}.000000000`;

describe('Snowflake macros through DuckDB', () => {
  it('does freeze CURRENT_TIMESTAMP() and bare CURRENT_TIMESTAMP at the clock', async () => {
    const r = await one('SELECT CURRENT_TIMESTAMP() AS a, CURRENT_TIMESTAMP AS b, SYSDATE() AS c, CURRENT_DATE AS d');
    expect(r).toEqual({
      A: epoch('2024-06-15T12:34:56Z'),
      B: epoch('2024-06-15T12:34:56Z'),
      C: epoch('2024-06-15T12:34:56Z'),
      D: String(Date.parse('2024-06-15') / 86_400_000),
    });
  });

  it('does DATEADD and DATEDIFF with unquoted parts', async () => {
    const r = await one(`SELECT DATEADD(day, -7, CURRENT_TIMESTAMP()) AS week_ago, DATEADD(hh, 2, '2024-01-01 00:00:00'::TIMESTAMP_NTZ) AS later,
      DATEDIFF(hour, '2024-01-01 10:59:00'::TIMESTAMP_NTZ, '2024-01-01 11:01:00'::TIMESTAMP_NTZ) AS hours,
      DATEDIFF(day, '2024-01-01'::DATE, '2024-03-01'::DATE) AS days, DATE_TRUNC(month, '2024-02-17'::DATE) AS month_start`);
    expect(r['WEEK_AGO']).toBe(epoch('2024-06-08T12:34:56Z'));
    expect(r['LATER']).toBe(epoch('2024-01-01T02:00:00Z'));
    expect(r['HOURS']).toBe('1');
    expect(r['DAYS']).toBe('60');
    // DuckDB's DATE_TRUNC on a DATE gives a TIMESTAMP (Snowflake gives a DATE): a documented caveat.
    expect(r['MONTH_START']).toBe(epoch('2024-02-01T00:00:00Z'));
  });

  it('does IFF, DIV0, NVL, ZEROIFNULL and TRY_TO_NUMBER', async () => {
    const r = await one(`SELECT IFF(1 > 2, 'yes', 'no') AS iff, DIV0(5, 0) AS d0, DIV0(6, 3) AS d1, NVL(NULL, 'x') AS nvl,
      ZEROIFNULL(NULL) AS z, TRY_TO_NUMBER('12') AS n, TRY_TO_NUMBER('abc') AS bad`);
    expect(r).toEqual({ IFF: 'no', D0: '0', D1: '2', NVL: 'x', Z: '0', N: '12', BAD: null });
  });

  it('does TO_BOOLEAN, TRY_TO_BOOLEAN and DAYOFWEEKISO', async () => {
    const r = await one(`SELECT TO_BOOLEAN('yes') AS t, TRY_TO_BOOLEAN('off') AS f, TRY_TO_BOOLEAN('maybe') AS n,
      DAYOFWEEKISO('2024-06-16'::DATE) AS sunday, DAYOFWEEK('2024-06-16'::DATE) AS sunday0`);
    expect(r).toEqual({ T: '1', F: '0', N: null, SUNDAY: '7', SUNDAY0: '0' });
    await expect(one(`SELECT TO_BOOLEAN('maybe') AS x`)).rejects.toThrow(/not recognized/);
  });

  it('does TO_CHAR with a Snowflake format and without one', async () => {
    const r = await one(`SELECT TO_CHAR('2024-06-15 08:05:09'::TIMESTAMP_NTZ, 'YYYY-MM-DD HH24:MI:SS') AS ts, TO_CHAR(42) AS n`);
    expect(r).toEqual({ TS: '2024-06-15 08:05:09', N: '42' });
  });

  it('does backslash literals in LIKE ... ESCAPE the Snowflake way', async () => {
    const r = await one(`SELECT 'SVC_LOADER' LIKE 'SVC\\\\_%' ESCAPE '\\\\' AS svc, 'SVCXLOADER' LIKE 'SVC\\\\_%' ESCAPE '\\\\' AS not_svc`);
    expect(r).toEqual({ SVC: '1', NOT_SVC: '0' });
  });

  it('does LISTAGG WITHIN GROUP, ARRAY_AGG(DISTINCT), OBJECT_CONSTRUCT, JSON paths and RLIKE', async () => {
    const r = await one(`SELECT LISTAGG(x, ',') WITHIN GROUP (ORDER BY x DESC) AS l, ARRAY_AGG(DISTINCT x) WITHIN GROUP (ORDER BY x) AS a,
      ANY_VALUE(x) IS NOT NULL AS av, MAX(PARSE_JSON('{"app":"snowmon","n":3}'):app::STRING) AS app,
      MAX(OBJECT_CONSTRUCT('k', x)) IS NOT NULL AS o, MAX(IFF(x RLIKE 'b+', 1, 0)) AS r, POWER(2, 10) AS p, LEFT('abcdef', 3) AS lft
      FROM (VALUES ('a'), ('b'), ('b')) AS t(x)`);
    expect(r).toMatchObject({ L: 'b,b,a', A: '["a","b"]', AV: '1', APP: 'snowmon', O: '1', R: '1', P: '1024', LFT: 'abc' });
  });

  it('does ARRAY_CONTAINS with Snowflake argument order and ARRAY_SIZE', async () => {
    const r = await one(`SELECT ARRAY_CONTAINS('b', ARRAY_CONSTRUCT('a', 'b')) AS yes, ARRAY_CONTAINS('z', ARRAY_CONSTRUCT('a')) AS no,
      ARRAY_SIZE(ARRAY_CONSTRUCT(1, 2, 3)) AS n`);
    expect(r).toEqual({ YES: '1', NO: '0', N: '3' });
  });

  it('does recursive CTEs', async () => {
    const r = await one(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT SUM(i) AS s FROM n`);
    expect(r).toEqual({ S: '15' });
  });

  it('does CURRENT_WAREHOUSE() and friends from the session variables', async () => {
    const r = await one('SELECT CURRENT_WAREHOUSE() AS w, CURRENT_ROLE() AS r, CURRENT_USER() AS u, CURRENT_ACCOUNT() AS a');
    expect(r).toEqual({ W: 'WH', R: 'R', U: 'U', A: 'A' });
  });
});
