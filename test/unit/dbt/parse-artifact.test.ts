/**
 * The lenient reader on the edge cases dbt really writes: naive timestamps (UTC whatever the machine's
 * zone), 7–9 fractional digits, year 0001, a sources.json runtime-error entry, unknown schema versions.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { parseArtifact } from '../../../src/dbt/parse-artifact.js';
import { parseDbtTime } from '../../../src/dbt/parse-dbt-time.js';

const savedTz = process.env.TZ;
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('parseDbtTime', () => {
  it('does read a timestamp without a zone as UTC even when the machine runs in New York', () => {
    process.env.TZ = 'America/New_York';
    expect(parseDbtTime('2023-11-11T07:42:08.585119')?.toISOString()).toBe('2023-11-11T07:42:08.585Z');
  });

  it('does accept Z, +00:00, nine fractional digits and year 0001', () => {
    expect(parseDbtTime('2026-06-14T21:14:51.745090400Z')?.toISOString()).toBe('2026-06-14T21:14:51.745Z');
    expect(parseDbtTime('2026-03-31T01:21:51.438000+00:00')?.toISOString()).toBe('2026-03-31T01:21:51.438Z');
    expect(parseDbtTime('2026-01-01T05:30:00+0530')?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(parseDbtTime('0001-01-01T00:00:00+00:00')?.getUTCFullYear()).toBe(1);
    expect(parseDbtTime('yesterday')).toBeUndefined();
  });
});

describe('parseArtifact', () => {
  it('does keep a runtime-error freshness entry and an unknown sources schema version', () => {
    const text = JSON.stringify({
      metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/sources/v9.json', generated_at: '2023-01-01T00:00:00Z', invocation_id: 'i-1' },
      results: [{ unique_id: 'source.p.raw.orders', error: 'Database Error: relation does not exist', status: 'runtime error' }],
    });
    expect(parseArtifact('t/sources.json', text)).toMatchObject({
      kind: 'sources',
      command: 'freshness',
      results: [{ uniqueId: 'source.p.raw.orders', status: 'runtime error', error: 'Database Error: relation does not exist' }],
    });
  });

  it('does refuse a dbt-looking file without an invocation id, and one whose results are not a list', () => {
    const meta = { dbt_schema_version: 'https://schemas.getdbt.com/dbt/run-results/v6.json', generated_at: '2023-01-01T00:00:00Z' };
    expect(parseArtifact('r/run_results.json', JSON.stringify({ metadata: meta, results: [] }))).toEqual({
      file: 'r/run_results.json',
      error: 'not a dbt artifact: metadata.invocation_id is missing',
    });
    expect(parseArtifact('r/run_results.json', JSON.stringify({ metadata: { ...meta, invocation_id: 'x' }, results: {} }))).toEqual({
      file: 'r/run_results.json',
      error: '"results" is not a list',
    });
  });
});
