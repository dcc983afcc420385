/**
 * The input every audit renderer takes: the outcomes of one audit run with the account and the price
 * per credit. A plain data type; rendering lives in the `render-*.ts` files beside it.
 */
import type { CheckOutcome } from '../checks/check.js';

export interface AuditReport {
  /** When the audit ran, ISO-8601. */
  readonly generatedAt: string;
  /** The Snowflake account identifier, e.g. `xy12345.eu-central-1`. */
  readonly account: string;
  /** The configured price of one credit in USD; findings without `usd` are priced with it. */
  readonly usdPerCredit: number;
  /** Every check that ran, in run order, failed ones included. */
  readonly checks: readonly CheckOutcome[];
}
