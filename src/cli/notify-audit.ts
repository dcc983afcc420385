/**
 * `audit --notify`: routes one audit's findings and delivers what is due now — ingest into the alert
 * ledger, flush every group at once (group_wait treated as elapsed), then delivery passes until the
 * outbox has nothing due or a deadline passes — and sums up what happened in one line. Deferred and
 * retrying notifications stay in the store for the next run or the daemon. Rows another process still
 * holds a claim on (a run that crashed mid-send) are reported as held until their claims lapse, or, with
 * `waitClaims`, waited for and delivered. It decides nothing itself: the `Dispatcher` glue and the router do.
 */

import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { AccountIdentity } from '../alerts/account-labels.js';
import { adoptPreFleet } from '../dispatch/adopt-pre-fleet.js';
import { Dispatcher } from '../dispatch/dispatcher.js';
import type { DispatchEvent } from '../dispatch/dispatch-events.js';
import type { CheckOutcome } from '../checks/check.js';
import type { Config } from './snowmon-config.js';
import type { Database } from '../ledger/database.js';
import { fromDbTime, toDbTime } from '../ledger/db-values.js';
import type { TextSink } from '../notifiers/console.js';
import { formatClockTime } from '../notifiers/format-time.js';
import type { RoutingConfig } from '../router/routing-config.js';

export interface NotifyAuditOptions {
  readonly db: Kysely<Database>;
  readonly routing: RoutingConfig;
  readonly config: Config;
  /** The audited Snowflake account, named in every message. */
  readonly account?: string;
  /** The audited account of `accounts:` (fleet mode): stamped on every alert; pre-fleet rows are adopted by it. */
  readonly fleetAccount?: AccountIdentity;
  /** Where console receivers print (stderr, so the report on stdout stays clean). */
  readonly consoleOut: TextSink;
  /** How long delivery may take in all; default 60 s. */
  readonly deadlineMs?: number;
  /** Wait for an outbox row coming due within this long (rate-limit spacing); default 5 s. */
  readonly shortWaitMs?: number;
  /** Wait for rows another process holds until their claims lapse (the deadline moves past the last), then deliver them. */
  readonly waitClaims?: boolean;
}

export interface NotifyAuditResult {
  /** One line for stderr: sent per receiver, deferred until when, failed and retrying. */
  readonly summary: string;
  /** Notifications that failed for good (dead) or are still retrying when it returned. */
  readonly failed: number;
  /** Notifications another process still held a claim on when it returned (not delivered). */
  readonly held: number;
}

/** Unsent rows claimed by another owner whose claim has not lapsed: how many, and when the last lapses. */
interface Held {
  readonly count: number;
  readonly first?: Date;
  readonly last?: Date;
}

type Final = { readonly state: 'sent' | 'retrying' | 'dead'; readonly receiver: string; readonly at?: Date };

export async function notifyAudit(outcomes: readonly CheckOutcome[], options: NotifyAuditOptions): Promise<NotifyAuditResult> {
  const finals = new Map<string, Final>();
  const deferred = new Map<string, { receiver: string; until: Date }>();
  const onEvent = (event: DispatchEvent) => {
    if (event.type === 'notification_sent') finals.set(event.id, { state: 'sent', receiver: event.receiver });
    else if (event.type === 'notification_failed') finals.set(event.id, { state: 'retrying', receiver: event.receiver, at: event.nextAttemptAt });
    else if (event.type === 'notification_dead') finals.set(event.id, { state: 'dead', receiver: event.receiver });
    else if (event.type === 'deferred') deferred.set(`${event.groupKey}\u0000${event.receiver}`, { receiver: event.receiver, until: event.until });
  };
  const owner = `${hostname()}:${process.pid}:audit-notify`;
  const alerting = new Dispatcher({
    db: options.db,
    routing: options.routing,
    runbooks: options.config.runbooks,
    ...(options.account !== undefined ? { account: options.account } : {}),
    accounts: options.config.accounts.map((a) => ({ name: a.name, labels: a.labels })),
    notifierDeps: { timeZone: options.routing.timezone, out: options.consoleOut },
    owner,
    onEvent,
  });
  const started = Date.now();
  let deadline = started + (options.deadlineMs ?? 60_000);
  let enqueued: number;
  let held: Held;
  try {
    const now = new Date();
    if (options.fleetAccount !== undefined) await adoptPreFleet(options.db, options.fleetAccount, options.routing);
    await alerting.ingest(outcomes, now, options.fleetAccount);
    enqueued = (await alerting.flush(now, { ignoreGroupWait: true })).enqueued;
    for (;;) {
      while (Date.now() < deadline) {
        const pass = await alerting.deliver(new Date());
        if (pass.claimed > 0) continue;
        const next = await nextOutboxAttempt(options.db);
        const wait = next === undefined ? Infinity : next.getTime() - Date.now();
        if (wait > (options.shortWaitMs ?? 5_000) || Date.now() + Math.max(wait, 0) >= deadline) break;
        await sleep(Math.max(wait, 50));
      }
      held = await heldByOthers(options.db, owner, new Date());
      if (!options.waitClaims || held.first === undefined) break;
      // A lapsed claim is claimable again: wait for the first to lapse, deliver, and look again.
      deadline = Math.max(deadline, held.last!.getTime() + (options.deadlineMs ?? 60_000));
      await sleep(Math.max(held.first.getTime() - Date.now() + 10, 10));
    }
  } finally {
    await alerting.close();
  }
  return summarize(enqueued, finals, deferred, held, options, Date.now() >= deadline);
}

/** Rows in `sending` whose claim, held by an owner other than `owner`, lapses after `now`. */
async function heldByOthers(db: Kysely<Database>, owner: string, now: Date): Promise<Held> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('lease_expires_at').as('first'), eb.fn.max('lease_expires_at').as('last')])
    .where('status', '=', 'sending')
    .where('lease_owner', '!=', owner)
    .where('lease_expires_at', '>', toDbTime(now))
    .executeTakeFirst();
  const count = Number(row?.n ?? 0);
  if (count === 0 || typeof row?.first !== 'string' || typeof row.last !== 'string') return { count: 0 };
  return { count, first: fromDbTime(row.first), last: fromDbTime(row.last) };
}

/** When the earliest pending or retrying outbox row is due. */
async function nextOutboxAttempt(db: Kysely<Database>): Promise<Date | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('next_attempt_at').as('at'))
    .where('status', 'in', ['pending', 'failed'])
    .executeTakeFirst();
  return typeof row?.at === 'string' ? fromDbTime(row.at) : undefined;
}

function summarize(
  enqueued: number,
  finals: ReadonlyMap<string, Final>,
  deferred: ReadonlyMap<string, { receiver: string; until: Date }>,
  held: Held,
  options: NotifyAuditOptions,
  timedOut: boolean,
): NotifyAuditResult {
  const store = options.config.store.display;
  const all = [...finals.values()];
  const sent = all.filter((f) => f.state === 'sent');
  const retrying = all.filter((f) => f.state === 'retrying');
  const dead = all.filter((f) => f.state === 'dead');
  const unsent = Math.max(0, enqueued - all.length);
  const parts: string[] = [];
  parts.push(sent.length > 0 ? `sent ${sent.length} (${perReceiver(sent.map((f) => f.receiver))})` : 'sent nothing new');
  if (deferred.size > 0) {
    const entries = [...deferred.values()];
    const until = new Date(Math.min(...entries.map((d) => d.until.getTime())));
    parts.push(`deferred ${entries.length} until ${until.toISOString()} (${perReceiver(entries.map((d) => d.receiver))})`);
  }
  if (retrying.length > 0) {
    const next = new Date(Math.min(...retrying.map((f) => f.at?.getTime() ?? Infinity)));
    parts.push(`${retrying.length} failed, retrying from ${next.toISOString()} (${perReceiver(retrying.map((f) => f.receiver))})`);
  }
  if (dead.length > 0) parts.push(`${dead.length} failed for good (${perReceiver(dead.map((f) => f.receiver))})`);
  if (unsent > 0) parts.push(`${unsent} not attempted${timedOut ? ' before the deadline' : ' yet'}`);
  if (held.last !== undefined) {
    parts.push(
      `${held.count} held until ${formatClockTime(held.last, options.routing.timezone)} by another process's claim ` +
        '(a run that stopped mid-send?); --wait-claims waits and delivers them',
    );
  }
  const waiting = deferred.size > 0 || retrying.length > 0 || unsent > 0 || held.count > 0;
  const tail = waiting ? `; these stay in the store ${store} for the next run or the daemon` : '';
  return { summary: `notify: ${parts.join('; ')}${tail}`, failed: retrying.length + dead.length, held: held.count };
}

function perReceiver(receivers: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const r of receivers) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${r} ${n}`).join(', ');
}
