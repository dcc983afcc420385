import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { seedScenario } from '../../../src/emulator/scenarios/seed-scenario.js';

describe('seedScenario at scale', () => {
  it('does generate a million query-history rows with consistent attribution when asked to', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run("ATTACH ':memory:' AS snowflake");
    const startedAt = performance.now();
    const account = await seedScenario(connection, {
      seed: 3,
      now: new Date('2026-11-20T14:30:00Z'),
      days: 90,
      queryHistoryRows: 1_000_000,
    });
    const seconds = (performance.now() - startedAt) / 1000;
    console.log(`seeded 1,000,000 query-history rows over 90 days in ${seconds.toFixed(1)} s`);
    const [row] = (
      await connection.runAndReadAll(`
      SELECT (SELECT count(*) FROM snowflake.account_usage.query_history)::INTEGER AS qh,
             (SELECT count(DISTINCT query_id) FROM snowflake.account_usage.query_history)::INTEGER AS ids,
             (SELECT count(*) FROM snowflake.account_usage.query_attribution_history)::INTEGER AS qah,
             (SELECT min(start_time) FROM snowflake.account_usage.query_history) AS first`)
    ).getRowObjectsJS();
    expect(row?.['qh']).toBe(1_000_000);
    expect(row?.['ids']).toBe(1_000_000);
    expect(row?.['qah']).toBe(1_000_000);
    expect((row?.['first'] as Date).getTime()).toBeGreaterThanOrEqual(new Date('2026-08-22T14:00:00Z').getTime());
    const monitor = account.monitors.get('ACCOUNT_MONTHLY');
    expect((monitor?.usedCredits ?? 0) / (monitor?.creditQuota ?? 1)).toBeCloseTo(0.82, 2);
  }, 180_000);
});
