/**
 * Runtime silences (routing.md §7.1: data, not config): matchers in Alertmanager's grammar with a time
 * span, an author and a comment, kept in the store. Storage only: whether a silence mutes an alert is
 * decided by the router's matcher code, which `expireResolved` takes as a function.
 */

import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Labels } from '../alerts/alert.js';
import type { Database, SilencesTable } from './database.js';
import { fromDbJson, fromDbTime, toDbJson, toDbTime } from './db-values.js';
import { transaction } from './transaction.js';

export interface Silence {
  readonly id: string;
  /** Alertmanager matcher strings, e.g. `model="customers"`; all must match. */
  readonly matchers: readonly string[];
  /** Mutes from this instant (inclusive)... */
  readonly startsAt: Date;
  /** ...to this one (exclusive). Expiring sets it to now. */
  readonly endsAt: Date;
  readonly createdBy: string;
  readonly comment: string;
  /** Ends by itself once the alerts it matched have resolved (an ack that cleans up after itself). */
  readonly expireOnResolve: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What `add` needs. */
export interface NewSilence {
  readonly matchers: readonly string[];
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly createdBy: string;
  readonly comment: string;
  readonly expireOnResolve?: boolean;
}

/** What `expireResolved` needs to know: which alerts just resolved, which still fire, how to match. */
export interface ResolvedAlertsCheck {
  readonly resolved: readonly { readonly labels: Labels }[];
  readonly firing: readonly { readonly labels: Labels }[];
  /** True when every matcher matches the labels (the router's matcher code). */
  readonly matches: (matchers: readonly string[], labels: Labels) => boolean;
}

export class SilenceStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores a silence and returns its id. Throws when it has no matcher or ends before it starts. */
  async add(silence: NewSilence, now: Date): Promise<string> {
    if (silence.matchers.length === 0) throw new Error('a silence needs at least one matcher');
    if (silence.endsAt.getTime() <= silence.startsAt.getTime()) {
      throw new Error(`silence ends (${silence.endsAt.toISOString()}) before it starts (${silence.startsAt.toISOString()})`);
    }
    const id = randomUUID();
    await this.db
      .insertInto('silences')
      .values({
        id,
        matchers: toDbJson(silence.matchers),
        starts_at: toDbTime(silence.startsAt),
        ends_at: toDbTime(silence.endsAt),
        created_by: silence.createdBy,
        comment: silence.comment,
        expire_on_resolve: silence.expireOnResolve === true ? 1 : 0,
        created_at: toDbTime(now),
        updated_at: toDbTime(now),
      })
      .execute();
    return id;
  }

  /** One silence by id. */
  async get(id: string): Promise<Silence | undefined> {
    const row = await this.db.selectFrom('silences').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : silenceFromRow(row);
  }

  /** Silences in force at `activeAt` (starts ≤ at < ends), or every silence when it is not given; by start. */
  async list(options: { readonly activeAt?: Date } = {}): Promise<Silence[]> {
    let query = this.db.selectFrom('silences').selectAll();
    if (options.activeAt !== undefined) {
      const at = toDbTime(options.activeAt);
      query = query.where('starts_at', '<=', at).where('ends_at', '>', at);
    }
    const rows = await query.orderBy('starts_at').orderBy('id').execute();
    return rows.map(silenceFromRow);
  }

  /** Ends a silence now (a pending one never starts). False when it is unknown or already over. */
  async expire(id: string, now: Date): Promise<boolean> {
    return transaction(this.db, async (trx) => {
      const row = await trx.selectFrom('silences').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined || fromDbTime(row.ends_at).getTime() <= now.getTime()) return false;
      const at = toDbTime(now);
      await trx
        .updateTable('silences')
        .set({ ends_at: at, starts_at: row.starts_at < at ? row.starts_at : at, updated_at: at })
        .where('id', '=', id)
        .execute();
      return true;
    });
  }

  /**
   * Expires every active `expire_on_resolve` silence that matches an alert that just resolved and no
   * alert still firing; returns their ids.
   */
  async expireResolved(check: ResolvedAlertsCheck, now: Date): Promise<string[]> {
    const candidates = (await this.list({ activeAt: now })).filter((s) => s.expireOnResolve);
    const done = candidates.filter(
      (s) => check.resolved.some((a) => check.matches(s.matchers, a.labels)) && !check.firing.some((a) => check.matches(s.matchers, a.labels)),
    );
    const expired: string[] = [];
    for (const silence of done) if (await this.expire(silence.id, now)) expired.push(silence.id);
    return expired;
  }
}

function silenceFromRow(row: Selectable<SilencesTable>): Silence {
  return {
    id: row.id,
    matchers: fromDbJson<string[]>(row.matchers),
    startsAt: fromDbTime(row.starts_at),
    endsAt: fromDbTime(row.ends_at),
    createdBy: row.created_by,
    comment: row.comment,
    expireOnResolve: Number(row.expire_on_resolve) === 1,
    createdAt: fromDbTime(row.created_at),
    updatedAt: fromDbTime(row.updated_at),
  };
}
