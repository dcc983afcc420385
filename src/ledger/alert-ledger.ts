/**
 * The alert ledger: every alert's life (firing → resolved, episodes, history) kept in the store, fed by
 * check runs. It decides transitions from what a run observed; routing and notifying happen elsewhere.
 * A failed or partial run never resolves anything: absence of data is not good news (DESIGN §5).
 */

import type { Kysely, Selectable } from 'kysely';
import { fingerprint, type Alert, type ObservedAlert } from '../alerts/alert.js';
import type { CheckStatus } from '../checks/check.js';
import { alertFromRow } from './alert-row.js';
import { checkRunFromRow, insertCheckRun, type CheckRun, type RecordedCheckRun } from './check-run.js';
import { breathe } from './breathe.js';
import { chunks } from './chunks.js';
import type { AlertsTable, Database } from './database.js';
import { fromDbTime, toDbJson, toDbTime } from './db-values.js';
import { transaction } from './transaction.js';

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
    const at = toDbTime(now);
    const account = outcome.account ?? '';
    const observed = new Map<string, ObservedAlert>();
    for (const alert of outcome.alerts) observed.set(fingerprint(alert.labels), alert);

    return transaction(this.db, async (trx) => {
      const previous = await readAlerts(trx, [...observed.keys()]);
      const firingOfCheck =
        outcome.status === 'ok'
          ? await trx.selectFrom('alerts').selectAll().where('account', '=', account).where('check', '=', check).where('status', '=', 'firing').execute()
          : [];
      const transitions = await fireObserved(trx, { check, account }, observed, previous, at);
      transitions.push(...(await resolveUnobserved(trx, firingOfCheck, observed, at)));
      await writeHistory(trx, transitions, at);
      await insertCheckRun(trx, {
        check,
        account,
        startedAt: outcome.startedAt ?? now,
        endedAt: now,
        status: outcome.status,
        ...(outcome.rows !== undefined ? { rows: outcome.rows } : {}),
        ...(outcome.error !== undefined ? { error: outcome.error } : {}),
      });
      return transitions;
    });
  }

  /** Every firing alert, oldest episode first. */
  async active(): Promise<Alert[]> {
    const rows = await this.db.selectFrom('alerts').selectAll().where('status', '=', 'firing').orderBy('starts_at').orderBy('fingerprint').execute();
    return rows.map(alertFromRow);
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
  async failureStreak(check: string, limit = 100, account?: string): Promise<{ readonly failures: number; readonly since?: Date }> {
    const runs = await this.checkRuns(check, limit, account);
    const streak = runs.findIndex((run) => run.status !== 'failed');
    const failures = streak === -1 ? runs.length : streak;
    const first = failures > 0 ? runs[failures - 1] : undefined;
    return first === undefined ? { failures } : { failures, since: first.startedAt };
  }

  /** The latest runs of one check, newest first (for "this check keeps failing"): in one account, or in any when `account` is unset. */
  async checkRuns(check: string, limit = 20, account?: string): Promise<RecordedCheckRun[]> {
    let query = this.db.selectFrom('check_runs').selectAll().where('check', '=', check);
    if (account !== undefined) query = query.where('account', '=', account);
    const rows = await query.orderBy('id', 'desc').limit(limit).execute();
    return rows.map(checkRunFromRow);
  }
}

/** The stored rows of these fingerprints (unknown ones left out), read 500 at a time. */
async function readAlerts(trx: Kysely<Database>, fps: readonly string[]): Promise<Map<string, Selectable<AlertsTable>>> {
  const previous = new Map<string, Selectable<AlertsTable>>();
  for (const part of chunks(fps, BATCH)) {
    const rows = await trx.selectFrom('alerts').selectAll().where('fingerprint', 'in', part).execute();
    for (const row of rows) previous.set(row.fingerprint, row);
    await breathe();
  }
  return previous;
}

/** Upserts every observed alert as firing (an episode already firing keeps its start); returns the new firings. */
async function fireObserved(
  trx: Kysely<Database>,
  { check, account }: { readonly check: string; readonly account: string },
  observed: ReadonlyMap<string, ObservedAlert>,
  previous: ReadonlyMap<string, Selectable<AlertsTable>>,
  at: string,
): Promise<AlertTransition[]> {
  const transitions: AlertTransition[] = [];
  const upserts: Selectable<AlertsTable>[] = [];
  for (const [fp, alert] of observed) {
    const before = previous.get(fp);
    const stillFiring = before?.status === 'firing';
    const row: Selectable<AlertsTable> = {
      fingerprint: fp,
      labels: toDbJson(alert.labels),
      annotations: toDbJson(alert.annotations),
      check,
      account,
      status: 'firing',
      starts_at: stillFiring ? before.starts_at : at,
      ends_at: null,
      last_seen_at: at,
      updated_at: at,
    };
    upserts.push(row);
    if (!stillFiring) transitions.push({ alert: alertFromRow(row), from: before ? 'resolved' : 'none', to: 'firing' });
  }
  for (const part of chunks(upserts, BATCH)) {
    await trx
      .insertInto('alerts')
      .values(part)
      .onConflict((oc) =>
        oc.column('fingerprint').doUpdateSet((eb) => ({
          labels: eb.ref('excluded.labels'),
          annotations: eb.ref('excluded.annotations'),
          check: eb.ref('excluded.check'),
          account: eb.ref('excluded.account'),
          status: eb.ref('excluded.status'),
          starts_at: eb.ref('excluded.starts_at'),
          ends_at: eb.ref('excluded.ends_at'),
          last_seen_at: eb.ref('excluded.last_seen_at'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    await breathe();
  }
  return transitions;
}

/** Resolves the check's firing alerts that an ok run did not observe; returns those resolutions. */
async function resolveUnobserved(
  trx: Kysely<Database>,
  firingOfCheck: readonly Selectable<AlertsTable>[],
  observed: ReadonlyMap<string, ObservedAlert>,
  at: string,
): Promise<AlertTransition[]> {
  const resolved = firingOfCheck.filter((row) => !observed.has(row.fingerprint));
  for (const part of chunks(
    resolved.map((row) => row.fingerprint),
    BATCH,
  )) {
    await trx.updateTable('alerts').set({ status: 'resolved', ends_at: at, updated_at: at }).where('fingerprint', 'in', part).execute();
  }
  return resolved.map((row) => ({
    alert: alertFromRow({ ...row, status: 'resolved', ends_at: at, updated_at: at }),
    from: 'firing',
    to: 'resolved',
  }));
}

/** One `alert_history` line per transition, with a note saying why. */
async function writeHistory(trx: Kysely<Database>, transitions: readonly AlertTransition[], at: string): Promise<void> {
  const history = transitions.map((t) => ({
    fingerprint: t.alert.fingerprint,
    at,
    from_status: t.from,
    to_status: t.to,
    note: t.to === 'resolved' ? 'not observed in an ok run' : t.from === 'none' ? 'observed' : 'observed again',
  }));
  for (const part of chunks(history, BATCH)) {
    await trx.insertInto('alert_history').values(part).execute();
    await breathe();
  }
}
