/**
 * The dbt history in the store: each invocation the daemon read (run_results and freshness runs, by
 * invocation_id and kind; saving one already stored does nothing), and when each configured pipeline was
 * first watched. Storage only: reading files and evaluating rules are src/daemon/dbt-loop.ts's and src/dbt's.
 */

import type { Kysely } from 'kysely';
import type { RunArtifact, SourcesArtifact } from '../dbt/artifact.js';
import type { Database } from './database.js';
import { fromDbTime, toDbTime } from './db-values.js';

/** What is stored: an invocation, never a manifest (it is read from its file each time it changes). */
export type StoredInvocation = RunArtifact | SourcesArtifact;

const INSTANT_KEYS: ReadonlySet<string> = new Set(['generatedAt', 'startedAt', 'maxLoadedAt']);

export class DbtInvocationStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores `invocation` unless its (invocation_id, kind) is already there; true when it was new. */
  async save(invocation: StoredInvocation, now: Date): Promise<boolean> {
    const result = await this.db
      .insertInto('dbt_invocations')
      .values({
        invocation_id: invocation.invocationId,
        kind: invocation.kind,
        command: invocation.command ?? null,
        generated_at: toDbTime(invocation.generatedAt),
        started_at: invocation.startedAt ? toDbTime(invocation.startedAt) : null,
        file: invocation.file,
        artifact: JSON.stringify(invocation),
        stored_at: toDbTime(now),
      })
      .onConflict((oc) => oc.columns(['invocation_id', 'kind']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** Every stored invocation that finished at or after `since` (all when undefined), oldest first. */
  async load(since?: Date): Promise<StoredInvocation[]> {
    let query = this.db.selectFrom('dbt_invocations').select(['artifact']).orderBy('generated_at').orderBy('invocation_id');
    if (since !== undefined) query = query.where('generated_at', '>=', toDbTime(since));
    const rows = await query.execute();
    return rows.map(
      (row) =>
        JSON.parse(row.artifact, (key, value: unknown) => (INSTANT_KEYS.has(key) && typeof value === 'string' ? fromDbTime(value) : value)) as StoredInvocation,
    );
  }

  /** Deletes invocations that finished before `before`; returns how many. */
  async prune(before: Date): Promise<number> {
    const result = await this.db.deleteFrom('dbt_invocations').where('generated_at', '<', toDbTime(before)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** When each pipeline was first watched. */
  async watched(): Promise<Map<string, Date>> {
    const rows = await this.db.selectFrom('dbt_pipelines_watched').selectAll().execute();
    return new Map(rows.map((r) => [r.pipeline, fromDbTime(r.since)]));
  }

  /** Records that `pipeline` is watched from `since`, unless it already was (the first time wins). */
  async watch(pipeline: string, since: Date): Promise<void> {
    await this.db
      .insertInto('dbt_pipelines_watched')
      .values({ pipeline, since: toDbTime(since) })
      .onConflict((oc) => oc.column('pipeline').doNothing())
      .execute();
  }
}
