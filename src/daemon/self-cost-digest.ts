/**
 * The daemon's daily self-cost digest line: what snowmon itself spent, read from the `self_cost` check's
 * "(warehouse total)" row (see src/checks/evaluate-self-cost.ts) after a warehouse-loop cycle. Pure; the
 * logging and keeping of the last digest are run-daemon.ts's. No digest when self_cost did not run or failed.
 */

import type { CheckOutcome } from '../checks/check.js';
import { fmt, num0 } from '../checks/row-values.js';

export interface SelfCostDigest {
  /** When the warehouse cycle that read it ran (ISO). */
  readonly at: string;
  /** The last settled day: the 24 metered hours that ended 6 h or more before the cycle's hour (metering lags). */
  readonly credits1d: number;
  readonly usd1d: number;
  /** Metered CREDITS_USED over 30 days: compute plus the warehouse's cloud services, counted once. */
  readonly credits30d: number;
  /** snowmon's tagged statements over the last 7 days. */
  readonly statements: number;
  /** `snowmon self-cost: X credits (≈ $Y) in the 24 h ending 6 h ago, Z in 30 days, N statements in 7 days` */
  readonly line: string;
}

export function selfCostDigest(outcomes: readonly CheckOutcome[], usdPerCredit: number, at: Date): SelfCostDigest | undefined {
  const outcome = outcomes.find((o) => o.name === 'self_cost');
  if (outcome?.status !== 'ok') return undefined;
  const total = outcome.rows.find((r) => r['check'] === '(warehouse total)');
  if (!total) return undefined;
  const credits1d = num0(total['credits_1d']);
  const credits30d = num0(total['credits_30d']);
  const statements = num0(total['statements']);
  const usd1d = credits1d * usdPerCredit;
  return {
    at: at.toISOString(),
    credits1d,
    usd1d,
    credits30d,
    statements,
    line: `snowmon self-cost: ${fmt(credits1d)} credits (≈ $${usd1d.toFixed(2)}) in the 24 h ending 6 h ago, ${fmt(credits30d)} in 30 days, ${statements} statements in 7 days`,
  };
}
