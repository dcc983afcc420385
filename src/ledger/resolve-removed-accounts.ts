/**
 * Ends the firing alerts of accounts no longer configured (removed from `accounts:`, or renamed, which is
 * removed + added): nothing watches them any more, so nothing else would ever resolve them, as
 * Alertmanager resolves an alert nobody re-sends. Only alerts that name an account do: those of no account
 * (`''`: delivery health about a notification of none, store outage with several accounts) and rows from
 * before fleet mode (NULL, adopted at start) are never touched. An account whose lease another replica
 * still holds (a replica not yet reloaded, still watching it) is left for later. One transaction; each
 * alert is ended by a conditional update (`status = 'firing'`), so replicas doing it at once end each alert
 * exactly once: on Postgres the second waits on the row and no longer matches. Storage only.
 */

import type { Kysely } from 'kysely';
import type { Annotations } from '../alerts/alert.js';
import type { AlertTransition } from './alert-ledger.js';
import { alertFromRow } from './alert-row.js';
import type { Database } from './database.js';
import { fromDbJson, fromDbTime, toDbJson, toDbTime } from './db-values.js';
import { dialectOf } from './dialect.js';
import { transaction } from './transaction.js';

/** What one pass ended, and what it left. */
export interface RemovedAccountsResult {
  /** Firing → resolved, one per alert this call ended (none for one another call ended first). */
  readonly transitions: AlertTransition[];
  /** Unconfigured accounts with firing alerts whose lease another replica holds, with when it lapses. */
  readonly stillHeld: ReadonlyMap<string, Date>;
}

/** Why such an alert ended: its history note, and the start of its description. */
export function removedAccountReason(account: string): string {
  return `account ${account} is no longer in snowmon.yaml`;
}

/** Ends at `now` every firing alert of an account that is not one of `configured` (and not held by another replica). */
export async function resolveRemovedAccounts(db: Kysely<Database>, configured: readonly string[], now: Date): Promise<RemovedAccountsResult> {
  const at = toDbTime(now);
  return transaction(db, async (trx) => {
    let orphans = trx
      .selectFrom('alerts')
      .select('account')
      .distinct()
      .where('status', '=', 'firing')
      .where('account', 'is not', null)
      .where('account', '<>', '');
    if (configured.length > 0) orphans = orphans.where('account', 'not in', [...configured]);
    const accounts = (await orphans.execute()).flatMap((r) => (r.account === null ? [] : [r.account]));
    if (accounts.length === 0) return { transitions: [], stillHeld: new Map() };
    const stillHeld = await heldLeases(trx, accounts, at);
    const free = accounts.filter((a) => !stillHeld.has(a));
    const transitions: AlertTransition[] = [];
    if (free.length === 0) return { transitions, stillHeld };
    const rows = await trx.selectFrom('alerts').selectAll().where('status', '=', 'firing').where('account', 'in', free).orderBy('fingerprint').execute();
    for (const row of rows) {
      const reason = removedAccountReason(row.account ?? '');
      const before = fromDbJson<Annotations>(row.annotations);
      const annotations: Annotations = {
        ...before,
        description: `Ended: ${reason}, so nothing checks it any more.${before.description !== undefined ? ` ${before.description}` : ''}`,
      };
      const ended = await trx
        .updateTable('alerts')
        .set({ status: 'resolved', ends_at: at, updated_at: at, annotations: toDbJson(annotations) })
        .where('fingerprint', '=', row.fingerprint)
        .where('status', '=', 'firing')
        .returningAll()
        .executeTakeFirst();
      if (ended === undefined) continue; // another replica ended it first
      await trx.insertInto('alert_history').values({ fingerprint: row.fingerprint, at, from_status: 'firing', to_status: 'resolved', note: reason }).execute();
      transitions.push({ alert: alertFromRow(ended), from: 'firing', to: 'resolved' });
    }
    return { transitions, stillHeld };
  });
}

/** The live leases on `accounts` (held by a replica, not lapsed at `at`), locked `FOR SHARE` on Postgres so no claim takes one meanwhile. */
async function heldLeases(trx: Kysely<Database>, accounts: readonly string[], at: string): Promise<Map<string, Date>> {
  const query = trx
    .selectFrom('account_leases')
    .select(['account', 'expires_at'])
    .where('account', 'in', [...accounts])
    .where('owner', 'is not', null)
    .where('expires_at', '>', at);
  const rows = await (dialectOf(trx) === 'postgres' ? query.forShare() : query).execute();
  return new Map(rows.map((r) => [r.account, fromDbTime(r.expires_at)]));
}
