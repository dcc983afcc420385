/**
 * What share of snowmon's billed warehouse time its statements spent executing: sums the emulator's
 * statement records that ran on the warehouse and sets them against the seconds the billing model charged.
 * Pure; the bench measures, this only adds up.
 */

import type { StatementRecord } from '../../src/emulator/start-emulator.js';

export interface ExecutionShare {
  /** Statements that ran on the warehouse (SHOW and ALTER SESSION use none). */
  readonly statements: number;
  readonly executionSeconds: number;
  readonly billedSeconds: number;
  /** executionSeconds / billedSeconds; 0 when nothing was billed. */
  readonly share: number;
  /** Billed seconds the statements did not use: the auto-suspend tail, or the 60 s minimum. */
  readonly idleSeconds: number;
  /** The check whose statements ran longest in all, with their seconds. */
  readonly slowest?: { readonly check: string; readonly seconds: number };
}

/** The `check` of a snowmon query tag, `(untagged)` when there is none. */
function checkOf(tag: string | null): string {
  try {
    const check = (JSON.parse(tag ?? '') as { check?: unknown }).check;
    return typeof check === 'string' ? check : '(untagged)';
  } catch {
    return '(untagged)';
  }
}

export function executionShare(records: readonly StatementRecord[], warehouse: string, billedSeconds: number): ExecutionShare {
  const onWarehouse = records.filter((r) => r.warehouse?.toUpperCase() === warehouse.toUpperCase());
  const byCheck = new Map<string, number>();
  for (const r of onWarehouse) byCheck.set(checkOf(r.queryTag), (byCheck.get(checkOf(r.queryTag)) ?? 0) + r.executionMs / 1000);
  const executionSeconds = [...byCheck.values()].reduce((a, b) => a + b, 0);
  const [slowest] = [...byCheck].sort((a, b) => b[1] - a[1]);
  return {
    statements: onWarehouse.length,
    executionSeconds,
    billedSeconds,
    share: billedSeconds > 0 ? executionSeconds / billedSeconds : 0,
    idleSeconds: Math.max(0, billedSeconds - executionSeconds),
    ...(slowest ? { slowest: { check: slowest[0], seconds: slowest[1] } } : {}),
  };
}
