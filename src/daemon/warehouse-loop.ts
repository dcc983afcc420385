/**
 * The daemon's warehouse loop (DESIGN §4): every enabled `warehouse` check back to back in one fresh
 * session on snowmon's own warehouse, so a cycle costs one resume; the session is closed after. It
 * returns outcomes; ingesting and scheduling are the caller's.
 */

import { describeFailure, runChecks } from '../checks/run-checks.js';
import type { SnowflakeClient } from '../sources/snowflake-client.js';
import { failedOutcome, type LoopResult, type LoopSettings } from './free-loop.js';
import { observeClient } from './observed-client.js';

export interface WarehouseLoopDeps {
  readonly connect: () => Promise<SnowflakeClient>;
  readonly onStatement: (check: string, failed: boolean) => void;
}

export async function runWarehouseCycle(deps: WarehouseLoopDeps, settings: LoopSettings, now: Date): Promise<LoopResult> {
  const checks = settings.checks.filter((c) => c.header.cost === 'warehouse');
  if (checks.length === 0) return { outcomes: [] };
  let client;
  try {
    client = observeClient(await deps.connect(), deps.onStatement);
  } catch (error) {
    const reason = `no snowflake session: ${describeFailure(error)}`;
    return { outcomes: checks.map((c) => failedOutcome(c.header.name, reason, now)), sessionError: describeFailure(error) };
  }
  try {
    const outcomes = await runChecks(client, checks, { ...settings.run, now });
    return client.broken !== undefined ? { outcomes, sessionError: client.broken } : { outcomes };
  } finally {
    await client.close().catch(() => undefined);
  }
}
