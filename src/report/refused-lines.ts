/**
 * What a partial (or fully refused) check could not read, as one plain-text line per refused object:
 * the object and the grant that opens it. Each renderer escapes and styles the lines itself.
 */
import type { CheckOutcome } from '../checks/check.js';

/** `SNOWFLAKE.ACCOUNT_USAGE.TABLES (statement 2) refused; fix: grant ...`, one per refused object. */
export function refusedLines(check: CheckOutcome): string[] {
  return (check.refused ?? []).map((r) => `${r.object} (statement ${r.statement + 1}) refused${r.grant !== undefined ? `; fix: ${r.grant}` : ''}`);
}
