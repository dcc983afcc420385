/**
 * Each check's latest result kept in the store (`check_snapshots`): the rows and findings of its last run
 * that returned data, and how its latest run went. The daemon writes a cycle's in one statement (two when some failed); the
 * dashboard reads them, so every replica and a restart show the same thing. Storage only.
 */

import type { Kysely, Selectable } from 'kysely';
import type { CheckOutcome, CheckStatus, Finding, RefusedObject } from '../checks/check.js';
import type { Row } from '../sources/snowflake-client.js';
import type { CheckSnapshotsTable, Database } from './database.js';
import { fromDbJson, fromDbTime, fromDbTimeOrUndefined, toDbJson, toDbTime } from './db-values.js';
import { transaction } from './transaction.js';

/** One check's latest result as stored. */
export interface CheckSnapshot {
  /** The account it ran in; `''` for a snapshot from before fleet mode not yet adopted. */
  readonly account: string;
  readonly check: string;
  /** How the latest run went. */
  readonly lastStatus: CheckStatus;
  readonly lastRunAt: Date;
  readonly lastError?: string;
  /** When the run behind `rows` and `findings` started; unset while no run has returned data. */
  readonly okAt?: Date;
  readonly durationMs: number;
  readonly rows: readonly Row[];
  readonly findings: readonly Finding[];
  readonly refused: readonly RefusedObject[];
}

export class CheckSnapshotStore {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores each outcome as its check's latest. An `ok` or `partial` run replaces the rows and findings; a
   * `failed` one records its status and error and keeps what the last run that returned data found.
   */
  async save(outcomes: readonly CheckOutcome[], account = ''): Promise<void> {
    if (outcomes.length === 0) return;
    const names = new Set(outcomes.map((o) => o.name));
    // One statement for the runs that returned data, one for the failed ones (a check twice: one by one).
    const batches =
      names.size < outcomes.length ? outcomes.map((o) => [o]) : [outcomes.filter((o) => o.status !== 'failed'), outcomes.filter((o) => o.status === 'failed')];
    await transaction(this.db, async (trx) => {
      for (const batch of batches) if (batch.length > 0) await upsert(trx, batch, account);
    });
  }

  /** Every check's snapshot, by check name then account. */
  async all(): Promise<CheckSnapshot[]> {
    const rows = await this.db.selectFrom('check_snapshots').selectAll().orderBy('check').orderBy('account').execute();
    return rows.map(snapshotFromRow);
  }

  /** The snapshots of these checks only (every account's), by check name then account: a fleet's step reads a few checks, not every account's every check. */
  async ofChecks(checks: readonly string[]): Promise<CheckSnapshot[]> {
    if (checks.length === 0) return [];
    const rows = await this.db.selectFrom('check_snapshots').selectAll().where('check', 'in', checks).orderBy('check').orderBy('account').execute();
    return rows.map(snapshotFromRow);
  }
}

/** Upserts the snapshots of `outcomes`, all failed or none failed (they update different columns). */
async function upsert(trx: Kysely<Database>, outcomes: readonly CheckOutcome[], account: string): Promise<void> {
  const failed = outcomes[0]?.status === 'failed';
  const rows = outcomes.map((outcome) => {
    const lastRunAt = toDbTime(new Date(outcome.startedAt));
    const data = outcome.status === 'failed' ? {} : { ok_at: lastRunAt, rows: toDbJson(outcome.rows), findings: toDbJson(outcome.findings) };
    return {
      account,
      check: outcome.name,
      ok_at: null,
      rows: '[]',
      findings: '[]',
      last_status: outcome.status,
      last_run_at: lastRunAt,
      last_error: outcome.error ?? null,
      duration_ms: Math.round(outcome.durationMs),
      refused: toDbJson(outcome.refused ?? []),
      ...data,
    };
  });
  await trx
    .insertInto('check_snapshots')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['account', 'check']).doUpdateSet((eb) => ({
        last_status: eb.ref('excluded.last_status'),
        last_run_at: eb.ref('excluded.last_run_at'),
        last_error: eb.ref('excluded.last_error'),
        duration_ms: eb.ref('excluded.duration_ms'),
        refused: eb.ref('excluded.refused'),
        // A failed run keeps what the last run that returned data found.
        ...(failed ? {} : { ok_at: eb.ref('excluded.ok_at'), rows: eb.ref('excluded.rows'), findings: eb.ref('excluded.findings') }),
      })),
    )
    .execute();
}

function snapshotFromRow(row: Selectable<CheckSnapshotsTable>): CheckSnapshot {
  const okAt = fromDbTimeOrUndefined(row.ok_at);
  return {
    account: row.account,
    check: row.check,
    lastStatus: row.last_status as CheckStatus,
    lastRunAt: fromDbTime(row.last_run_at),
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    ...(okAt !== undefined ? { okAt } : {}),
    durationMs: Number(row.duration_ms),
    rows: fromDbJson<Row[]>(row.rows),
    findings: fromDbJson<Finding[]>(row.findings),
    refused: fromDbJson<RefusedObject[]>(row.refused),
  };
}
