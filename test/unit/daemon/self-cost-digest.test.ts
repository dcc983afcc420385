/**
 * The self-cost digest line from self_cost outcomes shaped as evaluate-self-cost.ts returns them.
 */

import { describe, expect, it } from 'vitest';
import type { CheckOutcome } from '../../../src/checks/check.js';
import { selfCostDigest } from '../../../src/daemon/self-cost-digest.js';

const AT = new Date('2026-11-20T06:00:00Z');

function selfCost(status: 'ok' | 'failed', rows: CheckOutcome['rows']): CheckOutcome {
  return { name: 'self_cost', status, rows, findings: [], startedAt: AT.toISOString(), durationMs: 1, statementsSent: 2 };
}

describe('selfCostDigest', () => {
  it('does build the digest line from the warehouse total row', () => {
    const digest = selfCostDigest(
      [
        selfCost('ok', [
          { check: 'credits_by_warehouse', statements: 30, exec_s: 12, cloud_services_credits: 0.001 },
          {
            check: '(warehouse total)',
            statements: 45,
            exec_s: 12,
            cloud_services_credits: 0.02,
            warehouse_name: 'SNOWMON_WH',
            credits_30d: 0.6,
            compute_credits_30d: 0.58,
            credits_1d: 0.0167,
          },
        ]),
      ],
      3,
      AT,
    );
    expect(digest).toEqual({
      at: '2026-11-20T06:00:00.000Z',
      credits1d: 0.0167,
      usd1d: 0.0167 * 3,
      credits30d: 0.6,
      statements: 45,
      line: 'snowmon self-cost: 0.0167 credits (≈ $0.05) in the 24 h ending 6 h ago, 0.6 in 30 days, 45 statements in 7 days',
    });
  });

  it('does give nothing when self_cost failed or did not run', () => {
    expect(selfCostDigest([selfCost('failed', [])], 3, AT)).toBeUndefined();
    expect(selfCostDigest([{ ...selfCost('ok', []), name: 'credits_by_warehouse' }], 3, AT)).toBeUndefined();
  });
});
