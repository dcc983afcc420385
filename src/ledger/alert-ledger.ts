/**
 * The alert ledger: every alert's life (firing → resolved, episodes, history) kept in the store, fed by
 * check runs. It decides transitions from what a run observed; routing and notifying happen elsewhere.
 * A failed or partial run never resolves anything: absence of data is not good news (DESIGN §5).
 */

import { sql, type Kysely } from 'kysely';
import type { Alert, ObservedAlert } from '../alerts/alert.js';
import type { CheckStatus } from '../checks/check.js';
import { alertFromRow } from './alert-row.js';
import { checkRunFromRow, insertCheckRun, type CheckRun, type RecordedCheckRun } from './check-run.js';
import { chunks } from './chunks.js';
import type { Database } from './database.js';
import { fromDbTime } from './db-values.js';
import { dialectOf } from './dialect.js';
import { ingestRuns, type LedgerRun } from './ingest-runs.js';

/** One change of one alert's status, as an ingest returns it. */
export interface AlertTransition {
  /** The alert after the change. */
  readonly alert: Alert;
  /** `none` for an alert never seen before. */
  readonly from: 'none' | 'firing' | 'resolved';
  readonly to: 'firing' | 'resolved';
}

/** What one run of one check observed. */
export interface IngestOutcome {
  /**
   * Only `ok` saw everything. `partial` (a statement refused for a missing grant) and `failed` could not,
   * so nothing resolves: absence of data is not good news.
   */
  readonly status: CheckStatus;
  /** Every alert the run sees firing now (a partial or failed run's result may still fire some). */
  readonly alerts: readonly ObservedAlert[];
  /** When the run started; default: the ingest's `now`. */
  readonly startedAt?: Date;
  /** Rows the check returned, for the run record. */
  readonly rows?: number;
  /** Why it failed, secret-free, for the run record. */
  readonly error?: string;
  /**
   * The Snowflake account the run watched (`accounts[].name`): an ok run resolves only that account's
   * alerts of the check. Absent (`''`) for alerts of no account, such as delivery health.
   */
  readonly account?: string;
}

/** How many of a check's latest runs a failure streak looks back at. */
export const STREAK_RUNS = 100;

/** How many of a check's latest runs failed in a row, and when the first of them started. */
export interface FailureStreak {
  readonly failures: number;
  readonly since?: Date;
}

/** The failure streak of `runs`, newest first. */
export function streakOf(runs: readonly Pick<CheckRun, 'status' | 'startedAt'>[]): FailureStreak {
  const streak = runs.findIndex((run) => run.status !== 'failed');
  const failures = streak === -1 ? runs.length : streak;
  const first = failures > 0 ? runs[failures - 1] : undefined;
  return first === undefined ? { failures } : { failures, since: first.startedAt };
}

/** One line of an alert's history. */
export interface AlertHistoryEntry {
  readonly id: number;
  readonly fingerprint: string;
  readonly at: Date;
  readonly from: 'none' | 'firing' | 'resolved';
  readonly to: 'firing' | 'resolved';
  readonly note?: string;
}

/** Rows per statement: 9 columns × 500 stays far below both dialects' bind-parameter limits. */
const BATCH = 500;

export class AlertLedger {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Records one run of `check` and returns the transitions it causes, in one transaction: observed
   * alerts fire (new, or a new episode after a resolve, starting at `now`) or, when already firing,
   * refresh `last_seen_at` and annotations; after an `ok` run (never a `partial` or `failed` one), this
   * check's firing alerts that were not observed resolve. Every transition is written to `alert_history`. The event
   * loop runs between batches of 500 rows.
   */
  async ingest(check: string, outcome: IngestOutcome, now: Date): Promise<AlertTransition[]> {
    return ingestRuns(this.db, [{ check, outcome }], now);
  }

  /**
   * Records a cycle's runs (of one account's checks, say) as `ingest` would one after another, in one
   * transaction and a few statements for all (ingest-runs.ts); `recordOnly` runs are written, never ingested.
   */
  async ingestMany(runs: readonly LedgerRun[], now: Date): Promise<AlertTransition[]> {
    return ingestRuns(this.db, runs, now);
  }

  /** Every firing alert, oldest episode first. */
  async active(): Promise<Alert[]> {
    const rows = await this.db.selectFrom('alerts').selectAll().where('status', '=', 'firing').orderBy('starts_at').orderBy('fingerprint').execute();
    return rows.map(alertFromRow);
  }

  /** How many alerts fire now, by their `alert_type` label (`unknown` without one), counted in the store. */
  async firingByType(): Promise<Record<string, number>> {
    const type =
      dialectOf(this.db) === 'postgres' ? sql<string | null>`labels::jsonb ->> 'alert_type'` : sql<string | null>`json_extract(labels, '$.alert_type')`;
    const rows = await this.db
      .selectFrom('alerts')
      .select([type.as('type'), (eb) => eb.fn.countAll<number | string | bigint>().as('n')])
      .where('status', '=', 'firing')
      .groupBy(type)
      .execute();
    const counts: Record<string, number> = {};
    for (const row of rows) counts[row.type ?? 'unknown'] = (counts[row.type ?? 'unknown'] ?? 0) + Number(row.n);
    return counts;
  }

  /** The latest-changed alerts first, firing and resolved (resolved ones only when `status` is `resolved` or unset). */
  async recent(status: 'firing' | 'resolved' | undefined, limit = 500): Promise<Alert[]> {
    let query = this.db.selectFrom('alerts').selectAll();
    if (status !== undefined) query = query.where('status', '=', status);
    const rows = await query.orderBy('updated_at', 'desc').orderBy('fingerprint').limit(limit).execute();
    return rows.map(alertFromRow);
  }

  /** The alerts with these fingerprints, firing or resolved, in one read per 500 (unknown ones left out). */
  async getMany(fps: readonly string[]): Promise<Alert[]> {
    const out: Alert[] = [];
    for (const part of chunks([...new Set(fps)], BATCH)) {
      out.push(...(await this.db.selectFrom('alerts').selectAll().where('fingerprint', 'in', part).execute()).map(alertFromRow));
    }
    return out;
  }

  /** One alert by fingerprint, firing or resolved. */
  async get(fp: string): Promise<Alert | undefined> {
    const row = await this.db.selectFrom('alerts').selectAll().where('fingerprint', '=', fp).executeTakeFirst();
    return row === undefined ? undefined : alertFromRow(row);
  }

  /** The latest status changes, newest first: of one alert, or of all when no fingerprint is given. */
  async history(fp?: string, limit = 100): Promise<AlertHistoryEntry[]> {
    let query = this.db.selectFrom('alert_history').selectAll();
    if (fp !== undefined) query = query.where('fingerprint', '=', fp);
    const rows = await query.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((row) => ({
      id: Number(row.id),
      fingerprint: row.fingerprint,
      at: fromDbTime(row.at),
      from: row.from_status as AlertHistoryEntry['from'],
      to: row.to_status as AlertHistoryEntry['to'],
      ...(row.note !== null ? { note: row.note } : {}),
    }));
  }

  /** Records a run without ingesting alerts (e.g. a check that produces no alerts); returns its id. */
  async recordCheckRun(run: CheckRun): Promise<number> {
    return insertCheckRun(this.db, run);
  }

  /**
   * How many of the check's latest runs failed in a row (looking back at most `limit` runs), and when
   * the first of them started: the input for snowmon's own `monitor_health` alert.
   */
  async failureStreak(check: string, limit = STREAK_RUNS, account?: string): Promise<FailureStreak> {
    return streakOf(await this.checkRuns(check, limit, account));
  }

  /**
   * The latest runs of each of `checks`, newest first, at most `limit` each, in one read (a cycle's
   * failure streaks): in one account, or in any when `account` is unset. A check with no run is absent.
   */
  async latestRuns(checks: readonly string[], limit: number, account?: string): Promise<Map<string, RecordedCheckRun[]>> {
    const out = new Map<string, RecordedCheckRun[]>();
    if (checks.length === 0 || limit < 1) return out;
    let runs = this.db
      .selectFrom('check_runs')
      .selectAll()
      .select((eb) =>
        eb.fn
          .agg<number>('row_number')
          .over((ob) => ob.partitionBy('check').orderBy('id', 'desc'))
          .as('newest'),
      )
      .where('check', 'in', [...new Set(checks)]);
    if (account !== undefined) runs = runs.where('account', '=', account);
    const rows = await this.db.selectFrom(runs.as('r')).selectAll().where('newest', '<=', limit).orderBy('check').orderBy('id', 'desc').execute();
    for (const row of rows) out.set(row.check, [...(out.get(row.check) ?? []), checkRunFromRow(row)]);
    return out;
  }

  /** The latest runs of one check, newest first (for "this check keeps failing"): in one account, or in any when `account` is unset. */
  async checkRuns(check: string, limit = 20, account?: string): Promise<RecordedCheckRun[]> {
    let query = this.db.selectFrom('check_runs').selectAll().where('check', '=', check);
    if (account !== undefined) query = query.where('account', '=', account);
    const rows = await query.orderBy('id', 'desc').limit(limit).execute();
    return rows.map(checkRunFromRow);
  }
}
