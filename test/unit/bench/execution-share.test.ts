import { describe, expect, it } from 'vitest';
import { executionShare } from '../../../bench/audit/execution-share.js';
import type { StatementRecord } from '../../../src/emulator/start-emulator.js';

const AT = new Date('2026-11-20T15:00:00Z');
const record = (check: string | null, warehouse: string | null, executionMs: number): StatementRecord => ({
  account: 'EMU12345',
  sql: 'select 1',
  kind: warehouse === null ? 'show' : 'select',
  warehouse,
  ok: true,
  at: AT,
  executionMs,
  queryTag: check === null ? null : JSON.stringify({ app: 'snowmon', check }),
});

describe('executionShare', () => {
  it('does sum the statements that ran on the warehouse against the billed seconds, per check', () => {
    const got = executionShare(
      [
        record('resource_monitors', null, 0),
        record('top_queries', 'SNOWMON_WH', 1500),
        record('top_queries', 'SNOWMON_WH', 2500),
        record('self_cost', 'snowmon_wh', 1000),
        record('other', 'ANALYTICS_WH', 9000),
      ],
      'SNOWMON_WH',
      65,
    );
    expect(got).toEqual({
      statements: 3,
      executionSeconds: 5,
      billedSeconds: 65,
      share: 5 / 65,
      idleSeconds: 60,
      slowest: { check: 'top_queries', seconds: 4 },
    });
  });

  it('does give a zero share and no slowest check when nothing ran or was billed', () => {
    expect(executionShare([record(null, null, 0)], 'SNOWMON_WH', 0)).toEqual({
      statements: 0,
      executionSeconds: 0,
      billedSeconds: 0,
      share: 0,
      idleSeconds: 0,
    });
  });
});
