/**
 * The delivery outbox, the one owner of the `outbox` table: notifications written durably before they
 * are sent, claimed with a lease, released unsent when they must wait, retried with backoff and kept as
 * dead letters when they cannot be sent. A crash between claim and mark leaves the row `sending`; once
 * its lease lapses it is claimable again (at-least-once). It sends nothing: deliver-outbox.ts does.
 */

import type { ExpressionBuilder, Kysely } from 'kysely';
import { holdsFence, type Fence } from '../ledger/account-fence.js';
import type { Database } from '../ledger/database.js';
import { fromDbTime, toDbJson, toDbTime } from '../ledger/db-values.js';
import { dialectOf } from '../ledger/dialect.js';
import { transaction } from '../ledger/transaction.js';
import type { Notification } from '../notifiers/notifier.js';
import { DEFAULT_BACKOFF, decideRetry, type BackoffPolicy } from './backoff.js';
import { outboxEntryFromRow, type OutboxEntry } from './outbox-entry.js';

export interface OutboxOptions {
  /** Retry policy; default `DEFAULT_BACKOFF` (10 attempts). */
  readonly backoff?: BackoffPolicy;
  /** Random source for the jitter, in [0, 1); default Math.random. Tests pass a seeded one. */
  readonly random?: () => number;
}

export interface EnqueueOptions {
  /** Write through this transaction (e.g. the one that writes the notification log). */
  readonly db?: Kysely<Database>;
  /** Not to be sent before this (e.g. a deferred window); default the notification's `createdAt`. */
  readonly notBefore?: Date;
  /** Fleet mode: write only if this account lease is still held, checked in the same transaction. */
  readonly fence?: Fence;
}

/** How an attempt failed, from the notifier's `SendResult`. */
export interface AttemptFailure {
  /** Secret-free. */
  readonly error: string;
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
}

/** What `markFailed` did: scheduled a retry, or gave up. */
export type FailureOutcome = { readonly status: 'failed'; readonly nextAttemptAt: Date } | { readonly status: 'dead'; readonly reason: string };

const WAITING = ['pending', 'failed', 'sending'] as const;

/** The guard of every write to a claimed row: it is still `sending` and `owner` still holds its lease. */
const heldBy = (id: string, owner: string) => (eb: ExpressionBuilder<Database, 'outbox'>) =>
  eb.and([eb('id', '=', id), eb('status', '=', 'sending'), eb('lease_owner', '=', owner)]);

export class Outbox {
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;

  constructor(
    private readonly db: Kysely<Database>,
    options: OutboxOptions = {},
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.random = options.random ?? Math.random;
  }

  /**
   * Writes a notification as `pending`. Idempotent on its id: false when that id was already there, or
   * when `options.fence` is given and its lease is no longer held (then nothing is written). The row
   * keeps the fence it was written under (`fence_owner`, `fence_token`).
   */
  async enqueue(notification: Notification, options: EnqueueOptions = {}): Promise<boolean> {
    const fence = options.fence;
    if (fence === undefined) return this.#insert(options.db ?? this.db, notification, options.notBefore);
    return transaction(options.db ?? this.db, async (trx) => (await holdsFence(trx, fence)) && this.#insert(trx, notification, options.notBefore, fence));
  }

  async #insert(db: Kysely<Database>, notification: Notification, notBefore: Date | undefined, fence?: Fence): Promise<boolean> {
    const result = await db
      .insertInto('outbox')
      .values({
        id: notification.id,
        receiver: notification.receiver,
        group_key: notification.groupKey,
        payload: toDbJson(notification),
        status: 'pending',
        attempts: 0,
        next_attempt_at: toDbTime(notBefore ?? new Date(notification.createdAt)),
        lease_owner: null,
        lease_expires_at: null,
        last_error: null,
        provider_response: null,
        created_at: toDbTime(new Date(notification.createdAt)),
        sent_at: null,
        // Which replica queued it, under which lease (fleet mode), for the operator.
        fence_owner: fence?.owner ?? null,
        fence_token: fence?.token ?? null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /**
   * Takes up to `limit` rows that are due (`pending` or `failed` with `next_attempt_at <= now`) or whose
   * `sending` lease lapsed, for `owner` until `now + leaseMs`, and counts the attempt. Each row goes to
   * one claimer: Postgres locks with `FOR UPDATE SKIP LOCKED`, SQLite runs it in an immediate transaction.
   */
  async claim(owner: string, leaseMs: number, now: Date, limit: number): Promise<OutboxEntry[]> {
    const at = toDbTime(now);
    const until = toDbTime(new Date(now.getTime() + leaseMs));
    const postgres = dialectOf(this.db) === 'postgres';
    const rows = await transaction(this.db, (trx) =>
      trx
        .with('due', (qc) => {
          const due = qc
            .selectFrom('outbox')
            .select('id')
            .where((eb) =>
              eb.or([
                eb.and([eb('status', 'in', ['pending', 'failed']), eb('next_attempt_at', '<=', at)]),
                eb.and([eb('status', '=', 'sending'), eb('lease_expires_at', '<=', at)]),
              ]),
            )
            .orderBy('next_attempt_at')
            .orderBy('created_at')
            .limit(limit);
          return postgres ? due.forUpdate().skipLocked() : due;
        })
        .updateTable('outbox')
        .set((eb) => ({
          status: 'sending',
          lease_owner: owner,
          lease_expires_at: until,
          attempts: eb('attempts', '+', 1),
        }))
        .where('id', 'in', (eb) => eb.selectFrom('due').select('due.id'))
        .returningAll()
        .execute(),
    );
    return rows.map(outboxEntryFromRow).sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime());
  }

  /** Records a successful send. False when `owner` no longer holds the row (its lease was taken over). */
  async markSent(id: string, owner: string, providerResponse: string, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('outbox')
      .set({
        status: 'sent',
        sent_at: toDbTime(now),
        provider_response: providerResponse,
        lease_owner: null,
        lease_expires_at: null,
      })
      .where(heldBy(id, owner))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Records a failed send: schedules a retry by the backoff policy (`failed`), or gives up (`dead`) on a
   * permanent failure or after the last attempt. Undefined when `owner` no longer holds the row.
   */
  async markFailed(id: string, owner: string, failure: AttemptFailure, now: Date): Promise<FailureOutcome | undefined> {
    return transaction(this.db, async (trx) => {
      const row = await trx.selectFrom('outbox').select(['attempts']).where(heldBy(id, owner)).executeTakeFirst();
      if (row === undefined) return undefined;
      const decision = decideRetry(Number(row.attempts), failure, this.backoff, this.random);
      const outcome: FailureOutcome =
        decision.action === 'retry'
          ? { status: 'failed', nextAttemptAt: new Date(now.getTime() + decision.delayMs) }
          : { status: 'dead', reason: decision.reason };
      const result = await trx
        .updateTable('outbox')
        .set({
          status: outcome.status,
          last_error: failure.error,
          lease_owner: null,
          lease_expires_at: null,
          ...(outcome.status === 'failed' ? { next_attempt_at: toDbTime(outcome.nextAttemptAt) } : {}),
        })
        .where(heldBy(id, owner))
        .where('attempts', '=', row.attempts)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0 ? outcome : undefined;
    });
  }

  /**
   * Gives a claimed row back unsent, to be claimed again at `until`, without counting the attempt: for a
   * row that must wait (a channel's rate limit, an older notification of its group not sent yet). False
   * when `owner` no longer holds the row.
   */
  async release(id: string, owner: string, until: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('outbox')
      .set((eb) => ({
        status: eb.case().when('last_error', 'is', null).then('pending').else('failed').end(),
        attempts: eb('attempts', '-', 1),
        next_attempt_at: toDbTime(until),
        lease_owner: null,
        lease_expires_at: null,
      }))
      .where(heldBy(id, owner))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * When the oldest unsent row of `entry`'s (group, receiver) written before it may go, if there is one
   * (its retry time, or its lease's end while another owner sends it; never before `now`): `entry` waits till then.
   */
  async olderUnsentDue(entry: OutboxEntry, now: Date): Promise<Date | undefined> {
    const older = await this.db
      .selectFrom('outbox')
      .select(['status', 'next_attempt_at', 'lease_expires_at'])
      .where('group_key', '=', entry.groupKey)
      .where('receiver', '=', entry.receiver)
      .where('status', 'in', WAITING)
      .where('created_at', '<', toDbTime(entry.createdAt))
      .orderBy('created_at')
      .executeTakeFirst();
    if (older === undefined) return undefined;
    const at = older.status === 'sending' && older.lease_expires_at !== null ? older.lease_expires_at : older.next_attempt_at;
    const until = fromDbTime(at);
    return until > now ? until : now;
  }

  /** One row by id. */
  async get(id: string): Promise<OutboxEntry | undefined> {
    const row = await this.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : outboxEntryFromRow(row);
  }

  /** Rows not yet sent nor dead (pending, failed awaiting retry, sending). */
  async depth(): Promise<number> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', 'in', WAITING)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** How long the oldest unsent, not dead row has waited since it was written, ms; 0 when none waits. */
  async oldestPendingAge(now: Date): Promise<number> {
    const row = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.min('created_at').as('oldest'))
      .where('status', 'in', WAITING)
      .executeTakeFirst();
    const oldest = row?.oldest;
    return oldest === null || oldest === undefined ? 0 : Math.max(0, now.getTime() - fromDbTime(String(oldest)).getTime());
  }

  /** Rows given up on, oldest first. */
  async deadLetters(limit = 100): Promise<OutboxEntry[]> {
    const rows = await this.db.selectFrom('outbox').selectAll().where('status', '=', 'dead').orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map(outboxEntryFromRow);
  }

  /** Rows whose last attempt failed (retry scheduled or given up on), newest attempt first: delivery errors. */
  async recentErrors(limit = 20): Promise<OutboxEntry[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .selectAll()
      .where('status', 'in', ['failed', 'dead'])
      .where('last_error', 'is not', null)
      .orderBy('next_attempt_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(outboxEntryFromRow);
  }
}
