/**
 * A run that must happen once across every replica sharing a store (the organization step's daily read):
 * the first replica to claim it when it is due takes it, and it is not due again until the time the winner
 * sets. One conditional upsert on a `leases` row named `run:<name>` (held until the next run is due), atomic
 * on Postgres (INSERT ... ON CONFLICT DO UPDATE ... WHERE locks the row and re-checks the condition on its
 * latest version) and on SQLite (one writer). Storage only: when a run is due is the caller's.
 */

import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { fromDbTime, toDbTime } from './db-values.js';

/** The `leases` row of a run: apart from the leader's and any other lease. */
export function runLeaseName(name: string): string {
  return `run:${name}`;
}

/**
 * Takes the run `name` for `owner` at `now` unless another claim is still in force (its `nextDueAt` not yet
 * reached); then it is in force until `nextDueAt`. True for exactly one of several replicas claiming at once.
 */
export async function claimDueRun(db: Kysely<Database>, name: string, owner: string, now: Date, nextDueAt: Date): Promise<boolean> {
  const result = await db
    .insertInto('leases')
    .values({ name: runLeaseName(name), owner, expires_at: toDbTime(nextDueAt) })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({ owner: eb.ref('excluded.owner'), expires_at: eb.ref('excluded.expires_at') }))
        .where('leases.expires_at', '<=', toDbTime(now)),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Who took the run `name` last and until when it is not due; undefined when never claimed. */
export async function lastRunClaim(db: Kysely<Database>, name: string): Promise<{ readonly owner: string; readonly nextDueAt: Date } | undefined> {
  const row = await db.selectFrom('leases').selectAll().where('name', '=', runLeaseName(name)).executeTakeFirst();
  return row === undefined ? undefined : { owner: row.owner, nextDueAt: fromDbTime(row.expires_at) };
}
