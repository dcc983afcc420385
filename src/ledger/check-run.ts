/**
 * The record of one check run (ok, partial or failed) and how it is written and read. `alert-ledger.ts` writes
 * one per ingest, a cycle's together; nothing here decides anything.
 */

import type { Kysely, Selectable } from 'kysely';
import type { CheckStatus } from '../checks/check.js';
import { chunks } from './chunks.js';
import type { CheckRunsTable, Database } from './database.js';
import { fromDbTime, toDbTime } from './db-values.js';

/** One run of one check. */
export interface CheckRun {
  /** The check's name. */
  readonly check: string;
  /** The account it ran in (`accounts[].name`); absent for none. */
  readonly account?: string;
  readonly startedAt: Date;
  readonly endedAt: Date;
  /** `partial`: a statement was refused for a missing grant; the run is not a failure, nor complete. */
  readonly status: CheckStatus;
  /** Rows the check returned, when known. */
  readonly rows?: number;
  /** Why it failed, secret-free. */
  readonly error?: string;
}

/** A stored run, with its id. */
export interface RecordedCheckRun extends CheckRun {
  readonly id: number;
}

/** Writes one run; returns its id. */
export async function insertCheckRun(db: Kysely<Database>, run: CheckRun): Promise<number> {
  const row = await db.insertInto('check_runs').values(checkRunRow(run)).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Writes several runs, in order, in one statement per 500 (a cycle's runs together). */
export async function insertCheckRuns(db: Kysely<Database>, runs: readonly CheckRun[]): Promise<void> {
  for (const part of chunks(runs.map(checkRunRow), 500)) await db.insertInto('check_runs').values(part).execute();
}

function checkRunRow(run: CheckRun) {
  return {
    check: run.check,
    account: run.account ?? '',
    started_at: toDbTime(run.startedAt),
    ended_at: toDbTime(run.endedAt),
    status: run.status,
    rows: run.rows ?? null,
    error: run.error ?? null,
  };
}

/** A `check_runs` row as a `RecordedCheckRun`. */
export function checkRunFromRow(row: Selectable<CheckRunsTable>): RecordedCheckRun {
  return {
    id: Number(row.id),
    check: row.check,
    ...(row.account ? { account: row.account } : {}),
    startedAt: fromDbTime(row.started_at),
    endedAt: fromDbTime(row.ended_at),
    status: row.status as CheckStatus,
    ...(row.rows !== null ? { rows: Number(row.rows) } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
  };
}
