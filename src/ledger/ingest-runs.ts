/**
 * How check runs become alert transitions in the store (the body of `AlertLedger.ingest`), for one run
 * or a whole cycle's: in one transaction, one read of the observed alerts, one read of the firing alerts
 * of the ok runs' checks, then one statement per kind of write (upsert, resolve, history, check runs)
 * for all runs together, each in batches of 500 rows. The transitions are the ones the runs would cause
 * one after another; runs that could see each other's writes (the same check twice, one fingerprint
 * in two runs, a run observing an alert another run's check would resolve) are stored one after another.
 */

import type { Kysely, Selectable } from 'kysely';
import { fingerprint, type ObservedAlert } from '../alerts/alert.js';
import type { AlertTransition, IngestOutcome } from './alert-ledger.js';
import { alertFromRow } from './alert-row.js';
import { breathe } from './breathe.js';
import { insertCheckRuns, type CheckRun } from './check-run.js';
import { chunks } from './chunks.js';
import type { AlertsTable, Database } from './database.js';
import { toDbJson, toDbTime } from './db-values.js';
import { transaction } from './transaction.js';

/** One run of one check to store. */
export interface LedgerRun {
  readonly check: string;
  readonly outcome: IngestOutcome;
  /**
   * Recorded, never ingested: the run is written to `check_runs` (it ends a failure streak) but fires and
   * resolves nothing (a check with nothing to judge yet: no data is not good news). Its `alerts` are ignored.
   */
  readonly recordOnly?: boolean;
}

/** Rows per statement: 10 columns × 500 stays far below both dialects' bind-parameter limits. */
const BATCH = 500;

type AlertRow = Selectable<AlertsTable>;

/** A run with what it observed, by fingerprint. */
interface Prepared {
  readonly run: LedgerRun;
  readonly account: string;
  readonly observed: ReadonlyMap<string, ObservedAlert>;
}

/** Stores `runs` (in order) at `now` and returns the transitions they cause, in one transaction (the caller's when `db` is one). */
export async function ingestRuns(db: Kysely<Database>, runs: readonly LedgerRun[], now: Date): Promise<AlertTransition[]> {
  const prepared = runs.map(prepare);
  return transaction(db, async (trx) => {
    const transitions: AlertTransition[] = [];
    for (const part of independentParts(prepared)) transitions.push(...(await ingestPart(trx, part, now)));
    return transitions;
  });
}

function prepare(run: LedgerRun): Prepared {
  const observed = new Map<string, ObservedAlert>();
  if (run.recordOnly !== true) for (const alert of run.outcome.alerts) observed.set(fingerprint(alert.labels), alert);
  return { run, account: run.outcome.account ?? '', observed };
}

/** Consecutive runs split where one repeats a check (of the same account) or a fingerprint of an earlier run of the part. */
function independentParts(runs: readonly Prepared[]): Prepared[][] {
  const parts: Prepared[][] = [];
  let part: Prepared[] = [];
  let checks = new Set<string>();
  let fps = new Set<string>();
  for (const p of runs) {
    const key = `${p.account}\u0000${p.run.check}`;
    if (checks.has(key) || [...p.observed.keys()].some((fp) => fps.has(fp))) {
      parts.push(part);
      [part, checks, fps] = [[], new Set(), new Set()];
    }
    part.push(p);
    checks.add(key);
    for (const fp of p.observed.keys()) fps.add(fp);
  }
  if (part.length > 0) parts.push(part);
  return parts;
}

async function ingestPart(trx: Kysely<Database>, part: readonly Prepared[], now: Date): Promise<AlertTransition[]> {
  const at = toDbTime(now);
  const previous = await readAlerts(
    trx,
    part.flatMap((p) => [...p.observed.keys()]),
  );
  const firing = await readFiring(trx, part);
  const observer = new Map(part.flatMap((p) => [...p.observed.keys()].map((fp) => [fp, p] as const)));
  const ownerOf = (row: AlertRow) => part.find((p) => p.account === row.account && p.run.check === row.check);
  if (part.length > 1 && firing.some((row) => observer.has(row.fingerprint) && observer.get(row.fingerprint) !== ownerOf(row))) {
    // A run observes an alert another run's check would resolve: one after another, as they happened.
    const transitions: AlertTransition[] = [];
    for (const p of part) transitions.push(...(await ingestPart(trx, [p], now)));
    return transitions;
  }
  const transitions: AlertTransition[] = [];
  const upserts: AlertRow[] = [];
  const resolved: AlertRow[] = [];
  for (const p of part) {
    transitions.push(...fireObserved(p, previous, upserts, at));
    const unobserved = firing.filter((row) => ownerOf(row) === p && !p.observed.has(row.fingerprint));
    resolved.push(...unobserved);
    transitions.push(...unobserved.map((row) => resolution(row, at)));
  }
  await writeUpserts(trx, upserts);
  for (const fps of chunks(
    resolved.map((row) => row.fingerprint),
    BATCH,
  )) {
    await trx.updateTable('alerts').set({ status: 'resolved', ends_at: at, updated_at: at }).where('fingerprint', 'in', fps).execute();
  }
  await writeHistory(trx, transitions, at);
  await insertCheckRuns(
    trx,
    part.map((p) => checkRunOf(p, now)),
  );
  return transitions;
}

/** The stored rows of these fingerprints (unknown ones left out), read 500 at a time. */
async function readAlerts(trx: Kysely<Database>, fps: readonly string[]): Promise<Map<string, AlertRow>> {
  const previous = new Map<string, AlertRow>();
  for (const part of chunks(fps, BATCH)) {
    const rows = await trx.selectFrom('alerts').selectAll().where('fingerprint', 'in', part).execute();
    for (const row of rows) previous.set(row.fingerprint, row);
    await breathe();
  }
  return previous;
}

/** The firing alerts of the checks whose runs were `ok` (only those resolve anything), one read per account. */
async function readFiring(trx: Kysely<Database>, part: readonly Prepared[]): Promise<AlertRow[]> {
  const ok = part.filter((p) => p.run.recordOnly !== true && p.run.outcome.status === 'ok');
  const byAccount = new Map<string, string[]>();
  for (const p of ok) byAccount.set(p.account, [...(byAccount.get(p.account) ?? []), p.run.check]);
  const rows: AlertRow[] = [];
  for (const [account, checks] of byAccount) {
    const query = trx.selectFrom('alerts').selectAll().where('account', '=', account).where('status', '=', 'firing');
    const [only] = checks;
    rows.push(...(await (checks.length === 1 && only !== undefined ? query.where('check', '=', only) : query.where('check', 'in', checks)).execute()));
  }
  return rows;
}

/** Every observed alert as a firing row to upsert (an episode already firing keeps its start); returns the new firings. */
function fireObserved(p: Prepared, previous: ReadonlyMap<string, AlertRow>, upserts: AlertRow[], at: string): AlertTransition[] {
  const transitions: AlertTransition[] = [];
  for (const [fp, alert] of p.observed) {
    const before = previous.get(fp);
    const stillFiring = before?.status === 'firing';
    const row: AlertRow = {
      fingerprint: fp,
      labels: toDbJson(alert.labels),
      annotations: toDbJson(alert.annotations),
      check: p.run.check,
      account: p.account,
      status: 'firing',
      starts_at: stillFiring ? before.starts_at : at,
      ends_at: null,
      last_seen_at: at,
      updated_at: at,
    };
    upserts.push(row);
    if (!stillFiring) transitions.push({ alert: alertFromRow(row), from: before ? 'resolved' : 'none', to: 'firing' });
  }
  return transitions;
}

function resolution(row: AlertRow, at: string): AlertTransition {
  return { alert: alertFromRow({ ...row, status: 'resolved', ends_at: at, updated_at: at }), from: 'firing', to: 'resolved' };
}

async function writeUpserts(trx: Kysely<Database>, upserts: readonly AlertRow[]): Promise<void> {
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

function checkRunOf({ run, account }: Prepared, now: Date): CheckRun {
  const { outcome } = run;
  return {
    check: run.check,
    account,
    startedAt: outcome.startedAt ?? now,
    endedAt: now,
    status: outcome.status,
    ...(outcome.rows !== undefined ? { rows: outcome.rows } : {}),
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
  };
}
