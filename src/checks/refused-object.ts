/**
 * Recognises Snowflake's "does not exist or not authorized" refusal (002003) of one statement, names the
 * object it refused and the grant that opens it, and says it in one line. A refusal makes a check
 * `partial`, not `failed`: the other statements still ran. Pure; run-checks.ts decides what follows.
 */

import type { RefusedObject } from './check.js';
import { grantFor } from '../sources/account-usage-access.js';
import { SnowflakeError } from '../sources/snowflake-client.js';

const REFUSAL = /(?:Object|Schema|Database|View|Table) '([^']+)' does not exist or not authorized/i;

/** The object a refusal names, or undefined when `error` is anything else. */
export function refusedObjectName(error: unknown): string | undefined {
  if (!(error instanceof SnowflakeError) || error.code !== '002003') return undefined;
  return REFUSAL.exec(error.message)?.[1];
}

/** The refusal of statement `statement` as a `RefusedObject`, or undefined when `error` is no refusal. */
export function refusedObject(error: unknown, statement: number, role: string | undefined): RefusedObject | undefined {
  const object = refusedObjectName(error);
  if (object === undefined) return undefined;
  const grant = grantFor(object, role ?? '<snowmon role>');
  return { object, statement, ...(grant !== undefined ? { grant } : {}) };
}

/** One line for the run record and the report: `Snowflake refused X (statement 2); fix: grant ...`. */
export function describeRefusals(refused: readonly RefusedObject[]): string {
  return refused.map((r) => `Snowflake refused ${r.object} (statement ${r.statement + 1})${r.grant !== undefined ? `; fix: ${r.grant}` : ''}`).join('; ');
}
